import CrisisModel
import Foundation

/// Contacts from a CSV with a header row (CrisisCell's own export, Google Contacts old and new, Outlook)
/// or from vCards (2.1, 3.0, 4.0 as Android, iOS and Google write them), de-duplicated on a stable key:
/// the e-mail address, else the first phone number in E.164.
public enum ContactsImport {
    public enum Format: String, Sendable, CaseIterable { case csv, vcf }

    /// By the file's extension, else by its first line.
    public static func guessFormat(path: String, text: String) -> Format {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "vcf" || ext == "vcard" { return .vcf }
        if ext == "csv" || ext == "txt" || ext == "tsv" { return .csv }
        let head = text.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return head.hasPrefix("BEGIN:VCARD") ? .vcf : .csv
    }

    // MARK: CSV

    static let csvColumns: [String: [String]] = [
        "id": ["id", "contactid"],
        "name": ["name", "fullname", "displayname"],
        "given": ["givenname", "firstname"],
        "middle": ["additionalname", "middlename"],
        "family": ["familyname", "lastname", "surname"],
        "prefix": ["nameprefix"],
        "suffix": ["namesuffix"],
        "organisation": ["organisation", "organization", "org", "company", "organization1name", "organizationname"],
        "organisationKind": ["organisationkind", "organizationkind", "kind", "orgkind"],
        "role": ["role", "jobtitle", "position", "organization1title", "organizationtitle"],
        "country": [
            "country", "countrycode", "address1country", "businesscountryregion", "homecountryregion", "countryregion",
        ],
        "city": ["city", "address1city", "businesscity", "homecity"],
        "phones": [
            "phones", "phone", "phonenumber", "telephone", "mobile", "mobilephone", "businessphone", "businessphone2",
            "homephone", "primaryphone", "otherphone",
        ],
        "emails": ["email", "emails", "emailaddress", "email2address", "email3address"],
        "messaging": ["messaging", "messenger"],
        "timeZone": ["timezone", "tz"],
        "languages": ["languages", "language"],
        "duty": ["duty", "dutystatus"],
        "callOrder": ["callorder", "calldownorder", "order"],
        "lastVerified": ["lastverified", "verified", "verifiedon"],
        "notes": ["notes", "note"],
    ]

    static func column(for folded: String) -> String? {
        if let hit = csvColumns.first(where: { $0.value.contains(folded) })?.key { return hit }
        // Google's numbered columns: "Phone 1 - Value", "E-mail 2 - Value".
        if folded.hasPrefix("phone"), folded.hasSuffix("value"), folded.dropFirst(5).dropLast(5).allSatisfy(\.isNumber)
        {
            return "phones"
        }
        if folded.hasPrefix("email"), folded.hasSuffix("value"), folded.dropFirst(5).dropLast(5).allSatisfy(\.isNumber)
        {
            return "emails"
        }
        return nil
    }

    public static func readCSV(text: String, file: String, progress: ImportProgress? = nil) throws(ExchangeError) -> (
        drafts: [ContactDraft], ignored: [String]
    ) {
        let table = try CSVTable.parse(
            text, file: file, score: { h in h.filter { column(for: $0) != nil }.count }, progress: progress)
        var positions: [String: [Int]] = [:]
        var ignored: [String] = []
        for (i, h) in table.foldedHeader.enumerated() {
            if let c = column(for: h) {
                positions[c, default: []].append(i)
            } else if !table.header[i].isEmpty {
                ignored.append(table.header[i])
            }
        }
        guard positions["name"] != nil || positions["given"] != nil || positions["family"] != nil else {
            throw ExchangeError(
                file: file, line: table.headerLine,
                "no name column in the header row (found: \(table.header.joined(separator: String(table.delimiter)))). "
                    + "Expected a header such as name, organisation, role, country, phones, email (or a Google Contacts export)"
            )
        }
        var drafts: [ContactDraft] = []
        for record in table.records where !record.isBlank {
            let f = record.fields
            var d = ContactDraft(line: record.line)
            func cells(_ name: String) -> [String] {
                (positions[name] ?? []).compactMap {
                    $0 < f.count ? CSVOutput.unprotect(f[$0].trimmingCharacters(in: .whitespaces)) : nil
                }
                .filter { !$0.isEmpty }
            }
            func cell(_ name: String) -> String? { cells(name).first }
            if f.count > table.header.count,
                f[table.header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            {
                d.problems.append(
                    "\(f.count) fields but the header has \(table.header.count) (an unquoted '\(table.delimiter)' inside a value?)"
                )
            }
            d.id = cell("id")
            if let name = cell("name") {
                d.name = name
            } else {
                let parts = ["prefix", "given", "middle", "family", "suffix"].compactMap(cell)
                if !parts.isEmpty { d.name = parts.joined(separator: " ") }
            }
            d.organisation = cell("organisation")
            d.role = cell("role")
            d.country = cell("country")
            d.city = cell("city")
            d.phones = cells("phones").flatMap { splitList($0) }
            d.emails = cells("emails").flatMap { splitList($0, commas: true) }
            d.messaging = cell("messaging")
            d.timeZone = cell("timeZone")
            if let l = cell("languages") { d.languages = splitList(l, commas: true) }
            d.notes = positions["notes"] == nil ? nil : cells("notes").joined(separator: "\n")
            if d.notes == "" { d.notes = nil }
            if let k = cell("organisationKind") {
                if let kind = OrganisationKind(parsing: k) {
                    d.organisationKind = kind
                } else {
                    d.problems.append(
                        "'\(k)' is not an organisation kind (one of: \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
            }
            if let s = cell("duty") {
                if let duty = DutyStatus(parsing: s) {
                    d.duty = duty
                } else {
                    d.problems.append(
                        "'\(s)' is not a duty status (one of: \(DutyStatus.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
            }
            if let s = cell("callOrder") {
                if let n = Int(s), (0...999).contains(n) {
                    d.callOrder = n
                } else {
                    d.problems.append("call-down order '\(s)' is not a number from 0 to 999")
                }
            }
            if let s = cell("lastVerified") {
                if let date = DateText.parse(s) {
                    d.lastVerified = Timestamp.rounded(date)
                } else {
                    d.problems.append("last verified '\(s)' is not a date")
                }
            }
            drafts.append(d)
        }
        return (drafts, ignored)
    }

    /// Google separates several values in one cell with " ::: "; CrisisCell's own export with "; ".
    static func splitList(_ s: String, commas: Bool = false) -> [String] {
        var parts = [s]
        for sep in [":::", ";"] + (commas ? [","] : []) { parts = parts.flatMap { $0.components(separatedBy: sep) } }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: vCard

    public static func readVCards(text: String, file: String) throws(ExchangeError) -> [ContactDraft] {
        try VCard.parse(text, file: file).map(draft(from:))
    }

    static func draft(from card: VCard) -> ContactDraft {
        var d = ContactDraft(line: card.line)
        func x(_ name: String) -> String? {
            card.first("X-CRISISCELL-" + name).map { $0.text.trimmingCharacters(in: .whitespaces) }.flatMap {
                $0.isEmpty ? nil : $0
            }
        }
        d.id = x("ID")
        if let fn = card.first("FN")?.text.trimmingCharacters(in: .whitespaces), !fn.isEmpty {
            d.name = fn
        } else if let n = card.first("N")?.components {
            // N: family; given; additional; prefix; suffix.
            func at(_ i: Int) -> String { i < n.count ? n[i].trimmingCharacters(in: .whitespaces) : "" }
            let parts = [at(3), at(1), at(2), at(0), at(4)].filter { !$0.isEmpty }
            if !parts.isEmpty { d.name = parts.joined(separator: " ") }
        }
        if let org = card.first("ORG")?.components.map({ $0.trimmingCharacters(in: .whitespaces) }).filter({
            !$0.isEmpty
        }), !org.isEmpty {
            d.organisation = org.joined(separator: ", ")
        }
        if d.name == nil, let org = d.organisation { d.name = org }
        if let title = card.first("TITLE")?.text.trimmingCharacters(in: .whitespaces), !title.isEmpty {
            d.role = title
        } else if let role = card.first("ROLE")?.text.trimmingCharacters(in: .whitespaces), !role.isEmpty {
            d.role = role
        }
        // Preferred numbers first, otherwise in the card's order.
        let tels = card.all("TEL")
        let preferred = tels.filter { $0.types.contains("PREF") || $0.parameters["PREF"] != nil }
        for t in preferred + tels.filter({ p in !preferred.contains(p) }) {
            var v = t.text.trimmingCharacters(in: .whitespaces)
            if v.lowercased().hasPrefix("tel:") { v = String(v.dropFirst(4)) }
            if let cut = v.firstIndex(of: ";") { v = String(v[..<cut]) }
            if !v.isEmpty { d.phones.append(v) }
        }
        let mails = card.all("EMAIL")
        let preferredMail = mails.filter { $0.types.contains("PREF") || $0.parameters["PREF"] != nil }
        for m in preferredMail + mails.filter({ p in !preferredMail.contains(p) }) {
            var v = m.text.trimmingCharacters(in: .whitespaces)
            if v.lowercased().hasPrefix("mailto:") { v = String(v.dropFirst(7)) }
            if !v.isEmpty { d.emails.append(v) }
        }
        // The first address that names a country gives country and city; iOS adds its ISO code as X-ABADR.
        let addresses = card.all("ADR")
        func country(of adr: VCardProperty) -> String? {
            let c = adr.components
            if c.count > 6, !c[6].trimmingCharacters(in: .whitespaces).isEmpty {
                return c[6].trimmingCharacters(in: .whitespaces)
            }
            if !adr.group.isEmpty,
                let iso = card.properties.first(where: { $0.group == adr.group && $0.name == "X-ABADR" })?.text,
                !iso.isEmpty
            {
                return iso
            }
            return nil
        }
        if let chosen = addresses.first(where: { country(of: $0) != nil }) ?? addresses.first {
            let c = chosen.components
            if c.count > 3, !c[3].trimmingCharacters(in: .whitespaces).isEmpty {
                d.city = c[3].trimmingCharacters(in: .whitespaces)
            }
            d.country = country(of: chosen)
            // iOS writes the country in the phone's language; its ISO code is the safer guess.
            if !chosen.group.isEmpty,
                let iso = card.properties.first(where: { $0.group == chosen.group && $0.name == "X-ABADR" })?.text,
                iso.count == 2
            {
                d.country = iso.uppercased()
            }
        }
        if let code = x("COUNTRY") { d.country = code }
        if let city = x("CITY") { d.city = city }
        if let note = card.first("NOTE")?.text, !note.isEmpty { d.notes = note }
        if let k = x("KIND") {
            if let kind = OrganisationKind(parsing: k) {
                d.organisationKind = kind
            } else {
                d.problems.append("'\(k)' is not an organisation kind")
            }
        }
        if let s = x("DUTY") {
            if let duty = DutyStatus(parsing: s) {
                d.duty = duty
            } else {
                d.problems.append("'\(s)' is not a duty status")
            }
        }
        if let s = x("CALL-ORDER") {
            if let n = Int(s), (0...999).contains(n) {
                d.callOrder = n
            } else {
                d.problems.append("call-down order '\(s)' is not a number from 0 to 999")
            }
        }
        if let s = x("LAST-VERIFIED") {
            if let date = DateText.parse(s) {
                d.lastVerified = Timestamp.rounded(date)
            } else {
                d.problems.append("last verified '\(s)' is not a date")
            }
        }
        d.messaging = x("MESSAGING")
        if let tz = x("TIMEZONE") {
            d.timeZone = tz
        } else if let tz = card.first("TZ")?.text.trimmingCharacters(in: .whitespaces), TimeZone(identifier: tz) != nil,
            tz.contains("/")
        {
            d.timeZone = tz
        }
        d.notices = card.properties.compactMap { p in p.notice.map { "\(p.name): \($0)" } }
        if let langs = x("LANGUAGES") {
            d.languages = splitList(langs, commas: true)
        } else {
            let langs = card.all("LANG").map { $0.text.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !langs.isEmpty { d.languages = langs }
        }
        return d
    }

    /// Reads a file of either format and plans the import.
    public static func prepare(
        text: String, file: String, format: Format, store: Store, countries: CountryNames,
        options: Options = Options(), now: Date, progress: ImportProgress? = nil
    ) throws(ExchangeError) -> ContactsPlan {
        switch format {
        case .csv:
            let read = try readCSV(text: text, file: file, progress: progress)
            return plan(
                file: file, drafts: read.drafts, ignored: read.ignored, store: store, countries: countries,
                options: options, now: now)
        case .vcf:
            return plan(
                file: file, drafts: try readVCards(text: text, file: file), store: store, countries: countries,
                options: options, now: now)
        }
    }
}

extension OrganisationKind {
    public init?(parsing text: String) {
        let key = CSVTable.fold(text)
        guard let k = OrganisationKind.allCases.first(where: { CSVTable.fold($0.rawValue) == key }) else { return nil }
        self = k
    }
}

extension DutyStatus {
    public init?(parsing text: String) {
        let key = CSVTable.fold(text)
        guard let k = DutyStatus.allCases.first(where: { CSVTable.fold($0.rawValue) == key }) else { return nil }
        self = k
    }
}
