import CrisisCore
import Foundation

public struct FormErrors: Error, Equatable {
    public var form: FormState
}

/// Turns a filled form into the operations it asks for: only the fields the operator changed, each with the
/// value it expects to replace (the record's as the form last saw it), or the form back with errors beside
/// its fields.
public enum FormSave {
    public static func build(_ form: FormState, world: World, names: CountryNames, now: Date) -> Result<[StoreOperation], FormErrors> {
        var form = form
        for i in form.fields.indices { form.fields[i].error = nil }
        form.message = nil
        func trimmed(_ key: String) -> String { form[key].trimmingCharacters(in: .whitespacesAndNewlines) }
        func original(_ key: String) -> String { form.field(key)?.original ?? "" }
        func changed(_ key: String) -> Bool { form.field(key)?.changed ?? false }
        func required(_ key: String) -> String {
            let v = trimmed(key)
            if v.isEmpty { form.setError(key, "required") }
            return v
        }
        func number(_ text: String, _ key: String) -> Int? {
            let v = text.trimmingCharacters(in: .whitespaces)
            if v.isEmpty { return nil }
            guard let n = Int(v) else { form.setError(key, "a whole number"); return nil }
            if n < 0 { form.setError(key, "cannot be negative") }
            if n > CountRules.maximum { form.setError(key, "at most \(Format.number(CountRules.maximum))") }
            return n
        }
        func codes(_ text: String, _ key: String) -> [String] {
            var out: [String] = []
            for p in text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
                guard let c = names.code(for: p), !names.isLoaded || names.isKnown(c) else { form.setError(key, "'\(p)' is not a country code"); continue }
                out.append(c)
            }
            return out
        }
        if form.gone { form.message = "this record was deleted while you edited: nothing to save (Esc closes)" }

        var ops: [StoreOperation] = []
        switch form.target {
        case .addCrisis:
            let title = required("title")
            let countries = codes(trimmed("countries"), "countries")
            if countries.isEmpty && form.field("countries")?.error == nil { form.setError("countries", "at least one") }
            let id = FormBuilder.uniqueId(FormBuilder.slug(title, countries.first), taken: Set(world.crises.keys))
            ops = [.addCrisis(Crisis(id: id, title: title, kind: CrisisKind(rawValue: form["kind"]) ?? .other, countries: countries,
                                     severity: Int(form["severity"]) ?? 2, phase: Phase(rawValue: form["phase"]) ?? .monitoring, started: now,
                                     leadOfficer: trimmed("lead"), summary: trimmed("summary"), checklist: ChecklistTemplate.response.items()))]
        case .editCrisis(let id):
            var patch = CrisisPatch(), expected = CrisisPatch()
            if changed("title") { patch.title = required("title"); expected.title = original("title") }
            if changed("kind") { patch.kind = CrisisKind(rawValue: form["kind"]); expected.kind = CrisisKind(rawValue: original("kind")) }
            if changed("countries") {
                let list = codes(trimmed("countries"), "countries")
                if list.isEmpty && form.field("countries")?.error == nil { form.setError("countries", "at least one") }
                patch.countries = list
                expected.countries = original("countries").split(separator: " ").map(String.init)
            }
            if changed("severity") { patch.severity = Int(form["severity"]); expected.severity = Int(original("severity")) }
            if changed("phase") { patch.phase = Phase(rawValue: form["phase"]); expected.phase = Phase(rawValue: original("phase")) }
            if changed("lead") { patch.leadOfficer = trimmed("lead"); expected.leadOfficer = original("lead") }
            if changed("summary") { patch.summary = trimmed("summary"); expected.summary = original("summary") }
            if !patch.isEmpty { ops = [.updateCrisis(id: id, patch: patch, expected: expected)] }
        case .counts(let code):
            var counts: [CountKind: Int] = [:]
            var expected: [CountKind: Int?] = [:]
            for k in CountKind.allCases where changed(k.rawValue) {
                if trimmed(k.rawValue).isEmpty { form.setError(k.rawValue, "a figure cannot be cleared; enter a number"); continue }
                guard let v = number(form[k.rawValue], k.rawValue) else { continue }
                counts[k] = v
                expected.updateValue(Int(original(k.rawValue)), forKey: k)
            }
            if !counts.isEmpty { ops = [.setCounts(country: code, counts: counts, source: trimmed("source"), asOf: nil, expected: expected)] }
        case .alert(let code):
            let why = required("why")
            let level = AlertLevel(rawValue: Int(form["level"].prefix(1)) ?? 0) ?? .none
            let was = AlertLevel(rawValue: Int(original("level").prefix(1)) ?? 0) ?? .none
            if level == was && form.field("why")?.error == nil {
                form.setError("level", "it is \(level.tag) now: ←→ to choose another")
            }
            ops = [.setAlert(country: code, level: level, reason: why, expected: was)]
        case .log(let crisis):
            ops = [.log(crisis: crisis, kind: EventKind(rawValue: form["kind"]) ?? .sitrep, text: required("text"))]
        case .addItem(let owner, _):
            let text = required("text")
            let due = dueDate(&form)
            let taken = Set((world.checklist(of: owner) ?? []).map(\.id))
            ops = [.addItem(owner: owner, item: ChecklistItem(id: FormBuilder.uniqueId("item", taken: taken), text: text,
                                                              section: trimmed("section").isEmpty ? "Other" : trimmed("section"),
                                                              status: ItemStatus(rawValue: form["status"]) ?? .open,
                                                              assignee: trimmed("assignee"), due: due ?? nil, note: trimmed("note")))]
        case .editItem(let owner, let id):
            var patch = ItemPatch(), expected = ItemPatch()
            if changed("text") { patch.text = required("text"); expected.text = original("text") }
            if changed("section") { patch.section = trimmed("section").isEmpty ? "Other" : trimmed("section"); expected.section = original("section") }
            if changed("assignee") { patch.assignee = trimmed("assignee"); expected.assignee = original("assignee") }
            if changed("due"), let due = dueDate(&form) {
                patch.dueChange = .some(due)
                expected.dueChange = .some(original("due").isEmpty ? nil : parseDue(original("due")))
            }
            if changed("note") { patch.note = trimmed("note"); expected.note = original("note") }
            if !patch.isEmpty { ops.append(.updateItem(owner: owner, item: id, patch: patch, expected: expected)) }
            // The status goes through its own operation, so a tick keeps who and when.
            if changed("status"), let status = ItemStatus(rawValue: form["status"]) {
                ops.append(.setItemStatus(owner: owner, item: id, status: status, expected: ItemStatus(rawValue: original("status"))))
            }
        case .addContact, .editContact:
            let built = contact(&form, world: world, names: names, now: now)
            if case .editContact(let id) = form.target, let old = world.contacts[id], let new = built {
                var patch = ContactPatch.difference(from: old, to: new)
                // Only what the operator changed (a field someone else changed meanwhile is theirs to keep).
                patch = patch.keeping(form.fields.filter(\.changed).map(\.key))
                if !patch.isEmpty {
                    patch.lastVerified = now
                    var expected = patch.values(in: old)
                    expected.lastVerified = nil
                    expected = expected.withOriginals(form)
                    ops = [.patchContact(id: id, patch: patch, expected: expected)]
                }
            } else if let new = built {
                ops = [.addContact(new)]
            }
        case .importFile:
            _ = required("file")
        case .addCountry:
            let text = required("code")
            let code = names.code(for: text)
            if !text.isEmpty && (code == nil || (names.isLoaded && !names.isKnown(code!))) { form.setError("code", "not an ISO country") }
            if let code { ops = [.addCountry(code: code)] }
        }
        if ops.isEmpty && !form.hasErrors && form.message == nil && form.target != .importFile {
            form.message = "nothing changed: edit a field, or Esc to close"
        }
        if form.hasErrors || form.message != nil { return .failure(FormErrors(form: form)) }
        return .success(ops)
    }

    /// The due field: nil when empty or wrong (the error is set), else the date; `.some(nil)` clears it.
    private static func dueDate(_ form: inout FormState) -> Date?? {
        let text = form["due"].trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .some(nil) }
        guard let d = parseDue(text) else { form.setError("due", "use YYYY-MM-DD HH:MM (UTC)"); return nil }
        return .some(d)
    }

    static func parseDue(_ text: String) -> Date? {
        Timestamp.parse(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T") + ":00Z")
    }

    /// The contact a contact form describes, with its phones written with their calling code, or nil (errors set).
    private static func contact(_ form: inout FormState, world: World, names: CountryNames, now: Date) -> Contact? {
        func trimmed(_ key: String) -> String { form[key].trimmingCharacters(in: .whitespacesAndNewlines) }
        let name = trimmed("name")
        if name.isEmpty { form.setError("name", "required") }
        let countryText = trimmed("country")
        var country = ""
        if countryText.isEmpty { form.setError("country", "required") }
        else if let c = names.code(for: countryText), !names.isLoaded || names.isKnown(c) { country = c }
        else { form.setError("country", "'\(countryText)' is not a country code") }
        let zone = trimmed("timeZone")
        if TimeZone(identifier: zone) == nil { form.setError("timeZone", zone.isEmpty ? "required (IANA, e.g. Asia/Beirut)" : "not an IANA zone (e.g. Asia/Beirut)") }
        var phones: [String] = []
        for raw in trimmed("phones").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            guard Phone.isPlausible(raw) else { form.setError("phones", "'\(raw)' is not a phone number"); break }
            guard let full = CallingCode.international(raw, country: country.isEmpty ? nil : country) else {
                form.setError("phones", "'\(raw)': write it with its +code (the calling code of \(country.isEmpty ? "this country" : country) is not known here)")
                break
            }
            if !phones.contains(where: { CallingCode.e164($0, country: country) == CallingCode.e164(full, country: country) }) { phones.append(full) }
        }
        if let i = form.fields.firstIndex(where: { $0.key == "phones" }), form.fields[i].error == nil {
            let shown = phones.joined(separator: ", ")
            if form.fields[i].changed && shown != form.fields[i].value.trimmingCharacters(in: .whitespaces) { form.fields[i].value = shown }
        }
        let email = trimmed("email")
        if !email.isEmpty && !email.contains("@") { form.setError("email", "needs an @") }
        var order = 99
        let orderText = trimmed("order")
        if !orderText.isEmpty {
            if let n = Int(orderText), (0...999).contains(n) { order = n } else { form.setError("order", "0 to 999") }
        }
        if form.hasErrors { return nil }
        var id = ""
        if case .editContact(let existing) = form.target { id = existing } else { id = FormBuilder.uniqueId("c", taken: Set(world.contacts.keys)) }
        var c = Contact(id: id, name: name, organisation: trimmed("organisation"),
                        organisationKind: OrganisationKind(rawValue: form["orgKind"]) ?? .other, role: trimmed("role"),
                        country: country, city: trimmed("city"), phones: phones, email: email, messaging: trimmed("messaging"),
                        timeZone: zone, languages: trimmed("languages").split(separator: " ").map(String.init),
                        duty: DutyStatus(rawValue: form["duty"]) ?? .offDuty, callOrder: order, notes: trimmed("notes"))
        if case .editContact(let existing) = form.target { c.lastVerified = world.contacts[existing]?.lastVerified } else { c.lastVerified = now }
        return c
    }

    /// Contacts the new one may already be: the same e-mail, or the same phone and the same name.
    public static func duplicates(of c: Contact, in world: World) -> [Contact] {
        let email = c.email.lowercased()
        let phones = Set(c.phones.compactMap { CallingCode.e164($0, country: c.country) })
        let name = CSVTable.fold(c.name)
        return world.contacts.values.filter { other in
            guard other.id != c.id else { return false }
            if !email.isEmpty && other.email.lowercased() == email { return true }
            let shared = other.phones.contains { CallingCode.e164($0, country: other.country).map(phones.contains) ?? false }
            return shared && CSVTable.fold(other.name) == name
        }.sorted { $0.id < $1.id }
    }

    /// A new contact merged into the one it duplicates: its values fill in and replace, phones and languages
    /// are joined, notes added to (as imports merge).
    public static func merge(_ new: Contact, into old: Contact) -> ContactPatch {
        var merged = old
        for (key, value) in [(\Contact.organisation, new.organisation), (\Contact.role, new.role), (\Contact.city, new.city),
                             (\Contact.email, new.email), (\Contact.messaging, new.messaging)] where !value.isEmpty {
            merged[keyPath: key] = value
        }
        merged.name = new.name
        merged.organisationKind = new.organisationKind
        merged.duty = new.duty
        for p in new.phones where !merged.phones.contains(where: { CallingCode.e164($0, country: old.country) == CallingCode.e164(p, country: new.country) }) {
            merged.phones.append(p)
        }
        for l in new.languages where !merged.languages.contains(l) { merged.languages.append(l) }
        if !new.notes.isEmpty, !merged.notes.contains(new.notes) { merged.notes = merged.notes.isEmpty ? new.notes : merged.notes + "\n" + new.notes }
        merged.lastVerified = new.lastVerified
        return ContactPatch.difference(from: old, to: merged)
    }
}

extension ContactPatch {
    /// The patch cut down to the fields of the given form keys.
    func keeping(_ keys: [String]) -> ContactPatch {
        var p = ContactPatch()
        let k = Set(keys)
        if k.contains("name") { p.name = name }
        if k.contains("organisation") { p.organisation = organisation }
        if k.contains("orgKind") { p.organisationKind = organisationKind }
        if k.contains("role") { p.role = role }
        if k.contains("country") { p.country = country }
        if k.contains("city") { p.city = city }
        if k.contains("phones") { p.phones = phones }
        if k.contains("email") { p.email = email }
        if k.contains("messaging") { p.messaging = messaging }
        if k.contains("timeZone") { p.timeZone = timeZone }
        if k.contains("languages") { p.languages = languages }
        if k.contains("duty") { p.duty = duty }
        if k.contains("order") { p.callOrder = callOrder }
        if k.contains("notes") { p.notes = notes }
        return p
    }

    /// The expectation as the form saw the record (its fields' originals), not as the store holds it now.
    func withOriginals(_ form: FormState) -> ContactPatch {
        var p = self
        func o(_ key: String) -> String { form.field(key)?.original ?? "" }
        if p.name != nil { p.name = o("name") }
        if p.organisation != nil { p.organisation = o("organisation") }
        if p.organisationKind != nil { p.organisationKind = OrganisationKind(rawValue: o("orgKind")) }
        if p.role != nil { p.role = o("role") }
        if p.country != nil { p.country = o("country") }
        if p.city != nil { p.city = o("city") }
        if p.phones != nil { p.phones = o("phones").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        if p.email != nil { p.email = o("email") }
        if p.messaging != nil { p.messaging = o("messaging") }
        if p.timeZone != nil { p.timeZone = o("timeZone") }
        if p.languages != nil { p.languages = o("languages").split(separator: " ").map(String.init) }
        if p.duty != nil { p.duty = DutyStatus(rawValue: o("duty")) }
        if p.callOrder != nil { p.callOrder = Int(o("order")) }
        if p.notes != nil { p.notes = o("notes") }
        return p
    }
}
