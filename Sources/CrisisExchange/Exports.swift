import CrisisModel
import CrisisStorage
import Foundation

/// Files out: counts and contacts for spreadsheets and phones, and the whole store as JSON.
/// Every export reads back with the matching import to the same data.
public enum Export {
    // MARK: Counts

    public static let countsHeader = ["country", "country name", "kind", "value", "as-of", "source"]

    /// The figures held (with `history`, every recorded change, oldest first), one per row.
    public static func countsCSV(
        _ world: World, names: CountryNames, history: Bool = false, byteOrderMark: Bool = false
    ) -> Data {
        var rows: [[String]] = []
        for code in world.countries.keys.sorted() {
            let country = world.countries[code]!
            if history {
                // One row per kind and time: a later change at the same instant replaced an earlier one.
                var last: [String: Int] = [:]
                var picked: [CountChange] = []
                for change in country.countHistory {
                    let key = "\(change.kind.rawValue)|\(Timestamp.string(change.at))"
                    if let i = last[key] {
                        picked[i] = change
                    } else {
                        last[key] = picked.count
                        picked.append(change)
                    }
                }
                for c in picked {
                    rows.append([
                        code, names.name(code), c.kind.label, String(c.value), DateText.string(c.at),
                        CSVOutput.protect(c.source),
                    ])
                }
            } else {
                for kind in CountKind.allCases {
                    guard let v = country.counts[kind] else { continue }
                    rows.append([
                        code, names.name(code), kind.label, String(v.value), DateText.string(v.asOf),
                        CSVOutput.protect(v.source),
                    ])
                }
            }
        }
        return CSVOutput.render(header: countsHeader, rows: rows, byteOrderMark: byteOrderMark)
    }

    // MARK: Contacts

    public static let contactsHeader = [
        "id", "name", "organisation", "organisation kind", "role", "country", "city", "phones", "email",
        "messaging", "time zone", "languages", "duty", "call order", "last verified", "notes",
    ]

    public static func contactsCSV(_ contacts: [Contact], byteOrderMark: Bool = false) -> Data {
        let rows = contacts.map { c -> [String] in
            [
                c.id, c.name, c.organisation, c.organisationKind.rawValue, c.role, c.country, c.city,
                c.phones.joined(separator: "; "), c.email,
                c.messaging, c.timeZone, c.languages.joined(separator: "; "), c.duty.rawValue, String(c.callOrder),
                c.lastVerified.map(Timestamp.string) ?? "", c.notes,
            ].map(CSVOutput.protect)
        }
        return CSVOutput.render(header: contactsHeader, rows: rows, byteOrderMark: byteOrderMark)
    }

    /// vCard 3.0 (RFC 2426), which Android, iOS and Google all read; CrisisCell's own fields ride in X-CRISISCELL-*.
    public static func contactsVCF(_ contacts: [Contact], names: CountryNames) -> Data {
        var out = ""
        for c in contacts {
            var lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//CrisisCell//EN"]
            lines.append("FN:" + VCard.escape(c.name))
            lines.append("N:" + nameParts(c).map(VCard.escape).joined(separator: ";"))
            if !c.organisation.isEmpty { lines.append("ORG:" + VCard.escape(c.organisation)) }
            if !c.role.isEmpty { lines.append("TITLE:" + VCard.escape(c.role)) }
            for (i, p) in c.phones.enumerated() {
                lines.append("TEL;TYPE=VOICE" + (i == 0 ? ",PREF" : "") + ":" + VCard.escape(p))
            }
            if !c.email.isEmpty { lines.append("EMAIL;TYPE=INTERNET:" + VCard.escape(c.email)) }
            lines.append(
                "ADR;TYPE=\(c.addressType ?? "WORK"):;;;" + VCard.escape(c.city) + ";;;"
                    + VCard.escape(names.name(c.country)))
            if !c.notes.isEmpty { lines.append("NOTE:" + VCard.escape(c.notes)) }
            lines.append("X-CRISISCELL-ID:" + VCard.escape(c.id))
            lines.append("X-CRISISCELL-COUNTRY:" + c.country)
            lines.append("X-CRISISCELL-KIND:" + c.organisationKind.rawValue)
            lines.append("X-CRISISCELL-TIMEZONE:" + VCard.escape(c.timeZone))
            lines.append("X-CRISISCELL-DUTY:" + c.duty.rawValue)
            lines.append("X-CRISISCELL-CALL-ORDER:\(c.callOrder)")
            if !c.messaging.isEmpty { lines.append("X-CRISISCELL-MESSAGING:" + VCard.escape(c.messaging)) }
            if !c.languages.isEmpty {
                lines.append("X-CRISISCELL-LANGUAGES:" + c.languages.map(VCard.escape).joined(separator: ","))
            }
            if let v = c.lastVerified { lines.append("X-CRISISCELL-LAST-VERIFIED:" + Timestamp.string(v)) }
            lines.append("END:VCARD")
            out += lines.map(VCard.fold).joined()
        }
        return Data(out.utf8)
    }

    /// N's five parts: the card's own while its name still holds each of them (a renamed contact's old family
    /// name must not come back), else the whole name as the given name.
    static func nameParts(_ c: Contact) -> [String] {
        if let parts = c.nameParts, parts.count == 5, parts.allSatisfy({ $0.isEmpty || c.name.contains($0) }) {
            return parts
        }
        return ["", c.name, "", "", ""]
    }

    /// Contacts in a stable order: by country, call-down order, name, id.
    public static func orderedContacts(_ world: World) -> [Contact] {
        world.contacts.values.sorted {
            ($0.country, $0.callOrder, $0.name, $0.id) < ($1.country, $1.callOrder, $1.name, $1.id)
        }
    }

    // MARK: Everything

    public static func allJSON(_ store: Store, now: Date) throws -> Data {
        var data = try JSONCoding.encoder(pretty: true).encode(
            StoreExport(seq: store.seq, exportedAt: Timestamp.rounded(now), world: store.world))
        data.append(10)
        return JSONCoding.escapingInvisibles(data)
    }
}

/// `crisiscell export all`: the whole world and the number of the last operation in it.
public struct StoreExport: Codable, Sendable {
    public static let format = "crisiscell-export"
    public static let currentSchema = 1
    public var format: String
    public var schemaVersion: Int
    public var seq: Int
    public var exportedAt: Date
    public var world: World

    public init(seq: Int, exportedAt: Date, world: World) {
        self.format = Self.format
        self.schemaVersion = Self.currentSchema
        self.seq = seq
        self.exportedAt = exportedAt
        self.world = world
    }

    /// Reads an export (or a snapshot.json, which has the same shape) and checks that the world in it obeys
    /// every rule the store enforces, so nothing invalid enters through the back door.
    public static func read(_ text: String, file: String) throws(ExchangeError) -> Store {
        let data = Data(text.utf8)
        if let f = StrictJSON.validate(data) {
            throw ExchangeError(file: file, line: f.line, "is not JSON: column \(f.column): \(f.message)")
        }
        struct Header: Decodable {
            var format: String?
            var schemaVersion: Int?
        }
        let decoder = JSONCoding.decoder()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw ExchangeError(
                file: file, line: SnapshotFile.lineOf(error, in: data), "is not JSON: \(JSONCoding.describe(error))")
        }
        guard header.format == format || header.format == SnapshotFile.format else {
            throw ExchangeError(
                file: file,
                "is not a CrisisCell export (format is \(header.format.map { "'\($0)'" } ?? "missing"); "
                    + "expected '\(format)' from 'crisiscell export all')")
        }
        if let v = header.schemaVersion, v > currentSchema {
            throw ExchangeError(
                file: file, "was written by a newer CrisisCell (schema \(v); this one reads up to \(currentSchema))")
        }
        struct Body: Decodable {
            var seq: Int
            var world: World
        }
        let body: Body
        do { body = try decoder.decode(Body.self, from: data) } catch {
            throw ExchangeError(file: file, line: SnapshotFile.lineOf(error, in: data), JSONCoding.describe(error))
        }
        try check(body.world, seq: body.seq, file: file, data: data)
        return Store(world: body.world, seq: body.seq)
    }

    /// Everything the store enforces, the rules of which counts contain which included: nothing enters by the
    /// back door. The first problem, at its line.
    static func check(_ w: World, seq: Int, file: String, data: Data? = nil) throws(ExchangeError) {
        guard let first = WorldCheck.problems(in: w, seq: seq).first else { return }
        throw ExchangeError(file: file, line: data.flatMap { JSONLocator.line(of: first.path, in: $0) }, "\(first)")
    }
}
