import Foundation

/// A contact as a file gives it: nil fields were not in the file (a merge leaves them as they are).
public struct ContactDraft: Equatable, Sendable {
    public var line: Int
    public var id: String?
    public var name: String?
    public var organisation: String?
    public var organisationKind: OrganisationKind?
    public var role: String?
    /// As written: a code or a name.
    public var country: String?
    public var city: String?
    public var phones: [String] = []
    public var emails: [String] = []
    public var messaging: String?
    public var timeZone: String?
    public var languages: [String]?
    public var duty: DutyStatus?
    public var callOrder: Int?
    public var lastVerified: Date?
    public var notes: String?
    /// Why the line cannot be taken (a bad duty, a date that is no date, …).
    public var problems: [String] = []
    /// How the line was read where the file left it open, for the preview (a charset guessed, …).
    public var notices: [String] = []

    public init(line: Int) { self.line = line }
}

/// What an import would do with one contact of the file.
public enum ContactImportStatus: Equatable, Sendable {
    case new(Contact)
    /// Merged into a contact the store holds; the fields that change.
    case merge(into: Contact, result: Contact, changes: [String])
    /// Same as a contact the store holds.
    case unchanged(id: String)
    /// Folded into an earlier line of the same file.
    case duplicate(ofLine: Int, reason: String)
    case rejected(String)

    public var word: String {
        switch self {
        case .new: return "new"
        case .merge: return "merge"
        case .unchanged: return "unchanged"
        case .duplicate: return "duplicate"
        case .rejected: return "rejected"
        }
    }
}

public struct ContactsPlan: Sendable {
    public struct Line: Sendable {
        public var line: Int
        public var status: ContactImportStatus
        /// What the preview should say besides: a country read from the phone's calling code, a charset
        /// guessed, control characters taken out.
        public var notes: [String] = []
        public init(line: Int, status: ContactImportStatus, notes: [String] = []) { self.line = line; self.status = status; self.notes = notes }
    }
    public var file: String
    public var lines: [Line]
    public var ignoredColumns: [String]
    public var operations: [StoreOperation]

    public func count(_ word: String) -> Int { lines.filter { $0.status.word == word }.count }
    public var rejected: [Line] { lines.filter { $0.status.word == "rejected" } }

    public var summary: String {
        "\(lines.count) contact\(lines.count == 1 ? "" : "s"): \(count("new")) new, \(count("merge")) merged into existing, "
            + "\(count("unchanged")) unchanged, \(count("duplicate")) duplicates within the file, \(count("rejected")) rejected"
    }

    public func preview(verbose: Bool = false, limit: Int = 50) -> String {
        var out = ["\(file): \(summary)"]
        if !ignoredColumns.isEmpty { out.append("ignored columns: " + ignoredColumns.joined(separator: ", ")) }
        let width = String(lines.map(\.line).max() ?? 0).count
        for word in ["rejected", "merge", "new", "duplicate", "unchanged"] {
            let group = lines.filter { $0.status.word == word }
            if group.isEmpty || (word == "unchanged" && !verbose) { continue }
            // Rejected rows are what a person must fix: up to 200 of them, the others up to `limit`.
            let shown = verbose ? group : Array(group.prefix(word == "rejected" ? max(limit, 200) : limit))
            for l in shown { out.append(describe(l, width: width)) }
            if shown.count < group.count { out.append("  … and \(group.count - shown.count) more (--verbose lists them)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func describe(_ l: Line, width: Int) -> String {
        let notes = l.notes.isEmpty ? "" : " · " + l.notes.joined(separator: " · ")
        return describeStatus(l, width: width) + notes
    }

    private func describeStatus(_ l: Line, width: Int) -> String {
        let number = String(l.line)
        let head = "  line " + String(repeating: " ", count: max(0, width - number.count)) + number + "  " + l.status.word.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
        switch l.status {
        case .new(let c):
            let org = c.organisation.isEmpty ? "" : " (\(c.organisation))"
            return head + "\(c.name)\(org), \(c.country), id \(c.id)"
        case .merge(let old, _, let changes):
            return head + "into \(old.id) \(old.name): " + changes.joined(separator: "; ")
        case .unchanged(let id): return head + "same as \(id)"
        case .duplicate(let line, let reason): return head + "merged with line \(line) (\(reason))"
        case .rejected(let reason): return head + reason
        }
    }
}

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
        "country": ["country", "countrycode", "address1country", "businesscountryregion", "homecountryregion", "countryregion"],
        "city": ["city", "address1city", "businesscity", "homecity"],
        "phones": ["phones", "phone", "phonenumber", "telephone", "mobile", "mobilephone", "businessphone", "businessphone2",
                   "homephone", "primaryphone", "otherphone"],
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
        if folded.hasPrefix("phone"), folded.hasSuffix("value"), folded.dropFirst(5).dropLast(5).allSatisfy(\.isNumber) { return "phones" }
        if folded.hasPrefix("email"), folded.hasSuffix("value"), folded.dropFirst(5).dropLast(5).allSatisfy(\.isNumber) { return "emails" }
        return nil
    }

    public static func readCSV(text: String, file: String, progress: ImportProgress? = nil) throws(ExchangeError) -> (drafts: [ContactDraft], ignored: [String]) {
        let table = try CSVTable.parse(text, file: file, score: { h in h.filter { column(for: $0) != nil }.count }, progress: progress)
        var positions: [String: [Int]] = [:]
        var ignored: [String] = []
        for (i, h) in table.foldedHeader.enumerated() {
            if let c = column(for: h) { positions[c, default: []].append(i) } else if !table.header[i].isEmpty { ignored.append(table.header[i]) }
        }
        guard positions["name"] != nil || positions["given"] != nil || positions["family"] != nil else {
            throw ExchangeError(file: file, line: table.headerLine,
                "no name column in the header row (found: \(table.header.joined(separator: String(table.delimiter)))). "
                + "Expected a header such as name, organisation, role, country, phones, email (or a Google Contacts export)")
        }
        var drafts: [ContactDraft] = []
        for record in table.records where !record.isBlank {
            let f = record.fields
            var d = ContactDraft(line: record.line)
            func cells(_ name: String) -> [String] {
                (positions[name] ?? []).compactMap { $0 < f.count ? CSVOutput.unprotect(f[$0].trimmingCharacters(in: .whitespaces)) : nil }
                    .filter { !$0.isEmpty }
            }
            func cell(_ name: String) -> String? { cells(name).first }
            if f.count > table.header.count, f[table.header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                d.problems.append("\(f.count) fields but the header has \(table.header.count) (an unquoted '\(table.delimiter)' inside a value?)")
            }
            d.id = cell("id")
            if let name = cell("name") { d.name = name } else {
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
                if let kind = OrganisationKind(parsing: k) { d.organisationKind = kind } else {
                    d.problems.append("'\(k)' is not an organisation kind (one of: \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            if let s = cell("duty") {
                if let duty = DutyStatus(parsing: s) { d.duty = duty } else {
                    d.problems.append("'\(s)' is not a duty status (one of: \(DutyStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            if let s = cell("callOrder") {
                if let n = Int(s), (0...999).contains(n) { d.callOrder = n } else { d.problems.append("call-down order '\(s)' is not a number from 0 to 999") }
            }
            if let s = cell("lastVerified") {
                if let date = DateText.parse(s) { d.lastVerified = Timestamp.rounded(date) } else { d.problems.append("last verified '\(s)' is not a date") }
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
            card.first("X-CRISISCELL-" + name).map { $0.text.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
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
        if let org = card.first("ORG")?.components.map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }), !org.isEmpty {
            d.organisation = org.joined(separator: ", ")
        }
        if d.name == nil, let org = d.organisation { d.name = org }
        if let title = card.first("TITLE")?.text.trimmingCharacters(in: .whitespaces), !title.isEmpty { d.role = title }
        else if let role = card.first("ROLE")?.text.trimmingCharacters(in: .whitespaces), !role.isEmpty { d.role = role }
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
            if c.count > 6, !c[6].trimmingCharacters(in: .whitespaces).isEmpty { return c[6].trimmingCharacters(in: .whitespaces) }
            if !adr.group.isEmpty, let iso = card.properties.first(where: { $0.group == adr.group && $0.name == "X-ABADR" })?.text, !iso.isEmpty { return iso }
            return nil
        }
        if let chosen = addresses.first(where: { country(of: $0) != nil }) ?? addresses.first {
            let c = chosen.components
            if c.count > 3, !c[3].trimmingCharacters(in: .whitespaces).isEmpty { d.city = c[3].trimmingCharacters(in: .whitespaces) }
            d.country = country(of: chosen)
            // iOS writes the country in the phone's language; its ISO code is the safer guess.
            if !chosen.group.isEmpty, let iso = card.properties.first(where: { $0.group == chosen.group && $0.name == "X-ABADR" })?.text, iso.count == 2 {
                d.country = iso.uppercased()
            }
        }
        if let code = x("COUNTRY") { d.country = code }
        if let city = x("CITY") { d.city = city }
        if let note = card.first("NOTE")?.text, !note.isEmpty { d.notes = note }
        if let k = x("KIND") {
            if let kind = OrganisationKind(parsing: k) { d.organisationKind = kind } else { d.problems.append("'\(k)' is not an organisation kind") }
        }
        if let s = x("DUTY") {
            if let duty = DutyStatus(parsing: s) { d.duty = duty } else { d.problems.append("'\(s)' is not a duty status") }
        }
        if let s = x("CALL-ORDER") {
            if let n = Int(s), (0...999).contains(n) { d.callOrder = n } else { d.problems.append("call-down order '\(s)' is not a number from 0 to 999") }
        }
        if let s = x("LAST-VERIFIED") {
            if let date = DateText.parse(s) { d.lastVerified = Timestamp.rounded(date) } else { d.problems.append("last verified '\(s)' is not a date") }
        }
        d.messaging = x("MESSAGING")
        if let tz = x("TIMEZONE") { d.timeZone = tz }
        else if let tz = card.first("TZ")?.text.trimmingCharacters(in: .whitespaces), TimeZone(identifier: tz) != nil, tz.contains("/") { d.timeZone = tz }
        d.notices = card.properties.compactMap { p in p.notice.map { "\(p.name): \($0)" } }
        if let langs = x("LANGUAGES") { d.languages = splitList(langs, commas: true) }
        else {
            let langs = card.all("LANG").map { $0.text.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !langs.isEmpty { d.languages = langs }
        }
        return d
    }

    // MARK: Planning

    /// The stable key of a contact: "email:<address in lower case>", else "tel:<first phone in E.164>".
    public static func key(email: String, phones: [String], country: String) -> String? {
        let e = email.trimmingCharacters(in: .whitespaces).lowercased()
        if !e.isEmpty { return "email:" + e }
        for p in phones { if let n = CallingCode.e164(p, country: country) { return "tel:" + n } }
        return nil
    }

    /// A short id from the key, so the same person imported twice (or by two people) gets the same id.
    public static func stableId(for key: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for b in key.utf8 { hash ^= UInt64(b); hash = hash &* 0x100000001b3 }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return "c-" + padded.prefix(10)
    }

    public struct Options: Sendable {
        /// For contacts whose file gives no country.
        public var defaultCountry: String?
        public init(defaultCountry: String? = nil) { self.defaultCountry = defaultCountry }
    }

    /// Resolves each draft against the store and the lines before it: new, merged, unchanged, duplicate or
    /// rejected, and the operations that would make it so (checked on a copy of the store).
    public static func plan(file: String, drafts: [ContactDraft], ignored: [String] = [], store: Store, countries: CountryNames,
                            options: Options = Options(), now: Date) -> ContactsPlan {
        let world = store.world
        // What the store holds, by id, e-mail and phone.
        var byEmail: [String: String] = [:]
        var byPhone: [String: String] = [:]
        for c in world.contacts.values.sorted(by: { $0.id < $1.id }) {
            let e = c.email.lowercased()
            if !e.isEmpty, byEmail[e] == nil { byEmail[e] = c.id }
            for p in c.phones { if let n = CallingCode.e164(p, country: c.country), byPhone[n] == nil { byPhone[n] = c.id } }
        }
        var lines: [ContactsPlan.Line] = []
        // Contacts as this import leaves them, by id, and which line produced each.
        var pending: [String: Contact] = [:]
        var pendingLine: [String: Int] = [:]
        var indexOfLine: [String: Int] = [:]
        var pendingEmail: [String: String] = [:]
        var pendingPhone: [String: String] = [:]
        var usedIds = Set(world.contacts.keys)
        func remember(_ c: Contact) {
            pending[c.id] = c
            let e = c.email.lowercased()
            if !e.isEmpty, pendingEmail[e] == nil { pendingEmail[e] = c.id }
            for p in c.phones { if let n = CallingCode.e164(p, country: c.country), pendingPhone[n] == nil { pendingPhone[n] = c.id } }
        }

        for original in drafts {
            // Control characters and bidi overrides never enter the store from a file: taken out, and said.
            var d = original
            var said = d.notices
            var cleaned: [String] = []
            func clean(_ value: inout String?, _ label: String, keepNewlines: Bool = false) {
                guard let v = value else { return }
                let c = TextCleaning.plain(v, keepNewlines: keepNewlines)
                if c != v { value = c; cleaned.append(label) }
            }
            clean(&d.name, "name")
            clean(&d.organisation, "organisation", keepNewlines: true); clean(&d.role, "role", keepNewlines: true)
            clean(&d.city, "city", keepNewlines: true); clean(&d.messaging, "messaging", keepNewlines: true)
            clean(&d.notes, "notes", keepNewlines: true)
            if !cleaned.isEmpty { said.append("control characters taken out of the " + cleaned.joined(separator: ", ")) }
            func reject(_ why: String) { lines.append(.init(line: d.line, status: .rejected(why), notes: said)) }
            if let problem = d.problems.first { reject(problem); continue }
            guard let name = d.name, !name.trimmingCharacters(in: .whitespaces).isEmpty else { reject("no name"); continue }
            var fileCountry: String? = nil
            if let text = d.country {
                guard let c = countries.code(for: text) else {
                    reject("\(name): '\(text)' is not a country (give an ISO code such as LB or an English name)"); continue
                }
                fileCountry = c
            }
            if let bad = d.phones.first(where: { !Phone.isPlausible($0) }) {
                reject("\(name): '\(bad)' is not a phone number (digits, spaces, + ( ) - . only)"); continue
            }
            let email = d.emails.first ?? ""
            if !email.isEmpty, !email.contains("@") { reject("\(name): e-mail '\(email)' has no @"); continue }

            // Whom does it match? The id when the file has one; else the e-mail, else any phone.
            let provisional = fileCountry ?? options.defaultCountry
            var matchId: String? = nil
            var reason = ""
            if let id = d.id {
                if pending[id] != nil || world.contacts[id] != nil { matchId = id; reason = "same id" }
            } else {
                let e = email.lowercased()
                if !e.isEmpty, let id = pendingEmail[e] ?? byEmail[e] { matchId = id; reason = "same e-mail" }
                else {
                    for p in d.phones {
                        guard let n = CallingCode.e164(p, country: provisional), let id = pendingPhone[n] ?? byPhone[n] else { continue }
                        // The e-mail is the key first: two people sharing a phone (a family, an office line) but
                        // with different e-mail addresses are two people.
                        if !e.isEmpty, let other = pending[id] ?? world.contacts[id], !other.email.isEmpty, other.email.lowercased() != e,
                           CSVTable.fold(other.name) != CSVTable.fold(name) { continue }
                        matchId = id; reason = "same phone \(n)"; break
                    }
                }
            }
            let base = matchId.flatMap { pending[$0] ?? world.contacts[$0] }

            // Country: the file's, else the matched contact's, else --country, else the calling code of an
            // international number (a phone's card has no address: +965 makes a Kuwait contact, and says so).
            var inferred: (code: String, from: String)? = nil
            if fileCountry == nil, base == nil, options.defaultCountry == nil {
                inferred = d.phones.lazy.compactMap { p in CallingCode.country(ofInternational: p).map { ($0, p) } }.first
                if let i = inferred { said.append("country \(i.code) from the phone's calling code (\(i.from))") }
            }
            guard let code = fileCountry ?? base?.country ?? options.defaultCountry ?? inferred?.code else {
                reject("\(name): no country in the file; give one with --country (e.g. --country LB)"); continue
            }
            var phones: [String] = []
            var phoneKeys: [String] = []
            var badPhone: String? = nil
            for p in d.phones {
                guard let n = CallingCode.e164(p, country: code) else {
                    badPhone = "\(name): phone '\(p)' has no country calling code; write it as +<code> … (the calling code of \(code) is not known here)"
                    break
                }
                if phoneKeys.contains(n) { continue }
                phones.append(p); phoneKeys.append(n)
            }
            if let badPhone { reject(badPhone); continue }
            guard let key = key(email: email, phones: phones, country: code) else {
                reject("\(name): no e-mail address or phone number to tell this contact apart"); continue
            }
            let timeZone: String
            if let tz = d.timeZone {
                guard TimeZone(identifier: tz) != nil else { reject("\(name): '\(tz)' is not an IANA time zone (e.g. Asia/Beirut)"); continue }
                timeZone = tz
            } else if let base, base.country == code {
                timeZone = base.timeZone
            } else if let tz = countries.zone(for: code) {
                timeZone = tz
            } else {
                reject("\(name): no time zone known for \(code); give one in a 'time zone' column"); continue
            }
            var notes = d.notes
            let otherEmails = d.emails.dropFirst().filter { $0.lowercased() != email.lowercased() }
            if !otherEmails.isEmpty { notes = ([notes].compactMap { $0 } + ["other e-mail: " + otherEmails.joined(separator: ", ")]).joined(separator: "\n") }

            if let id = matchId, let base {
                let merged = merge(base, with: d, name: name, country: code, phones: phones, email: email, timeZone: timeZone, notes: notes)
                if let earlier = pendingLine[id] {
                    remember(merged)
                    lines.append(.init(line: d.line, status: .duplicate(ofLine: earlier, reason: reason), notes: said))
                    // The earlier line now stands for the merged result.
                    if let i = indexOfLine[id] {
                        if let old = world.contacts[id] {
                            lines[i].status = merged == old ? .unchanged(id: id) : .merge(into: old, result: merged, changes: changes(from: old, to: merged))
                        } else {
                            lines[i].status = .new(merged)
                        }
                    }
                    continue
                }
                remember(merged); pendingLine[id] = d.line; indexOfLine[id] = lines.count
                let old = world.contacts[id]!
                lines.append(.init(line: d.line, status: merged == old ? .unchanged(id: id) : .merge(into: old, result: merged, changes: changes(from: old, to: merged)), notes: said))
                continue
            }
            var id = d.id ?? stableId(for: key)
            if d.id == nil { var n = 2; let stem = id; while usedIds.contains(id) { id = "\(stem)-\(n)"; n += 1 } }
            usedIds.insert(id)
            let contact = Contact(id: id, name: name, organisation: d.organisation ?? "", organisationKind: d.organisationKind ?? .other,
                                  role: d.role ?? "", country: code, city: d.city ?? "", phones: phones, email: email,
                                  messaging: d.messaging ?? "", timeZone: timeZone, languages: d.languages ?? [], duty: d.duty ?? .offDuty,
                                  callOrder: d.callOrder ?? 99, lastVerified: d.lastVerified, notes: notes ?? "")
            remember(contact); pendingLine[id] = d.line; indexOfLine[id] = lines.count
            lines.append(.init(line: d.line, status: .new(contact), notes: said))
        }

        // Operations, checked on a copy of the store; a contact the store refuses is rejected with the reason.
        var copy = store
        var operations: [StoreOperation] = []
        var added = 0, merged = 0
        for (i, l) in lines.enumerated() {
            let op: StoreOperation
            switch l.status {
            case .new(let c): op = .addContact(c)
            case .merge(let old, let result, _):
                // Only what the file changes, expecting the contact as the preview saw it.
                let patch = ContactPatch.difference(from: old, to: result)
                op = .patchContact(id: old.id, patch: patch, expected: patch.values(in: old))
            default: continue
            }
            do {
                guard case .change(let reduced) = try copy.prepare(op) else { continue }
                try copy.apply(JournalEntry(seq: copy.seq + 1, time: now, operator: "import", op: reduced))
                operations.append(op)
                if case .new = l.status { added += 1 } else { merged += 1 }
            } catch {
                lines[i].status = .rejected("\(error)")
            }
        }
        if !operations.isEmpty {
            operations.append(.log(crisis: nil, kind: .change,
                                   text: "imported contacts from \((file as NSString).lastPathComponent): \(added) new, \(merged) merged"))
        }
        return ContactsPlan(file: file, lines: lines, ignoredColumns: ignored, operations: operations)
    }

    /// The file's values win where it gives one; phones and languages are joined; notes are added to, never lost.
    static func merge(_ base: Contact, with d: ContactDraft, name: String, country: String, phones: [String], email: String,
                      timeZone: String, notes: String?) -> Contact {
        var c = base
        c.name = name
        if let v = d.organisation { c.organisation = v }
        if let v = d.organisationKind { c.organisationKind = v }
        if let v = d.role { c.role = v }
        c.country = country
        if let v = d.city { c.city = v }
        let known = Set(c.phones.compactMap { CallingCode.e164($0, country: c.country) })
        for p in phones where !known.contains(CallingCode.e164(p, country: country) ?? p) { c.phones.append(p) }
        if !email.isEmpty { c.email = email }
        if let v = d.messaging { c.messaging = v }
        c.timeZone = timeZone
        if let v = d.languages { for l in v where !c.languages.contains(l) { c.languages.append(l) } }
        if let v = d.duty { c.duty = v }
        if let v = d.callOrder { c.callOrder = v }
        if let v = d.lastVerified { c.lastVerified = v }
        if let v = notes, !v.isEmpty, !c.notes.contains(v) { c.notes = c.notes.isEmpty ? v : c.notes + "\n" + v }
        return c
    }

    /// "role 'Counsellor' → 'First secretary'", "phones + +961 3 000 002".
    public static func changes(from a: Contact, to b: Contact) -> [String] {
        var out: [String] = []
        func field(_ label: String, _ x: String, _ y: String) { if x != y { out.append("\(label) '\(x)' → '\(y)'") } }
        field("name", a.name, b.name)
        field("organisation", a.organisation, b.organisation)
        field("kind", a.organisationKind.rawValue, b.organisationKind.rawValue)
        field("role", a.role, b.role)
        field("country", a.country, b.country)
        field("city", a.city, b.city)
        let newPhones = b.phones.filter { !a.phones.contains($0) }
        if !newPhones.isEmpty { out.append("phones + " + newPhones.joined(separator: ", ")) }
        field("e-mail", a.email, b.email)
        field("messaging", a.messaging, b.messaging)
        field("time zone", a.timeZone, b.timeZone)
        let newLanguages = b.languages.filter { !a.languages.contains($0) }
        if !newLanguages.isEmpty { out.append("languages + " + newLanguages.joined(separator: ", ")) }
        field("duty", a.duty.rawValue, b.duty.rawValue)
        if a.callOrder != b.callOrder { out.append("call-down order \(a.callOrder) → \(b.callOrder)") }
        if a.lastVerified != b.lastVerified { out.append("last verified " + (b.lastVerified.map(DateText.string) ?? "cleared")) }
        if a.notes != b.notes { out.append("notes added to") }
        return out
    }

    /// Reads a file of either format and plans the import.
    public static func prepare(text: String, file: String, format: Format, store: Store, countries: CountryNames,
                               options: Options = Options(), now: Date, progress: ImportProgress? = nil) throws(ExchangeError) -> ContactsPlan {
        switch format {
        case .csv:
            let read = try readCSV(text: text, file: file, progress: progress)
            return plan(file: file, drafts: read.drafts, ignored: read.ignored, store: store, countries: countries, options: options, now: now)
        case .vcf:
            return plan(file: file, drafts: try readVCards(text: text, file: file), store: store, countries: countries, options: options, now: now)
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
