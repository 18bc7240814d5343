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

    /// One record of a contacts CSV as a draft: its cells by column, problems noted, nothing decided yet.
    static func draft(_ record: CSVRecord, positions: [String: [Int]], table: CSVTable) -> ContactDraft {
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
        return d
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
            drafts.append(draft(record, positions: positions, table: table))
        }
        return (drafts, ignored)
    }

    /// Google separates several values in one cell with " ::: "; CrisisCell's own export with "; ".
    static func splitList(_ s: String, commas: Bool = false) -> [String] {
        var parts = [s]
        for sep in [":::", ";"] + (commas ? [","] : []) { parts = parts.flatMap { $0.components(separatedBy: sep) } }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
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
