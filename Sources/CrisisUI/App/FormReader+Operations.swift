import CrisisModel
import Foundation

/// The operations each form asks for: only the fields the operator changed, each with the value it expects to
/// replace.
extension FormReader {
    mutating func addCrisis(world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        let title = required("title")
        let countries = codes(trimmed("countries"), "countries")
        if countries.isEmpty && form.field("countries")?.error == nil { form.setError("countries", "at least one") }
        let id = FormBuilder.uniqueId(FormBuilder.slug(title, countries.first), taken: Set(world.crises.keys))
        ops = [
            .addCrisis(
                Crisis(
                    id: id, title: title, kind: CrisisKind(rawValue: form["kind"]) ?? .other, countries: countries,
                    severity: Int(form["severity"]) ?? 2, phase: Phase(rawValue: form["phase"]) ?? .monitoring,
                    started: now,
                    leadOfficer: trimmed("lead"), summary: trimmed("summary"),
                    checklist: ChecklistTemplate.response.items()))
        ]
        return ops
    }

    mutating func editCrisis(_ id: String, world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        var patch = CrisisPatch()
        var expected = CrisisPatch()
        if changed("title") {
            patch.title = required("title")
            expected.title = original("title")
        }
        if changed("kind") {
            patch.kind = CrisisKind(rawValue: form["kind"])
            expected.kind = CrisisKind(rawValue: original("kind"))
        }
        if changed("countries") {
            let list = codes(trimmed("countries"), "countries")
            if list.isEmpty && form.field("countries")?.error == nil { form.setError("countries", "at least one") }
            patch.countries = list
            expected.countries = original("countries").split(separator: " ").map(String.init)
        }
        if changed("severity") {
            patch.severity = Int(form["severity"])
            expected.severity = Int(original("severity"))
        }
        if changed("phase") {
            patch.phase = Phase(rawValue: form["phase"])
            expected.phase = Phase(rawValue: original("phase"))
        }
        if changed("lead") {
            patch.leadOfficer = trimmed("lead")
            expected.leadOfficer = original("lead")
        }
        if changed("summary") {
            patch.summary = trimmed("summary")
            expected.summary = original("summary")
        }
        if !patch.isEmpty { ops = [.updateCrisis(id: id, patch: patch, expected: expected)] }
        return ops
    }

    mutating func counts(_ code: String, world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        var counts: [CountKind: Int] = [:]
        var expected: [CountKind: Int?] = [:]
        for k in CountKind.allCases where changed(k.rawValue) {
            if trimmed(k.rawValue).isEmpty {
                form.setError(k.rawValue, "a figure cannot be cleared; enter a number")
                continue
            }
            guard let v = number(form[k.rawValue], k.rawValue) else { continue }
            counts[k] = v
            expected.updateValue(Int(original(k.rawValue)), forKey: k)
        }
        if !counts.isEmpty {
            ops = [.setCounts(country: code, counts: counts, source: trimmed("source"), asOf: nil, expected: expected)]
        }
        return ops
    }

    mutating func alert(_ code: String, world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        let why = required("why")
        let level = AlertLevel(rawValue: Int(form["level"].prefix(1)) ?? 0) ?? .none
        let was = AlertLevel(rawValue: Int(original("level").prefix(1)) ?? 0) ?? .none
        if level == was && form.field("why")?.error == nil {
            form.setError("level", "it is \(level.tag) now: ←→ to choose another")
        }
        ops = [.setAlert(country: code, level: level, reason: why, expected: was)]
        return ops
    }

    mutating func log(_ crisis: String?, world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        ops = [.log(crisis: crisis, kind: EventKind(rawValue: form["kind"]) ?? .sitrep, text: required("text"))]
        return ops
    }

    mutating func addItem(_ owner: ChecklistOwner, world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        let text = required("text")
        let due = FormSave.dueDate(&form)
        let taken = Set((world.checklist(of: owner) ?? []).map(\.id))
        ops = [
            .addItem(
                owner: owner,
                item: ChecklistItem(
                    id: FormBuilder.uniqueId("item", taken: taken), text: text,
                    section: trimmed("section").isEmpty ? "Other" : trimmed("section"),
                    status: ItemStatus(rawValue: form["status"]) ?? .open,
                    assignee: trimmed("assignee"), due: due ?? nil, note: trimmed("note")))
        ]
        return ops
    }

    mutating func editItem(_ owner: ChecklistOwner, _ id: String, world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        var patch = ItemPatch()
        var expected = ItemPatch()
        if changed("text") {
            patch.text = required("text")
            expected.text = original("text")
        }
        if changed("section") {
            patch.section = trimmed("section").isEmpty ? "Other" : trimmed("section")
            expected.section = original("section")
        }
        if changed("assignee") {
            patch.assignee = trimmed("assignee")
            expected.assignee = original("assignee")
        }
        if changed("due"), let due = FormSave.dueDate(&form) {
            patch.dueChange = .some(due)
            expected.dueChange = .some(original("due").isEmpty ? nil : FormSave.parseDue(original("due")))
        }
        if changed("note") {
            patch.note = trimmed("note")
            expected.note = original("note")
        }
        if !patch.isEmpty { ops.append(.updateItem(owner: owner, item: id, patch: patch, expected: expected)) }
        // The status goes through its own operation, so a tick keeps who and when.
        if changed("status"), let status = ItemStatus(rawValue: form["status"]) {
            ops.append(
                .setItemStatus(
                    owner: owner, item: id, status: status, expected: ItemStatus(rawValue: original("status"))))
        }
        return ops
    }

    mutating func contact(world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        let built = FormSave.contact(&form, world: world, names: names, now: now)
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
        return ops
    }

    /// The import form saves nothing itself: it names the file the console then reads and previews.
    mutating func importFile(world: World, now: Date) -> [StoreOperation] {
        _ = required("file")
        return []
    }

    mutating func addCountry(world: World, now: Date) -> [StoreOperation] {
        var ops: [StoreOperation] = []
        let text = required("code")
        let code = names.code(for: text)
        if !text.isEmpty && (code == nil || (names.isLoaded && !names.isKnown(code!))) {
            form.setError("code", "not an ISO country")
        }
        if let code { ops = [.addCountry(code: code)] }
        return ops
    }
}
