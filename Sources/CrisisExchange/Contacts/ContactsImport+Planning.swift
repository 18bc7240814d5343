import CrisisModel
import Foundation

/// Planning an import: each draft matched to the roster by its stable key, and what saving it would change.
extension ContactsImport {

    /// The stable key of a contact: "email:<address in lower case>", else "tel:<first phone in E.164>".
    public static func key(email: String, phones: [String], country: String) -> String? {
        let e = email.trimmingCharacters(in: .whitespaces).lowercased()
        if !e.isEmpty { return "email:" + e }
        for p in phones { if let n = CallingCode.e164(p, country: country) { return "tel:" + n } }
        return nil
    }

    /// A short id from the key, so the same person imported twice (or by two people) gets the same id.
    public static func stableId(for key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
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
    public static func plan(
        file: String, drafts: [ContactDraft], ignored: [String] = [], store: Store, countries: CountryNames,
        options: Options = Options(), now: Date
    ) -> ContactsPlan {
        var planner = ContactsPlanner(world: store.world, countries: countries, options: options)
        for draft in drafts { planner.take(draft) }
        let operations = planner.operations(file: file, store: store, now: now)
        return ContactsPlan(file: file, lines: planner.lines, ignoredColumns: ignored, operations: operations)
    }

    /// The file's values win where it gives one; phones and languages are joined; notes are added to, never lost.
    static func merge(
        _ base: Contact, with d: ContactDraft, name: String, country: String, phones: [String], email: String,
        timeZone: String, notes: String?
    ) -> Contact {
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
        if let v = d.nameParts { c.nameParts = v }
        if let v = d.addressType { c.addressType = v == "WORK" ? nil : v }
        if let v = notes, !v.isEmpty, !c.notes.contains(v) { c.notes = c.notes.isEmpty ? v : c.notes + "\n" + v }
        return c
    }

    /// "role 'Counsellor' → 'First secretary'", "phones + +961 3 000 002".
    public static func changes(from a: Contact, to b: Contact) -> [String] {
        var out: [String] = []
        func field(_ label: String, _ x: String, _ y: String) { if x != y { out.append("\(label) '\(x)' → '\(y)'") } }
        field("name", a.name, b.name)
        field("name parts", (a.nameParts ?? []).joined(separator: ";"), (b.nameParts ?? []).joined(separator: ";"))
        field("address", a.addressType ?? "WORK", b.addressType ?? "WORK")
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
        if a.lastVerified != b.lastVerified {
            out.append("last verified " + (b.lastVerified.map(DateText.string) ?? "cleared"))
        }
        if a.notes != b.notes { out.append("notes added to") }
        return out
    }
}
