import CrisisModel
import Foundation

/// Makes the form for a target from the current data, and keeps it in step with the record while it is open.
/// (`FormSave` turns a filled form back into operations.)
public enum FormBuilder {
    static let kinds = CrisisKind.allCases.map(\.rawValue)
    static let phases = Phase.allCases.map(\.rawValue)
    static let levels = AlertLevel.allCases.map(levelText)
    static let duties = DutyStatus.allCases.map(\.rawValue)
    static let orgKinds = OrganisationKind.allCases.map(\.rawValue)
    static let eventKinds = ["sitrep", "decision", "call", "alert"]
    static let statuses = ItemStatus.allCases.map(\.rawValue)

    static func levelText(_ level: AlertLevel) -> String { "\(level.rawValue) \(level.label)" }

    /// A new contact's form: its country filled in when known, the zone and call order following it.
    static func newContactForm(_ target: FormTarget, country code: String, world: World, names: CountryNames)
        -> FormState
    {
        var fields = contactFields([:])
        if let i = fields.firstIndex(where: { $0.key == "country" }) {
            fields[i].value = code
            fields[i].original = code
        }
        for key in ["timeZone", "order"] {
            if let i = fields.firstIndex(where: { $0.key == key }) { fields[i].follows = true }
        }
        var form = FormState(title: "New contact", target: target, fields: fields)
        follow(&form, world: world, names: names)
        for i in form.fields.indices { form.fields[i].original = form.fields[i].value }
        return form
    }

    /// An existing contact's fields; the zone keeps following the country and city while it is the one they give.
    static func editContactFields(_ values: [String: String]?, names: CountryNames) -> [FormField] {
        var fields = contactFields(values ?? [:])
        if let v = values, let zone = names.zone(for: v["country"] ?? "", city: v["city"] ?? ""),
            zone == v["timeZone"],
            let i = fields.firstIndex(where: { $0.key == "timeZone" })
        {
            fields[i].follows = true
        }
        return fields
    }

    public static func make(_ target: FormTarget, world: World, names: CountryNames, now: Date) -> FormState? {
        let f = FormField.init
        let values = recordValues(target, world: world)
        if !target.isNew, values == nil { return nil }
        var form: FormState
        switch target {
        case .addCrisis, .editCrisis:
            let v = values ?? [:]
            form = FormState(
                title: target == .addCrisis ? "New crisis" : "Edit crisis", target: target,
                fields: [
                    f("title", "Title", v["title"] ?? "", .text, ""),
                    f("kind", "Kind", v["kind"] ?? CrisisKind.conflict.rawValue, .choice(kinds), "←→ to choose"),
                    f("countries", "Countries", v["countries"] ?? "", .text, "ISO codes, e.g. LB SY"),
                    f(
                        "severity", "Severity", v["severity"] ?? "2", .choice(["1", "2", "3", "4"]),
                        "←→ or 1-4: 1 low – 4 grave"),
                    f("phase", "Phase", v["phase"] ?? Phase.monitoring.rawValue, .choice(phases), "←→ to choose"),
                    f("lead", "Lead officer", v["lead"] ?? "", .text, ""),
                    f("summary", "Summary", v["summary"] ?? "", .multiline, ""),
                ])
        case .counts(let code):
            var fields = CountKind.allCases.map { k in
                f(k.rawValue, k.label.capitalizedFirst, values?[k.rawValue] ?? "", .number, "")
            }
            fields.append(f("source", "Source", "", .text, "where the figures come from"))
            form = FormState(title: "Counts · \(names.name(code))", target: target, fields: fields)
        case .alert(let code):
            form = FormState(
                title: "Alert level · \(names.name(code))", target: target,
                fields: [
                    f("level", "Level", values?["level"] ?? levelText(.none), .choice(levels), "←→ or 0-4 to choose"),
                    f("why", "Why", "", .text, "recorded with your name and the time"),
                ])
        case .log(let crisis):
            let title = crisis.flatMap { world.crises[$0]?.title } ?? "cell"
            form = FormState(
                title: "Log entry · \(title)", target: target,
                fields: [
                    f("text", "Text", "", .multiline, ""),
                    f("kind", "Kind", "sitrep", .choice(eventKinds), "←→ to choose"),
                ])
        case .addItem(let owner, let section):
            let fallback = section ?? world.checklist(of: owner)?.last?.section ?? "Other"
            form = FormState(title: "New checklist item", target: target, fields: itemFields([:], section: fallback))
        case .editItem:
            form = FormState(
                title: "Edit checklist item", target: target, fields: itemFields(values ?? [:], section: nil))
        case .addContact(let country):
            form = newContactForm(target, country: country ?? "", world: world, names: names)
        case .editContact:
            form = FormState(title: "Edit contact", target: target, fields: editContactFields(values, names: names))
        case .importFile:
            form = FormState(
                title: "Import from a file", target: target,
                fields: [
                    f("kind", "What", "counts", .choice(["counts", "contacts"]), "←→ to choose"),
                    f("file", "File", "", .text, "path of a .csv or .vcf"),
                    f("country", "Country", "", .text, "for contacts without one (optional)"),
                ])
        case .addCountry:
            form = FormState(
                title: "Add host country", target: target,
                fields: [
                    f("code", "Country", "", .text, "ISO code (LB) or English name")
                ])
        case .openIncoming(let key, _), .linkIncoming(let key, _), .dismissIncoming(let key, _):
            guard let r = world.watch.incoming[key] else { return nil }
            form = incomingForm(target, r, world: world, names: names)
        }
        return form
    }

    private static func itemFields(_ v: [String: String], section: String?) -> [FormField] {
        let f = FormField.init
        return [
            f("text", "Text", v["text"] ?? "", .text, ""),
            f("section", "Section", v["section"] ?? section ?? "Other", .text, ""),
            f("status", "Status", v["status"] ?? ItemStatus.open.rawValue, .choice(statuses), "←→ to choose"),
            f("assignee", "Assignee", v["assignee"] ?? "", .text, ""),
            f("due", "Due (UTC)", v["due"] ?? "", .text, "YYYY-MM-DD HH:MM, or empty"),
            f("note", "Note", v["note"] ?? "", .multiline, ""),
        ]
    }

    private static func contactFields(_ v: [String: String]) -> [FormField] {
        let f = FormField.init
        return [
            f("name", "Name", v["name"] ?? "", .text, "any script"),
            f("organisation", "Organisation", v["organisation"] ?? "", .text, ""),
            f("orgKind", "Kind", v["orgKind"] ?? OrganisationKind.mission.rawValue, .choice(orgKinds), "←→ to choose"),
            f("role", "Role", v["role"] ?? "", .text, ""),
            f("country", "Country", v["country"] ?? "", .text, "ISO code, e.g. LB"),
            f("city", "City", v["city"] ?? "", .text, ""),
            f("phones", "Phones", v["phones"] ?? "", .text, "comma-separated; local numbers get the country's code"),
            f("email", "E-mail", v["email"] ?? "", .text, ""),
            f("messaging", "Messaging", v["messaging"] ?? "", .text, "e.g. WhatsApp +961…"),
            f(
                "timeZone", "Time zone", v["timeZone"] ?? "", .text,
                "follows the country and city; IANA, e.g. Asia/Beirut"),
            f("languages", "Languages", v["languages"] ?? "", .text, "e.g. bn en ar"),
            f("duty", "Duty", v["duty"] ?? DutyStatus.onCall.rawValue, .choice(duties), "←→ to choose"),
            f("order", "Call order", v["order"] ?? "", .number, "next free in the country unless you set it"),
            f("notes", "Notes", v["notes"] ?? "", .multiline, ""),
        ]
    }

    /// The record a form edits, as the form writes its fields; nil when there is no such record (any more).
    public static func recordValues(_ target: FormTarget, world: World) -> [String: String]? {
        switch target {
        case .editCrisis(let id):
            guard let c = world.crises[id] else { return nil }
            return [
                "title": c.title, "kind": c.kind.rawValue, "countries": c.countries.joined(separator: " "),
                "severity": String(c.severity),
                "phase": c.phase.rawValue, "lead": c.leadOfficer, "summary": c.summary,
            ]
        case .counts(let code):
            guard let country = world.countries[code] else { return nil }
            var out: [String: String] = [:]
            for k in CountKind.allCases { out[k.rawValue] = country.count(k).map(String.init) ?? "" }
            return out
        case .alert(let code):
            return ["level": levelText(world.countries[code]?.alertLevel ?? .none)]
        case .editItem(let owner, let id):
            guard let i = world.checklist(of: owner)?.first(where: { $0.id == id }) else { return nil }
            return [
                "text": i.text, "section": i.section, "status": i.status.rawValue, "assignee": i.assignee,
                "due": i.due.map { Format.dateTime($0, .utc) } ?? "", "note": i.note,
            ]
        case .editContact(let id):
            guard let c = world.contacts[id] else { return nil }
            return [
                "name": c.name, "organisation": c.organisation, "orgKind": c.organisationKind.rawValue, "role": c.role,
                "country": c.country, "city": c.city, "phones": c.phones.joined(separator: ", "), "email": c.email,
                "messaging": c.messaging, "timeZone": c.timeZone, "languages": c.languages.joined(separator: " "),
                "duty": c.duty.rawValue, "order": String(c.callOrder), "notes": c.notes,
            ]
        default:
            return nil
        }
    }

    /// Who last changed a field of the record a form edits, and when.
    static func stamp(_ target: FormTarget, _ key: String, world: World) -> (by: String, at: Date)? {
        switch target {
        case .counts(let code):
            guard let kind = CountKind(rawValue: key),
                let c = world.countries[code]?.countHistory.last(where: { $0.kind == kind })
            else { return nil }
            return (c.by, c.at)
        case .alert(let code):
            return world.countries[code]?.lastAlertChange.map { ($0.by, $0.at) }
        case .editCrisis(let id):
            return world.stamps[StampKey.crisis(id, key)].map { ($0.by, $0.at) }
        case .editItem(let owner, let id):
            if key == "status", let i = world.checklist(of: owner)?.first(where: { $0.id == id }), let by = i.doneBy,
                let at = i.doneAt
            {
                return (by, at)
            }
            return world.stamps[StampKey.item(owner, id, key)].map { ($0.by, $0.at) }
        case .editContact(let id):
            return world.stamps[StampKey.contact(id, key)].map { ($0.by, $0.at) }
        default:
            return nil
        }
    }

    /// Brings an open form up to date with its record: untouched fields take the new values; fields the operator
    /// changed keep theirs and show the other value. Returns false when the record is gone.
    @discardableResult
    static func refresh(_ form: inout FormState, world: World) -> Bool {
        guard !form.target.isNew else { return true }
        guard let values = recordValues(form.target, world: world) else {
            form.gone = true
            return false
        }
        for i in form.fields.indices {
            guard let now = values[form.fields[i].key] else { continue }
            let who = stamp(form.target, form.fields[i].key, world: world)
            form.fields[i].recordChanged(to: now, by: who?.by, at: who?.at)
        }
        return true
    }

    /// Fields that follow others, brought up to date: a contact's time zone follows its country and city, a new
    /// contact's call order is the next after the country's last, until the operator types in them.
    static func follow(_ form: inout FormState, world: World, names: CountryNames) {
        switch form.target {
        case .addContact: break
        case .editContact:
            followZone(&form, names: names)
            return
        default: return
        }
        followZone(&form, names: names)
        guard let i = form.fields.firstIndex(where: { $0.key == "order" }), form.fields[i].follows else { return }
        let code = names.code(for: form["country"].trimmingCharacters(in: .whitespaces)) ?? ""
        let last = world.contacts.values.filter { $0.country == code }.map(\.callOrder).filter { $0 < 99 }.max() ?? 0
        form.fields[i].value = String(last + 1)
    }

    private static func followZone(_ form: inout FormState, names: CountryNames) {
        guard let i = form.fields.firstIndex(where: { $0.key == "timeZone" }), form.fields[i].follows else { return }
        let code = names.code(for: form["country"].trimmingCharacters(in: .whitespaces)) ?? ""
        if let zone = names.zone(for: code, city: form["city"].trimmingCharacters(in: .whitespaces)),
            form.fields[i].value != zone
        {
            form.fields[i].value = zone
        }
    }

    public static func slug(_ title: String, _ country: String?) -> String {
        let words = title.lowercased().unicodeScalars.map {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) ? Character($0) : "-"
        }
        let base = String(words).split(separator: "-").prefix(3).joined(separator: "-")
        return [country?.lowercased(), base.isEmpty ? "crisis" : base].compactMap { $0 }.joined(separator: "-")
    }

    public static func uniqueId(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) && base != "item" && base != "c" { return base }
        var n = 1
        while taken.contains("\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
