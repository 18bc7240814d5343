import CrisisModel
import Foundation

/// Contacts from vCards (2.1, 3.0, 4.0 as Android, iOS and Google write them): each card a draft.
extension ContactsImport {
    public static func readVCards(text: String, file: String) throws(ExchangeError) -> [ContactDraft] {
        try VCard.parse(text, file: file).map(draft(from:))
    }

    static func draft(from card: VCard) -> ContactDraft {
        var d = ContactDraft(line: card.line)
        nameAndRole(card, &d)
        reachability(card, &d)
        address(card, &d)
        cellFields(card, &d)
        return d
    }

    /// A CrisisCell field a card carries (X-CRISISCELL-NAME), when it says something.
    private static func extra(_ card: VCard, _ name: String) -> String? {
        card.first("X-CRISISCELL-" + name).map { $0.text.trimmingCharacters(in: .whitespaces) }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    private static func nameAndRole(_ card: VCard, _ d: inout ContactDraft) {
        d.id = extra(card, "ID")
        // N: family; given; additional; prefix; suffix.
        let n = card.first("N")?.components ?? []
        let parts = (0..<5).map { i in i < n.count ? n[i].trimmingCharacters(in: .whitespaces) : "" }
        if let fn = card.first("FN")?.text.trimmingCharacters(in: .whitespaces), !fn.isEmpty {
            d.name = fn
        } else {
            let ordered = [parts[3], parts[1], parts[2], parts[0], parts[4]].filter { !$0.isEmpty }
            if !ordered.isEmpty { d.name = ordered.joined(separator: " ") }
        }
        // Kept when they say more than the whole name (a family name apart): a card exported with a name typed
        // whole (N:;NAME;;;) brings nothing back, so a round trip changes nothing.
        if parts.contains(where: { !$0.isEmpty }), parts != ["", d.name ?? "", "", "", ""] { d.nameParts = parts }
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
    }

    /// Phones and e-mail addresses, preferred ones first.
    private static func reachability(_ card: VCard, _ d: inout ContactDraft) {
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
    }

    private static func address(_ card: VCard, _ d: inout ContactDraft) {
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
            // Work is what the roster assumes; a home address is said so, and an export says it again.
            d.addressType = chosen.types.contains(where: { $0.uppercased() == "HOME" }) ? "HOME" : "WORK"
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
    }

    /// What CrisisCell's own export writes as X-CRISISCELL- fields, and the card's notes, zone and languages.
    private static func cellFields(_ card: VCard, _ d: inout ContactDraft) {
        if let code = extra(card, "COUNTRY") { d.country = code }
        if let city = extra(card, "CITY") { d.city = city }
        if let note = card.first("NOTE")?.text, !note.isEmpty { d.notes = note }
        if let k = extra(card, "KIND") {
            if let kind = OrganisationKind(parsing: k) {
                d.organisationKind = kind
            } else {
                d.problems.append("'\(k)' is not an organisation kind")
            }
        }
        if let s = extra(card, "DUTY") {
            if let duty = DutyStatus(parsing: s) {
                d.duty = duty
            } else {
                d.problems.append("'\(s)' is not a duty status")
            }
        }
        if let s = extra(card, "CALL-ORDER") {
            if let n = Int(s), (0...999).contains(n) {
                d.callOrder = n
            } else {
                d.problems.append("call-down order '\(s)' is not a number from 0 to 999")
            }
        }
        if let s = extra(card, "LAST-VERIFIED") {
            if let date = DateText.parse(s) {
                d.lastVerified = Timestamp.rounded(date)
            } else {
                d.problems.append("last verified '\(s)' is not a date")
            }
        }
        d.messaging = extra(card, "MESSAGING")
        if let tz = extra(card, "TIMEZONE") {
            d.timeZone = tz
        } else if let tz = card.first("TZ")?.text.trimmingCharacters(in: .whitespaces), TimeZone(identifier: tz) != nil,
            tz.contains("/")
        {
            d.timeZone = tz
        }
        d.notices = card.properties.compactMap { p in p.notice.map { "\(p.name): \($0)" } }
        if let langs = extra(card, "LANGUAGES") {
            d.languages = splitList(langs, commas: true)
        } else {
            let langs = card.all("LANG").map { $0.text.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !langs.isEmpty { d.languages = langs }
        }
    }
}
