import Foundation

/// Checklists, contacts, the log and the cell's settings: the rest of `Store`'s one function per operation.
extension Store {
    // MARK: Checklists

    mutating func setItemStatus(
        _ owner: ChecklistOwner, _ itemId: String, _ status: ItemStatus, _ expected: ItemStatus?,
        _ pass: Pass
    ) throws(StoreError) -> Step {
        var items = try checklist(of: owner)
        guard let i = items.firstIndex(where: { $0.id == itemId }) else {
            throw .unknownItem(owner: owner.description, item: itemId)
        }
        let before = items[i]
        guard case .apply(let a) = pass else {
            let stamp = world.stamps[StampKey.item(owner, itemId, "status")]
            let by =
                before.status == .done
                ? before.doneBy.map { ($0, before.doneAt) } : stamp.map { ($0.by, Optional($0.at)) }
            if status == before.status {
                let who = by.map { " by \($0.0)" + ($0.1.map { " at \(Shown.date($0))" } ?? "") } ?? ""
                let state = status == .done ? "done" : status == .open ? "open" : "marked \(status.rawValue)"
                return .prepared(.unchanged("\"\(before.text)\" is already \(state)\(who); nothing changed"))
            }
            if let expected, expected != before.status {
                throw .conflict([
                    Conflict(
                        record: "item \"\(before.text)\"", field: "status", label: "status",
                        expected: expected.rawValue,
                        actual: before.status.rawValue, by: by?.0, at: by?.1 ?? nil)
                ])
            }
            return .prepared(.change(.setItemStatus(owner: owner, item: itemId, status: status, expected: expected)))
        }
        items[i].status = status
        if status == .done {
            items[i].doneBy = a.by
            items[i].doneAt = a.time
        } else {
            items[i].doneBy = nil
            items[i].doneAt = nil
        }
        setChecklist(items, of: owner, time: a.time)
        world.stamps[StampKey.item(owner, itemId, "status")] = a.stamp
        let verb =
            status == .done
            ? "ticked"
            : status == .open ? (before.status == .done ? "unticked" : "reopened") : "marked \(status.rawValue)"
        return .done(
            Done(crisis: owner.crisisId, kind: .change, text: "\(verb) \"\(items[i].text)\"" + owner.whereSaid))
    }

    mutating func addItem(_ owner: ChecklistOwner, _ item: ChecklistItem, _ pass: Pass) throws(StoreError) -> Step {
        let items = try checklist(of: owner)
        try Validate.nonEmpty(item.id, "item id")
        try Validate.nonEmpty(item.text, "item text")
        guard !items.contains(where: { $0.id == item.id }) else { throw .duplicateId(item.id) }
        guard case .apply(let a) = pass else { return .prepared(.change(.addItem(owner: owner, item: item))) }
        setChecklist(items + [item], of: owner, time: a.time)
        return .done(
            Done(crisis: owner.crisisId, kind: .change, text: "added checklist item \"\(item.text)\"" + owner.whereSaid)
        )
    }

    mutating func updateItem(
        _ owner: ChecklistOwner, _ itemId: String, _ patch: ItemPatch, _ expected: ItemPatch?,
        _ pass: Pass
    ) throws(StoreError) -> Step {
        var items = try checklist(of: owner)
        guard let i = items.firstIndex(where: { $0.id == itemId }) else {
            throw .unknownItem(owner: owner.description, item: itemId)
        }
        let item = items[i]
        if let t = patch.text { try Validate.nonEmpty(t, "item text") }
        guard case .apply(let a) = pass else {
            var f = FieldCheck(record: "item \"\(item.text)\"", stamps: world.stamps) {
                StampKey.item(owner, itemId, $0)
            }
            var kept = ItemPatch()
            kept.text = f.check("text", "text", patch.text, expected?.text, item.text, Shown.text)
            kept.section = f.check("section", "section", patch.section, expected?.section, item.section, Shown.text)
            kept.assignee = f.check(
                "assignee", "assignee", patch.assignee, expected?.assignee, item.assignee, Shown.text)
            if let due = f.check("due", "due time", patch.dueChange, expected?.dueChange, item.due, Shown.date) {
                kept.dueChange = .some(due)
            }
            kept.note = f.check("note", "note", patch.note, expected?.note, item.note, Shown.text)
            try f.throwConflicts()
            if kept.isEmpty { return .prepared(.unchanged("\"\(item.text)\": nothing changed")) }
            return .prepared(
                .change(.updateItem(owner: owner, item: itemId, patch: kept, expected: expected?.restricted(to: kept))))
        }
        if let t = patch.text { items[i].text = t }
        if let s = patch.section { items[i].section = s }
        if let v = patch.assignee { items[i].assignee = v }
        if let d = patch.due { items[i].due = d }
        if patch.clearDue == true { items[i].due = nil }
        if let n = patch.note { items[i].note = n }
        setChecklist(items, of: owner, time: a.time)
        for field in patch.fieldNames { world.stamps[StampKey.item(owner, itemId, field)] = a.stamp }
        return .done(
            Done(
                crisis: owner.crisisId, kind: .change,
                text: "edited checklist item \"\(items[i].text)\"" + owner.whereSaid))
    }

    mutating func deleteItem(_ owner: ChecklistOwner, _ itemId: String, _ expected: ChecklistItem?, _ pass: Pass)
        throws(StoreError) -> Step
    {
        var items = try checklist(of: owner)
        guard let i = items.firstIndex(where: { $0.id == itemId }) else {
            throw .unknownItem(owner: owner.description, item: itemId)
        }
        guard case .apply(let a) = pass else {
            if let expected, expected != items[i] {
                let last = newestChange(prefixes: [StampKey.itemPrefix(owner, itemId)], crisis: nil)
                throw .conflict([
                    Conflict(
                        record: "item \"\(items[i].text)\"", field: "", label: "", expected: "as you saw it",
                        actual: "changed", by: last?.by ?? items[i].doneBy, at: last?.at ?? items[i].doneAt)
                ])
            }
            return .prepared(.change(.deleteItem(owner: owner, item: itemId, expected: expected)))
        }
        let removed = items.remove(at: i)
        setChecklist(items, of: owner, time: a.time)
        removeStamps(prefix: StampKey.itemPrefix(owner, itemId))
        return .done(
            Done(
                crisis: owner.crisisId, kind: .change,
                text: "deleted checklist item \"\(removed.text)\"" + owner.whereSaid))
    }

    func checklist(of owner: ChecklistOwner) throws(StoreError) -> [ChecklistItem] {
        switch owner {
        case .crisis(let id):
            guard let c = world.crises[id] else { throw .unknownCrisis(id) }
            return c.checklist
        case .country(let code):
            guard let c = world.countries[code] else { throw .unknownCountry(code) }
            return c.preparedness
        }
    }

    private mutating func setChecklist(_ items: [ChecklistItem], of owner: ChecklistOwner, time: Date) {
        switch owner {
        case .crisis(let id):
            world.crises[id]?.checklist = items
            touch(id, at: time)
        case .country(let code):
            world.countries[code]?.preparedness = items
        }
    }

    // MARK: Contacts

    mutating func addContact(_ contact: Contact, _ pass: Pass) throws(StoreError) -> Step {
        try Validate.contact(contact)
        guard world.contacts[contact.id] == nil else { throw .duplicateId(contact.id) }
        guard case .apply = pass else { return .prepared(.change(.addContact(contact))) }
        world.contacts[contact.id] = contact
        return .done(Done(kind: .change, text: "added contact \(contact.name) (\(contact.organisation))"))
    }

    /// A whole contact from an old journal replaces the one held; a new one becomes a patch of what differs.
    mutating func updateContact(_ contact: Contact, _ pass: Pass) throws(StoreError) -> Step {
        guard let old = world.contacts[contact.id] else { throw .unknownContact(contact.id) }
        try Validate.contact(contact)
        guard case .apply(let a) = pass else {
            return try patchContact(contact.id, ContactPatch.difference(from: old, to: contact), nil, pass)
        }
        world.contacts[contact.id] = contact
        for field in ContactPatch.difference(from: old, to: contact).fieldNames {
            world.stamps[StampKey.contact(contact.id, field)] = a.stamp
        }
        return .done(Done(kind: .change, text: "updated contact \(contact.name) (\(contact.organisation))"))
    }

    mutating func patchContact(_ id: String, _ patch: ContactPatch, _ expected: ContactPatch?, _ pass: Pass)
        throws(StoreError) -> Step
    {
        guard var c = world.contacts[id] else { throw .unknownContact(id) }
        guard case .apply(let a) = pass else {
            var f = FieldCheck(record: "contact \(c.name)", stamps: world.stamps) { StampKey.contact(id, $0) }
            var kept = ContactPatch()
            kept.name = f.check("name", "name", patch.name, expected?.name, c.name, Shown.text)
            kept.organisation = f.check(
                "organisation", "organisation", patch.organisation, expected?.organisation, c.organisation, Shown.text)
            kept.organisationKind = f.check(
                "orgKind", "kind", patch.organisationKind, expected?.organisationKind, c.organisationKind
            ) { $0.rawValue }
            kept.role = f.check("role", "role", patch.role, expected?.role, c.role, Shown.text)
            kept.country = f.check("country", "country", patch.country, expected?.country, c.country, Shown.text)
            kept.city = f.check("city", "city", patch.city, expected?.city, c.city, Shown.text)
            kept.phones = f.check("phones", "phones", patch.phones, expected?.phones, c.phones, Shown.list)
            kept.email = f.check("email", "e-mail", patch.email, expected?.email, c.email, Shown.text)
            kept.messaging = f.check(
                "messaging", "messaging", patch.messaging, expected?.messaging, c.messaging, Shown.text)
            kept.timeZone = f.check("timeZone", "time zone", patch.timeZone, expected?.timeZone, c.timeZone, Shown.text)
            kept.languages = f.check(
                "languages", "languages", patch.languages, expected?.languages, c.languages, Shown.list)
            kept.duty = f.check("duty", "duty", patch.duty, expected?.duty, c.duty) { $0.rawValue }
            kept.callOrder = f.check("order", "call order", patch.callOrder, expected?.callOrder, c.callOrder) {
                "\($0)"
            }
            kept.notes = f.check("notes", "notes", patch.notes, expected?.notes, c.notes, Shown.text)
            kept.nameParts = f.check(
                "nameParts", "name parts", patch.nameParts, expected?.nameParts, c.nameParts ?? [], Shown.list)
            kept.addressType = f.check(
                "addressType", "address type", patch.addressType, expected?.addressType, c.addressType ?? "",
                Shown.text)
            try f.throwConflicts()
            if kept.isEmpty { return .prepared(.unchanged("contact \(c.name): nothing changed")) }
            // Marking a contact verified rides along with a real change; alone it is not one.
            if let v = patch.lastVerified, v != c.lastVerified { kept.lastVerified = v }
            c.apply(kept)
            try Validate.contact(c)
            return .prepared(.change(.patchContact(id: id, patch: kept, expected: expected?.restricted(to: kept))))
        }
        c.apply(patch)
        try Validate.contact(c)
        world.contacts[id] = c
        for field in patch.fieldNames { world.stamps[StampKey.contact(id, field)] = a.stamp }
        let fields = patch.fieldNames.filter { $0 != "lastVerified" }
        return .done(
            Done(
                kind: .change,
                text: "updated contact \(c.name) (\(c.organisation))"
                    + (fields.isEmpty ? "" : ": " + fields.joined(separator: ", "))))
    }

    mutating func deleteContact(_ id: String, _ expected: Contact?, _ pass: Pass) throws(StoreError) -> Step {
        guard let c = world.contacts[id] else { throw .unknownContact(id) }
        guard case .apply = pass else {
            if let expected, expected != c {
                let last = newestChange(prefixes: [StampKey.contactPrefix(id)], crisis: nil)
                throw .conflict([
                    Conflict(
                        record: "contact \(c.name)", field: "", label: "", expected: "as you saw it", actual: "changed",
                        by: last?.by, at: last?.at)
                ])
            }
            return .prepared(.change(.deleteContact(id: id, expected: expected)))
        }
        world.contacts[id] = nil
        removeStamps(prefix: StampKey.contactPrefix(id))
        return .done(Done(kind: .change, text: "deleted contact \(c.name)"))
    }

    // MARK: Log and cell

    mutating func log(_ crisis: String?, _ kind: EventKind, _ text: String, _ pass: Pass) throws(StoreError) -> Step {
        try Validate.nonEmpty(text, "log text")
        if let crisis, world.crises[crisis] == nil { throw .unknownCrisis(crisis) }
        guard case .apply(let a) = pass else { return .prepared(.change(.log(crisis: crisis, kind: kind, text: text))) }
        touch(crisis, at: a.time)
        return .done(Done(crisis: crisis, kind: kind, text: text))
    }

    mutating func setCell(_ settings: CellSettings, _ expected: CellSettings?, _ pass: Pass) throws(StoreError) -> Step
    {
        try Validate.nonEmpty(settings.name, "cell name")
        try Validate.timeZone(settings.homeTimeZone)
        if let n = settings.bannerNationals, !(0...CountRules.maximum).contains(n) {
            throw .outOfRange(field: "banner threshold", value: n, range: 0...CountRules.maximum)
        }
        let current = world.cell
        guard case .apply(let a) = pass else {
            var f = FieldCheck(record: "cell settings", stamps: world.stamps) { StampKey.cell($0) }
            let name = f.check("name", "name", settings.name, expected?.name, current.name, Shown.text)
            let zone = f.check(
                "homeTimeZone", "home time zone", settings.homeTimeZone, expected?.homeTimeZone, current.homeTimeZone,
                Shown.text)
            let banner = f.check(
                // No expectation at all is not an expectation of "standard": map, not optional chaining.
                "bannerNationals", "banner threshold", settings.bannerNationals, expected.map { $0.bannerNationals },
                current.bannerNationals
            ) { $0.map(Format.number) ?? "standard" }
            try f.throwConflicts()
            if name == nil && zone == nil && banner == nil {
                return .prepared(.unchanged("cell settings: nothing changed"))
            }
            return .prepared(.change(.setCell(settings, expected: expected)))
        }
        world.cell = settings
        if settings.name != current.name { world.stamps[StampKey.cell("name")] = a.stamp }
        if settings.homeTimeZone != current.homeTimeZone { world.stamps[StampKey.cell("homeTimeZone")] = a.stamp }
        if settings.bannerNationals != current.bannerNationals {
            world.stamps[StampKey.cell("bannerNationals")] = a.stamp
        }
        let banner = settings.bannerNationals.map { ", banners where \(Format.number($0)) nationals or more" } ?? ""
        return .done(
            Done(
                kind: .change,
                text: "cell settings: \(settings.name), home time zone \(settings.homeTimeZone)\(banner)"))
    }
}
