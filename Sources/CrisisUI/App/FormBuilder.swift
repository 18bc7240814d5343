import CrisisCore
import Foundation

/// Makes the form for a target from the current data, and turns a filled form back into an operation.
public enum FormBuilder {
    static let kinds = CrisisKind.allCases.map(\.rawValue)
    static let phases = Phase.allCases.map(\.rawValue)
    static let levels = AlertLevel.allCases.map { "\($0.rawValue) \($0.label)" }
    static let duties = DutyStatus.allCases.map(\.rawValue)
    static let orgKinds = OrganisationKind.allCases.map(\.rawValue)
    static let eventKinds = ["sitrep", "decision", "call", "alert"]
    static let statuses = ItemStatus.allCases.map(\.rawValue)

    public static func make(_ target: FormTarget, world: World, names: CountryNames, now: Date) -> FormState? {
        let f = FormField.init
        switch target {
        case .addCrisis, .editCrisis:
            var c = Crisis(id: "", title: "", kind: .conflict, countries: [], severity: 2, phase: .monitoring, started: now)
            if case .editCrisis(let id) = target { guard let found = world.crises[id] else { return nil }; c = found }
            return FormState(title: c.id.isEmpty ? "New crisis" : "Edit crisis", target: target, fields: [
                f("title", "Title", c.title, .text, ""),
                f("kind", "Kind", c.kind.rawValue, .choice(kinds), "←→ to choose"),
                f("countries", "Countries", c.countries.joined(separator: " "), .text, "ISO codes, e.g. LB SY"),
                f("severity", "Severity", String(c.severity), .choice(["1", "2", "3", "4"]), "1 low – 4 grave"),
                f("phase", "Phase", c.phase.rawValue, .choice(phases), "←→ to choose"),
                f("lead", "Lead officer", c.leadOfficer, .text, ""),
                f("summary", "Summary", c.summary, .text, ""),
            ], baseline: fingerprint(target, world))
        case .counts(let code):
            guard let country = world.countries[code] else { return nil }
            var fields = [CountKind.stock, .registered, .affected, .sheltered, .atAssembly, .inTransit, .evacuated, .returned, .injured, .missing, .dead]
                .map { k in f(k.rawValue, k.label.capitalizedFirst, country.count(k).map(String.init) ?? "", .number, "") }
            fields.append(f("source", "Source", "", .text, "where the figures come from"))
            return FormState(title: "Counts · \(names.name(code))", target: target, fields: fields, baseline: fingerprint(target, world))
        case .alert(let code):
            let level = world.countries[code]?.alertLevel ?? .none
            return FormState(title: "Alert level · \(names.name(code))", target: target, fields: [
                f("level", "Level", "\(level.rawValue) \(level.label)", .choice(levels), "←→ to choose"),
                f("why", "Why", "", .text, "recorded with your name and the time"),
            ], baseline: fingerprint(target, world))
        case .log(let crisis):
            let title = crisis.flatMap { world.crises[$0]?.title } ?? "cell"
            return FormState(title: "Log entry · \(title)", target: target, fields: [
                f("text", "Text", "", .text, ""),
                f("kind", "Kind", "sitrep", .choice(eventKinds), "←→ to choose"),
            ], baseline: "")
        case .addItem(let owner), .editItem(let owner, _):
            var item = ChecklistItem(id: "", text: "", section: world.checklist(of: owner)?.last?.section ?? "Other")
            if case .editItem(_, let id) = target {
                guard let found = world.checklist(of: owner)?.first(where: { $0.id == id }) else { return nil }
                item = found
            }
            return FormState(title: item.id.isEmpty ? "New checklist item" : "Edit checklist item", target: target, fields: [
                f("text", "Text", item.text, .text, ""),
                f("section", "Section", item.section, .text, ""),
                f("status", "Status", item.status.rawValue, .choice(statuses), "←→ to choose"),
                f("assignee", "Assignee", item.assignee, .text, ""),
                f("due", "Due (UTC)", item.due.map { Format.dateTime($0, .utc) } ?? "", .text, "YYYY-MM-DD HH:MM, or empty"),
                f("note", "Note", item.note, .text, ""),
            ], baseline: fingerprint(target, world))
        case .addContact, .editContact:
            var c = Contact(id: "", name: "", organisation: "", organisationKind: .mission, role: "", country: "",
                            timeZone: "Asia/Dhaka", duty: .onCall, callOrder: 1)
            if case .editContact(let id) = target { guard let found = world.contacts[id] else { return nil }; c = found }
            return FormState(title: c.id.isEmpty ? "New contact" : "Edit contact", target: target, fields: [
                f("name", "Name", c.name, .text, "any script"),
                f("organisation", "Organisation", c.organisation, .text, ""),
                f("orgKind", "Kind", c.organisationKind.rawValue, .choice(orgKinds), "←→ to choose"),
                f("role", "Role", c.role, .text, ""),
                f("country", "Country", c.country, .text, "ISO code, e.g. LB"),
                f("city", "City", c.city, .text, ""),
                f("phones", "Phones", c.phones.joined(separator: ", "), .text, "comma-separated"),
                f("email", "E-mail", c.email, .text, ""),
                f("messaging", "Messaging", c.messaging, .text, "e.g. WhatsApp +961…"),
                f("timeZone", "Time zone", c.timeZone, .text, "IANA, e.g. Asia/Beirut"),
                f("languages", "Languages", c.languages.joined(separator: " "), .text, "e.g. bn en ar"),
                f("duty", "Duty", c.duty.rawValue, .choice(duties), "←→ to choose"),
                f("order", "Call order", String(c.callOrder), .number, ""),
                f("notes", "Notes", c.notes, .text, ""),
            ], baseline: fingerprint(target, world))
        case .importFile:
            return FormState(title: "Import from a file", target: target, fields: [
                f("kind", "What", "counts", .choice(["counts", "contacts"]), "←→ to choose"),
                f("file", "File", "", .text, "path of a .csv or .vcf"),
                f("country", "Country", "", .text, "for contacts without one (optional)"),
            ], baseline: "")
        case .addCountry:
            return FormState(title: "Add host country", target: target, fields: [
                f("code", "Country", "", .text, "ISO code (LB) or English name"),
            ], baseline: "")
        }
    }

    /// A text form of the record a form edits, to tell whether someone else changed it meanwhile.
    static func fingerprint(_ target: FormTarget, _ world: World) -> String {
        switch target {
        case .editCrisis(let id): return world.crises[id].map { "\($0.title)|\($0.kind)|\($0.countries)|\($0.severity)|\($0.phase)|\($0.leadOfficer)|\($0.summary)" } ?? ""
        case .counts(let code): return world.countries[code].map { "\($0.counts.mapValues(\.value).sorted { $0.key.rawValue < $1.key.rawValue })" } ?? ""
        case .alert(let code): return world.countries[code].map { "\($0.alertLevel)" } ?? ""
        case .editItem(let owner, let id): return world.checklist(of: owner)?.first { $0.id == id }.map { "\($0)" } ?? ""
        case .editContact(let id): return world.contacts[id].map { "\($0)" } ?? ""
        default: return ""
        }
    }

    /// The operation a form asks for, or the form back with errors beside its fields.
    public static func build(_ form: FormState, world: World, names: CountryNames, now: Date) -> Result<StoreOperation, FormErrors> {
        var form = form
        for i in form.fields.indices { form.fields[i].error = nil }
        form.message = nil
        func trimmed(_ key: String) -> String { form[key].trimmingCharacters(in: .whitespaces) }
        func required(_ key: String) -> String {
            let v = trimmed(key)
            if v.isEmpty { form.setError(key, "required") }
            return v
        }
        func number(_ key: String) -> Int? {
            let v = trimmed(key)
            if v.isEmpty { return nil }
            guard let n = Int(v) else { form.setError(key, "a whole number"); return nil }
            if n < 0 { form.setError(key, "cannot be negative") }
            return n
        }
        func codes(_ key: String) -> [String] {
            let parts = trimmed(key).split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            var out: [String] = []
            for p in parts {
                guard let c = names.code(for: p), !names.isLoaded || names.isKnown(c) else { form.setError(key, "'\(p)' is not a country code"); continue }
                out.append(c)
            }
            return out
        }

        let op: StoreOperation?
        switch form.target {
        case .addCrisis, .editCrisis:
            let title = required("title")
            let countries = codes("countries")
            if countries.isEmpty && form.fields.first(where: { $0.key == "countries" })?.error == nil { form.setError("countries", "at least one") }
            let patch = CrisisPatch(title: title, kind: CrisisKind(rawValue: form["kind"]), countries: countries,
                                    severity: Int(form["severity"]), phase: Phase(rawValue: form["phase"]),
                                    leadOfficer: trimmed("lead"), summary: trimmed("summary"))
            if case .editCrisis(let id) = form.target {
                op = .updateCrisis(id: id, patch: patch)
            } else {
                let id = uniqueId(slug(title, countries.first), taken: Set(world.crises.keys))
                op = .addCrisis(Crisis(id: id, title: title, kind: patch.kind ?? .other, countries: countries, severity: patch.severity ?? 2,
                                       phase: patch.phase ?? .monitoring, started: now, leadOfficer: patch.leadOfficer ?? "",
                                       summary: patch.summary ?? "", checklist: ChecklistTemplate.response.items()))
            }
        case .counts(let code):
            var counts: [CountKind: Int] = [:]
            let current = world.countries[code]
            for k in CountKind.allCases {
                if let v = number(k.rawValue), v != current?.count(k) { counts[k] = v }
                if trimmed(k.rawValue).isEmpty, current?.count(k) != nil { form.setError(k.rawValue, "a figure cannot be cleared; enter a number") }
            }
            if counts.isEmpty && !form.hasErrors { form.message = "nothing changed" }
            op = .setCounts(country: code, counts: counts, source: trimmed("source"), asOf: nil)
        case .alert(let code):
            let why = required("why")
            let level = AlertLevel(rawValue: Int(form["level"].prefix(1)) ?? 0) ?? .none
            op = .setAlert(country: code, level: level, reason: why)
        case .log(let crisis):
            op = .log(crisis: crisis, kind: EventKind(rawValue: form["kind"]) ?? .sitrep, text: required("text"))
        case .addItem(let owner), .editItem(let owner, _):
            let text = required("text")
            var due: Date? = nil
            let dueText = trimmed("due")
            if !dueText.isEmpty {
                due = Timestamp.parse(dueText.replacingOccurrences(of: " ", with: "T") + ":00Z")
                if due == nil { form.setError("due", "use YYYY-MM-DD HH:MM (UTC)") }
            }
            if case .editItem(_, let id) = form.target {
                // Status changes go through their own operation so ticks keep who and when.
                op = .updateItem(owner: owner, item: id, patch: ItemPatch(text: text, section: trimmed("section"), assignee: trimmed("assignee"),
                                                                          due: due, clearDue: dueText.isEmpty, note: trimmed("note")))
            } else {
                let taken = Set((world.checklist(of: owner) ?? []).map(\.id))
                let id = uniqueId("item", taken: taken)
                op = .addItem(owner: owner, item: ChecklistItem(id: id, text: text, section: trimmed("section").isEmpty ? "Other" : trimmed("section"),
                                                               status: ItemStatus(rawValue: form["status"]) ?? .open,
                                                               assignee: trimmed("assignee"), due: due, note: trimmed("note")))
            }
        case .addContact, .editContact:
            let name = required("name")
            let country = codes("country").first ?? ""
            if country.isEmpty && form.fields.first(where: { $0.key == "country" })?.error == nil { form.setError("country", "required") }
            let zone = trimmed("timeZone")
            if TimeZone(identifier: zone) == nil { form.setError("timeZone", "not an IANA zone (e.g. Asia/Beirut)") }
            let phones = trimmed("phones").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let bad = phones.first(where: { !Phone.isPlausible($0) }) { form.setError("phones", "'\(bad)' is not a phone number") }
            let email = trimmed("email")
            if !email.isEmpty && !email.contains("@") { form.setError("email", "needs an @") }
            let order = number("order") ?? 99
            var id = ""
            if case .editContact(let existing) = form.target { id = existing } else { id = uniqueId("c", taken: Set(world.contacts.keys)) }
            var contact = Contact(id: id, name: name, organisation: trimmed("organisation"),
                                  organisationKind: OrganisationKind(rawValue: form["orgKind"]) ?? .other, role: trimmed("role"),
                                  country: country, city: trimmed("city"), phones: phones, email: email, messaging: trimmed("messaging"),
                                  timeZone: zone, languages: trimmed("languages").split(separator: " ").map(String.init),
                                  duty: DutyStatus(rawValue: form["duty"]) ?? .offDuty, callOrder: order, notes: trimmed("notes"))
            if case .editContact(let existing) = form.target, let old = world.contacts[existing] { contact.lastVerified = old.lastVerified }
            contact.lastVerified = now
            op = form.target == .addContact ? .addContact(contact) : .updateContact(contact)
        case .importFile:
            _ = required("file")
            op = nil
            if !form.hasErrors { form.message = "checking the file…" }
        case .addCountry:
            let text = required("code")
            let code = names.code(for: text)
            if !text.isEmpty && (code == nil || (names.isLoaded && !names.isKnown(code!))) { form.setError("code", "not an ISO country") }
            op = code.map { .addCountry(code: $0) }
        }
        if form.hasErrors || form.message != nil || op == nil { return .failure(FormErrors(form: form)) }
        return .success(op!)
    }

    static func slug(_ title: String, _ country: String?) -> String {
        let words = title.lowercased().unicodeScalars.map { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) ? Character($0) : "-" }
        let base = String(words).split(separator: "-").prefix(3).joined(separator: "-")
        return [country?.lowercased(), base.isEmpty ? "crisis" : base].compactMap { $0 }.joined(separator: "-")
    }

    static func uniqueId(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) && base != "item" && base != "c" { return base }
        var n = 1
        while taken.contains("\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }
}

public struct FormErrors: Error, Equatable {
    public var form: FormState
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
