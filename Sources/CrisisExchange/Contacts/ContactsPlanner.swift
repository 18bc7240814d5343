import CrisisModel
import Foundation

/// One import's planning, draft by draft: each cleaned, checked, matched to the roster (or to an earlier line of
/// the same file) and turned into the contact it would leave; then the operations, checked on a copy of the store.
struct ContactsPlanner {
    let world: World
    let countries: CountryNames
    let options: ContactsImport.Options
    var lines: [ContactsPlan.Line] = []
    /// What the store holds, by e-mail and phone (E.164).
    private var byEmail: [String: String] = [:]
    private var byPhone: [String: String] = [:]
    /// Contacts as this import leaves them, by id, and which line produced each.
    private var pending: [String: Contact] = [:]
    private var pendingLine: [String: Int] = [:]
    private var indexOfLine: [String: Int] = [:]
    private var pendingEmail: [String: String] = [:]
    private var pendingPhone: [String: String] = [:]
    private var usedIds: Set<String>

    init(world: World, countries: CountryNames, options: ContactsImport.Options) {
        self.world = world
        self.countries = countries
        self.options = options
        usedIds = Set(world.contacts.keys)
        for c in world.contacts.values.sorted(by: { $0.id < $1.id }) {
            let e = c.email.lowercased()
            if !e.isEmpty, byEmail[e] == nil { byEmail[e] = c.id }
            for p in c.phones {
                if let n = CallingCode.e164(p, country: c.country), byPhone[n] == nil { byPhone[n] = c.id }
            }
        }
    }

    private mutating func remember(_ c: Contact) {
        pending[c.id] = c
        let e = c.email.lowercased()
        if !e.isEmpty, pendingEmail[e] == nil { pendingEmail[e] = c.id }
        for p in c.phones {
            if let n = CallingCode.e164(p, country: c.country), pendingPhone[n] == nil { pendingPhone[n] = c.id }
        }
    }

    /// A draft with control characters and bidi overrides taken out (they never enter the store from a file), and
    /// the notes that say so.
    private static func cleaned(_ original: ContactDraft) -> (ContactDraft, [String]) {
        var d = original
        var cleaned: [String] = []
        func clean(_ value: inout String?, _ label: String, keepNewlines: Bool = true) {
            guard let v = value else { return }
            let c = TextCleaning.plain(v, keepNewlines: keepNewlines)
            if c != v {
                value = c
                cleaned.append(label)
            }
        }
        clean(&d.name, "name", keepNewlines: false)
        clean(&d.organisation, "organisation")
        clean(&d.role, "role")
        clean(&d.city, "city")
        clean(&d.messaging, "messaging")
        clean(&d.notes, "notes")
        var said = d.notices
        if !cleaned.isEmpty { said.append("control characters taken out of the " + cleaned.joined(separator: ", ")) }
        return (d, said)
    }

    /// Takes one draft: rejected with the reason, or a new contact, or merged into the one it matches.
    mutating func take(_ original: ContactDraft) {
        var (d, said) = Self.cleaned(original)
        func reject(_ why: String) { lines.append(.init(line: d.line, status: .rejected(why), notes: said)) }
        if let problem = d.problems.first { return reject(problem) }
        guard let name = d.name, !name.trimmingCharacters(in: .whitespaces).isEmpty else { return reject("no name") }
        var fileCountry: String? = nil
        if let text = d.country {
            guard let c = countries.code(for: text) else {
                return reject("\(name): '\(text)' is not a country (give an ISO code such as LB or an English name)")
            }
            fileCountry = c
        }
        if let bad = d.phones.first(where: { !Phone.isPlausible($0) }) {
            return reject("\(name): '\(bad)' is not a phone number (digits, spaces, + ( ) - . only)")
        }
        let email = d.emails.first ?? ""
        if !email.isEmpty, !email.contains("@") { return reject("\(name): e-mail '\(email)' has no @") }
        let (matchId, reason) = match(d, name: name, email: email, country: fileCountry ?? options.defaultCountry)
        let base = matchId.flatMap { pending[$0] ?? world.contacts[$0] }

        // Country: the file's, else the matched contact's, else --country, else the calling code of an
        // international number (a phone's card has no address: +965 makes a Kuwait contact, and says so).
        var inferred: (code: String, from: String)? = nil
        if fileCountry == nil, base == nil, options.defaultCountry == nil {
            inferred = d.phones.lazy.compactMap { p in CallingCode.country(ofInternational: p).map { ($0, p) } }.first
            // Never the home country: a home number (+880) is what a national abroad keeps, and says nothing of
            // where they are.
            if let i = inferred, countries.zone(for: i.code) == world.cell.homeTimeZone {
                return reject(
                    "\(name): no address, and \(i.from) is a home number, which says nothing of where they are; give the country with --country (e.g. --country LB)"
                )
            }
            if let i = inferred { said.append("country \(i.code) from the phone's calling code (\(i.from))") }
        }
        guard let code = fileCountry ?? base?.country ?? options.defaultCountry ?? inferred?.code else {
            return reject("\(name): no country in the file; give one with --country (e.g. --country LB)")
        }
        let phones: [String]
        switch Self.phones(d.phones, country: code, name: name) {
        case .success(let list): phones = list
        case .failure(let problem): return reject(problem.description)
        }
        guard let key = ContactsImport.key(email: email, phones: phones, country: code) else {
            return reject("\(name): no e-mail address or phone number to tell this contact apart")
        }
        let timeZone: String
        switch zone(d.timeZone, base: base, country: code, name: name) {
        case .success(let tz): timeZone = tz
        case .failure(let problem): return reject(problem.description)
        }
        var notes = d.notes
        let otherEmails = d.emails.dropFirst().filter { $0.lowercased() != email.lowercased() }
        if !otherEmails.isEmpty {
            notes = ([notes].compactMap { $0 } + ["other e-mail: " + otherEmails.joined(separator: ", ")]).joined(
                separator: "\n")
        }
        let fields = ContactsImport.Resolved(
            name: name, country: code, phones: phones, email: email, timeZone: timeZone, notes: notes)
        if let id = matchId, let base {
            merge(d, into: base, id: id, fields, reason: reason, said: said)
        } else {
            add(d, key: key, fields, said: said)
        }
    }

    /// Whom a draft matches: the id when the file has one; else the e-mail, else any phone.
    private func match(_ d: ContactDraft, name: String, email: String, country: String?) -> (String?, String) {
        if let id = d.id { return pending[id] != nil || world.contacts[id] != nil ? (id, "same id") : (nil, "") }
        let e = email.lowercased()
        if !e.isEmpty, let id = pendingEmail[e] ?? byEmail[e] { return (id, "same e-mail") }
        for p in d.phones {
            guard let n = CallingCode.e164(p, country: country), let id = pendingPhone[n] ?? byPhone[n] else {
                continue
            }
            // The e-mail is the key first: two people sharing a phone (a family, an office line) but with different
            // e-mail addresses are two people.
            if !e.isEmpty, let other = pending[id] ?? world.contacts[id], !other.email.isEmpty,
                other.email.lowercased() != e,
                TextFolding.fold(other.name) != TextFolding.fold(name)
            {
                continue
            }
            return (id, "same phone \(n)")
        }
        return (nil, "")
    }

    /// The phones as given, each checked to have a calling code (known for `country` when local); repeats left out.
    private static func phones(_ given: [String], country code: String, name: String) -> Result<
        [String], ContactsImport.Refusal
    > {
        var phones: [String] = []
        var keys: [String] = []
        for p in given {
            guard let n = CallingCode.e164(p, country: code) else {
                return .failure(
                    .init(
                        description: "\(name): phone '\(p)' has no country calling code; write it as +<code> … "
                            + "(the calling code of \(code) is not known here)"))
            }
            if keys.contains(n) { continue }
            // Written as the console's form writes it: international, by the contact's country ("03 123 456" on a
            // Lebanese card is +961 3 123 456).
            let local = !p.contains("+") && !p.trimmingCharacters(in: .whitespaces).hasPrefix("00")
            phones.append(local ? CallingCode.international(p, country: code) ?? p : p)
            keys.append(n)
        }
        return .success(phones)
    }

    /// The file's time zone, else the matched contact's (same country), else the country's.
    private func zone(_ given: String?, base: Contact?, country code: String, name: String) -> Result<
        String, ContactsImport.Refusal
    > {
        if let tz = given {
            guard TimeZone(identifier: tz) != nil else {
                return .failure(.init(description: "\(name): '\(tz)' is not an IANA time zone (e.g. Asia/Beirut)"))
            }
            return .success(tz)
        }
        if let base, base.country == code { return .success(base.timeZone) }
        if let tz = countries.zone(for: code) { return .success(tz) }
        return .failure(.init(description: "\(name): no time zone known for \(code); give one in a 'time zone' column"))
    }

    private func status(_ merged: Contact, id: String) -> ContactImportStatus {
        guard let old = world.contacts[id] else { return .new(merged) }
        return merged == old
            ? .unchanged(id: id)
            : .merge(into: old, result: merged, changes: ContactsImport.changes(from: old, to: merged))
    }

    private mutating func merge(
        _ d: ContactDraft, into base: Contact, id: String, _ f: ContactsImport.Resolved, reason: String, said: [String]
    ) {
        let merged = ContactsImport.merge(
            base, with: d, name: f.name, country: f.country, phones: f.phones, email: f.email,
            timeZone: f.timeZone, notes: f.notes)
        remember(merged)
        if let earlier = pendingLine[id] {
            lines.append(.init(line: d.line, status: .duplicate(ofLine: earlier, reason: reason), notes: said))
            // The earlier line now stands for the merged result.
            if let i = indexOfLine[id] { lines[i].status = status(merged, id: id) }
            return
        }
        pendingLine[id] = d.line
        indexOfLine[id] = lines.count
        lines.append(.init(line: d.line, status: status(merged, id: id), notes: said))
    }

    private mutating func add(_ d: ContactDraft, key: String, _ f: ContactsImport.Resolved, said: [String]) {
        var id = d.id ?? ContactsImport.stableId(for: key)
        if d.id == nil {
            var n = 2
            let stem = id
            while usedIds.contains(id) {
                id = "\(stem)-\(n)"
                n += 1
            }
        }
        usedIds.insert(id)
        let contact = Contact(
            id: id, name: f.name, organisation: d.organisation ?? "", organisationKind: d.organisationKind ?? .other,
            role: d.role ?? "", country: f.country, city: d.city ?? "", phones: f.phones, email: f.email,
            messaging: d.messaging ?? "", timeZone: f.timeZone, languages: d.languages ?? [], duty: d.duty ?? .offDuty,
            callOrder: d.callOrder ?? 99, lastVerified: d.lastVerified, notes: f.notes ?? "", nameParts: d.nameParts,
            addressType: d.addressType == "WORK" ? nil : d.addressType)
        remember(contact)
        pendingLine[id] = d.line
        indexOfLine[id] = lines.count
        lines.append(.init(line: d.line, status: .new(contact), notes: said))
    }

    /// The operations, checked on a copy of the store; a contact the store refuses is rejected with the reason.
    mutating func operations(file: String, store: Store, now: Date) -> [StoreOperation] {
        var copy = store
        var operations: [StoreOperation] = []
        var added = 0
        var merged = 0
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
            operations.append(
                .log(
                    crisis: nil, kind: .change,
                    text:
                        "imported contacts from \((file as NSString).lastPathComponent): \(added) new, \(merged) merged"
                ))
        }
        return operations
    }
}

extension ContactsImport {
    /// A draft's fields once checked and settled (the country, phones, e-mail, zone and notes to keep).
    struct Resolved {
        var name: String
        var country: String
        var phones: [String]
        var email: String
        var timeZone: String
        var notes: String?
    }

    /// Why a draft is rejected, in one sentence.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }
}
