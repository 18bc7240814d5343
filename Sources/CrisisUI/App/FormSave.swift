import CrisisModel
import Foundation

public struct FormErrors: Error, Equatable {
    public var form: FormState
}

/// Turns a filled form into the operations it asks for: only the fields the operator changed, each with the
/// value it expects to replace (the record's as the form last saw it), or the form back with errors beside
/// its fields.
public enum FormSave {
    public static func build(_ form: FormState, world: World, names: CountryNames, now: Date) -> Result<
        [StoreOperation], FormErrors
    > {
        var reader = FormReader(form: form, names: names)
        reader.form.message = nil
        if reader.form.gone {
            reader.form.message = "this record was deleted while you edited: nothing to save (Esc closes)"
        }
        let ops: [StoreOperation]
        switch form.target {
        case .addCrisis: ops = reader.addCrisis(world: world, now: now)
        case .editCrisis(let id): ops = reader.editCrisis(id, world: world, now: now)
        case .counts(let code): ops = reader.counts(code, world: world, now: now)
        case .alert(let code): ops = reader.alert(code, world: world, now: now)
        case .log(let crisis): ops = reader.log(crisis, world: world, now: now)
        case .addItem(let owner, _): ops = reader.addItem(owner, world: world, now: now)
        case .editItem(let owner, let id): ops = reader.editItem(owner, id, world: world, now: now)
        case .addContact, .editContact: ops = reader.contact(world: world, now: now)
        case .importFile: ops = reader.importFile(world: world, now: now)
        case .addCountry: ops = reader.addCountry(world: world, now: now)
        case .openIncoming(let key, let seen): ops = reader.openIncoming(key, seen, world: world, now: now)
        case .linkIncoming(let key, let seen): ops = reader.linkIncoming(key, seen, world: world)
        case .dismissIncoming(let key, let seen): ops = reader.dismissIncoming(key, seen, world: world)
        }
        var checked = reader.form
        if ops.isEmpty && !checked.hasErrors && checked.message == nil && checked.target != .importFile {
            checked.message = "nothing changed: edit a field, or Esc to close"
        }
        if checked.hasErrors || checked.message != nil { return .failure(FormErrors(form: checked)) }
        return .success(ops)
    }

    /// The due field: nil when empty or wrong (the error is set), else the date; `.some(nil)` clears it.
    static func dueDate(_ form: inout FormState) -> Date?? {
        let text = form["due"].trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .some(nil) }
        guard let d = parseDue(text) else {
            form.setError("due", "use YYYY-MM-DD HH:MM (UTC)")
            return nil
        }
        return .some(d)
    }

    static func parseDue(_ text: String) -> Date? {
        Timestamp.parse(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T") + ":00Z")
    }

    /// The contact a contact form describes, with its phones written with their calling code, or nil (errors set).
    static func contact(_ form: inout FormState, world: World, names: CountryNames, now: Date) -> Contact? {
        func trimmed(_ key: String) -> String { form[key].trimmingCharacters(in: .whitespacesAndNewlines) }
        let name = trimmed("name")
        if name.isEmpty { form.setError("name", "required") }
        let countryText = trimmed("country")
        var country = ""
        if countryText.isEmpty {
            form.setError("country", "required")
        } else if let c = names.code(for: countryText), !names.isLoaded || names.isKnown(c) {
            country = c
        } else {
            form.setError("country", "'\(countryText)' is not a country code")
        }
        let zone = trimmed("timeZone")
        if TimeZone(identifier: zone) == nil {
            form.setError(
                "timeZone", zone.isEmpty ? "required (IANA, e.g. Asia/Beirut)" : "not an IANA zone (e.g. Asia/Beirut)")
        }
        var phones: [String] = []
        for raw in trimmed("phones").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !raw.isEmpty {
            guard Phone.isPlausible(raw) else {
                form.setError("phones", "'\(raw)' is not a phone number")
                break
            }
            guard let full = CallingCode.international(raw, country: country.isEmpty ? nil : country) else {
                form.setError(
                    "phones",
                    "'\(raw)': write it with its +code (the calling code of \(country.isEmpty ? "this country" : country) is not known here)"
                )
                break
            }
            if !phones.contains(where: {
                CallingCode.e164($0, country: country) == CallingCode.e164(full, country: country)
            }) {
                phones.append(full)
            }
        }
        if let i = form.fields.firstIndex(where: { $0.key == "phones" }), form.fields[i].error == nil {
            let shown = phones.joined(separator: ", ")
            if form.fields[i].changed && shown != form.fields[i].value.trimmingCharacters(in: .whitespaces) {
                form.fields[i].value = shown
            }
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
        if case .editContact(let existing) = form.target {
            id = existing
        } else {
            id = FormBuilder.uniqueId("c", taken: Set(world.contacts.keys))
        }
        var c = Contact(
            id: id, name: name, organisation: trimmed("organisation"),
            organisationKind: OrganisationKind(rawValue: form["orgKind"]) ?? .other, role: trimmed("role"),
            country: country, city: trimmed("city"), phones: phones, email: email, messaging: trimmed("messaging"),
            timeZone: zone, languages: trimmed("languages").split(separator: " ").map(String.init),
            duty: DutyStatus(rawValue: form["duty"]) ?? .offDuty, callOrder: order, notes: trimmed("notes"))
        if case .editContact(let existing) = form.target {
            c.lastVerified = world.contacts[existing]?.lastVerified
        } else {
            c.lastVerified = now
        }
        return c
    }

    /// Contacts the new one may already be: the same e-mail, or the same phone and the same name.
    public static func duplicates(of c: Contact, in world: World) -> [Contact] {
        let email = c.email.lowercased()
        let phones = Set(c.phones.compactMap { CallingCode.e164($0, country: c.country) })
        let name = TextFolding.fold(c.name)
        return world.contacts.values.filter { other in
            guard other.id != c.id else { return false }
            if !email.isEmpty && other.email.lowercased() == email { return true }
            let shared = other.phones.contains {
                CallingCode.e164($0, country: other.country).map(phones.contains) ?? false
            }
            return shared && TextFolding.fold(other.name) == name
        }.sorted { $0.id < $1.id }
    }

    /// A new contact merged into the one it duplicates: its values fill in and replace, phones and languages
    /// are joined, notes added to (as imports merge).
    public static func merge(_ new: Contact, into old: Contact) -> ContactPatch {
        var merged = old
        for (key, value) in [
            (\Contact.organisation, new.organisation), (\Contact.role, new.role), (\Contact.city, new.city),
            (\Contact.email, new.email), (\Contact.messaging, new.messaging),
        ] where !value.isEmpty {
            merged[keyPath: key] = value
        }
        merged.name = new.name
        merged.organisationKind = new.organisationKind
        merged.duty = new.duty
        for p in new.phones
        where !merged.phones.contains(where: {
            CallingCode.e164($0, country: old.country) == CallingCode.e164(p, country: new.country)
        }) {
            merged.phones.append(p)
        }
        for l in new.languages where !merged.languages.contains(l) { merged.languages.append(l) }
        if !new.notes.isEmpty, !merged.notes.contains(new.notes) {
            merged.notes = merged.notes.isEmpty ? new.notes : merged.notes + "\n" + new.notes
        }
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
        if p.phones != nil {
            p.phones = o("phones").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
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
