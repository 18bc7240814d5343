import Foundation

/// The in-memory store: the world plus the number of the last operation applied.
/// `apply` is the one function through which every change passes; it validates first
/// and leaves the world untouched when it throws.
public struct Store: Sendable, Equatable {
    public private(set) var world: World
    public private(set) var seq: Int

    public init(world: World = World(), seq: Int = 0) {
        self.world = world; self.seq = seq
    }

    /// Validates without changing anything.
    public func validate(_ op: StoreOperation) throws(StoreError) {
        var copy = self
        try copy.applyOperation(op, time: Date(timeIntervalSince1970: 0), by: "", seq: seq + 1, dryRun: true)
    }

    public mutating func apply(_ entry: JournalEntry) throws(StoreError) {
        try applyOperation(entry.op, time: entry.time, by: entry.operator, seq: entry.seq, dryRun: false)
        seq = entry.seq
    }

    // Each case checks everything before it mutates, so a throw leaves the store as it was.
    private mutating func applyOperation(_ op: StoreOperation, time: Date, by who: String, seq: Int, dryRun: Bool) throws(StoreError) {
        var crisisOfEvent: String? = nil
        var kind = EventKind.change
        let text: String
        switch op {
        case .addCountry(let code):
            try Validate.countryCode(code)
            guard world.countries[code] == nil else { throw .duplicateId(code) }
            if dryRun { return }
            world.countries[code] = Country(code: code)
            text = "added host country \(code)"

        case .setAlert(let code, let level, let reason):
            try Validate.countryCode(code)
            try Validate.nonEmpty(reason, "reason")
            if dryRun { return }
            var country = world.countries[code] ?? Country(code: code)
            let previous = country.alertLevel
            country.alertLevel = level
            country.alertHistory.append(AlertChange(level: level, previous: previous, at: time, by: who, reason: reason))
            world.countries[code] = country
            kind = .alert
            crisisOfEvent = activeCrisis(in: code)
            let verb = level > previous ? "raised" : level < previous ? "lowered" : "confirmed"
            text = "\(code) alert \(verb) \(previous.tag) → \(level.tag) (\(level.label)): \(reason)"

        case .setCounts(let code, let counts, let source, let asOf):
            try Validate.countryCode(code)
            guard !counts.isEmpty else { throw .empty(field: "counts") }
            for kind in CountKind.allCases { if let v = counts[kind], v < 0 { throw .negativeCount(kind, v) } }
            let country = world.countries[code] ?? Country(code: code)
            var merged: [CountKind: Int] = country.counts.mapValues(\.value)
            for (k, v) in counts { merged[k] = v }
            for part in CountKind.allCases {
                guard let whole = part.whole, let p = merged[part], let w = merged[whole], p > w else { continue }
                throw .partExceedsWhole(country: code, part: part, partValue: p, whole: whole, wholeValue: w)
            }
            if dryRun { return }
            var updated = country
            var parts: [String] = []
            for k in CountKind.allCases {
                guard let v = counts[k] else { continue }
                let previous = updated.counts[k]?.value
                updated.counts[k] = CountValue(value: v, asOf: asOf ?? time, source: source)
                let change = CountChange(kind: k, value: v, previous: previous, at: asOf ?? time, source: source, by: who)
                // History stays in time order even when a figure is back-dated, so deltas and trends hold.
                let at = updated.countHistory.lastIndex(where: { $0.at <= change.at }).map { $0 + 1 } ?? 0
                updated.countHistory.insert(change, at: at)
                let delta = previous.map { v - $0 }.map { $0 == 0 ? "" : " (\($0 > 0 ? "+" : "")\($0))" } ?? ""
                parts.append("\(k.label) \(v)\(delta)")
            }
            world.countries[code] = updated
            crisisOfEvent = activeCrisis(in: code)
            if let c = crisisOfEvent { world.crises[c]?.updated = time }
            text = "\(code) " + parts.joined(separator: ", ") + (source.isEmpty ? "" : " — \(source)")

        case .addCrisis(let crisis):
            try Validate.crisis(crisis)
            guard world.crises[crisis.id] == nil else { throw .duplicateId(crisis.id) }
            if dryRun { return }
            var c = crisis
            c.updated = time
            for code in c.countries where world.countries[code] == nil { world.countries[code] = Country(code: code) }
            world.crises[c.id] = c
            crisisOfEvent = c.id
            text = "opened crisis \"\(c.title)\" (\(c.kind.rawValue), severity \(c.severity), \(c.phase.rawValue))"

        case .updateCrisis(let id, let patch):
            guard var c = world.crises[id] else { throw .unknownCrisis(id) }
            var changes: [String] = []
            if let v = patch.title, v != c.title { c.title = v; changes.append("title \"\(v)\"") }
            if let v = patch.kind, v != c.kind { c.kind = v; changes.append("kind \(v.rawValue)") }
            if let v = patch.countries, v != c.countries { c.countries = v; changes.append("countries \(v.joined(separator: " "))") }
            if let v = patch.severity, v != c.severity { c.severity = v; changes.append("severity \(v)") }
            if let v = patch.phase, v != c.phase { c.phase = v; changes.append("phase \(v.rawValue)"); kind = .decision }
            if let v = patch.leadOfficer, v != c.leadOfficer { c.leadOfficer = v; changes.append("lead \(v)") }
            if let v = patch.summary, v != c.summary { c.summary = v; changes.append("summary") }
            try Validate.crisis(c)
            if dryRun { return }
            c.updated = time
            for code in c.countries where world.countries[code] == nil { world.countries[code] = Country(code: code) }
            world.crises[id] = c
            crisisOfEvent = id
            text = "\(c.title): " + (changes.isEmpty ? "no change" : changes.joined(separator: ", "))

        case .deleteCrisis(let id):
            guard let c = world.crises[id] else { throw .unknownCrisis(id) }
            if dryRun { return }
            world.crises[id] = nil
            text = "deleted crisis \"\(c.title)\""

        case .setItemStatus(let owner, let itemId, let status):
            var items = try checklist(of: owner)
            guard let i = items.firstIndex(where: { $0.id == itemId }) else { throw .unknownItem(owner: owner.description, item: itemId) }
            if dryRun { return }
            let before = items[i].status
            items[i].status = status
            if status == .done { items[i].doneBy = who; items[i].doneAt = time } else { items[i].doneBy = nil; items[i].doneAt = nil }
            setChecklist(items, of: owner, time: time)
            crisisOfEvent = owner.crisisId
            let verb = status == .done ? "ticked" : status == .open ? (before == .done ? "unticked" : "reopened") : "marked \(status.rawValue)"
            text = "\(verb) \"\(items[i].text)\""

        case .addItem(let owner, let item):
            let items = try checklist(of: owner)
            try Validate.nonEmpty(item.id, "item id")
            try Validate.nonEmpty(item.text, "item text")
            guard !items.contains(where: { $0.id == item.id }) else { throw .duplicateId(item.id) }
            if dryRun { return }
            setChecklist(items + [item], of: owner, time: time)
            crisisOfEvent = owner.crisisId
            text = "added checklist item \"\(item.text)\""

        case .updateItem(let owner, let itemId, let patch):
            var items = try checklist(of: owner)
            guard let i = items.firstIndex(where: { $0.id == itemId }) else { throw .unknownItem(owner: owner.description, item: itemId) }
            if let t = patch.text { try Validate.nonEmpty(t, "item text"); items[i].text = t }
            if let s = patch.section { items[i].section = s }
            if let a = patch.assignee { items[i].assignee = a }
            if let d = patch.due { items[i].due = d }
            if patch.clearDue == true { items[i].due = nil }
            if let n = patch.note { items[i].note = n }
            if dryRun { return }
            setChecklist(items, of: owner, time: time)
            crisisOfEvent = owner.crisisId
            text = "edited checklist item \"\(items[i].text)\""

        case .deleteItem(let owner, let itemId):
            var items = try checklist(of: owner)
            guard let i = items.firstIndex(where: { $0.id == itemId }) else { throw .unknownItem(owner: owner.description, item: itemId) }
            if dryRun { return }
            let removed = items.remove(at: i)
            setChecklist(items, of: owner, time: time)
            crisisOfEvent = owner.crisisId
            text = "deleted checklist item \"\(removed.text)\""

        case .addContact(let contact):
            try Validate.contact(contact)
            guard world.contacts[contact.id] == nil else { throw .duplicateId(contact.id) }
            if dryRun { return }
            world.contacts[contact.id] = contact
            text = "added contact \(contact.name) (\(contact.organisation))"

        case .updateContact(let contact):
            guard world.contacts[contact.id] != nil else { throw .unknownContact(contact.id) }
            try Validate.contact(contact)
            if dryRun { return }
            world.contacts[contact.id] = contact
            text = "updated contact \(contact.name) (\(contact.organisation))"

        case .deleteContact(let id):
            guard let c = world.contacts[id] else { throw .unknownContact(id) }
            if dryRun { return }
            world.contacts[id] = nil
            text = "deleted contact \(c.name)"

        case .log(let crisis, let logKind, let logText):
            try Validate.nonEmpty(logText, "log text")
            if let crisis, world.crises[crisis] == nil { throw .unknownCrisis(crisis) }
            if dryRun { return }
            if let crisis { world.crises[crisis]?.updated = time }
            crisisOfEvent = crisis
            kind = logKind
            text = logText

        case .setCell(let settings):
            try Validate.nonEmpty(settings.name, "cell name")
            try Validate.timeZone(settings.homeTimeZone)
            if dryRun { return }
            world.cell = settings
            text = "cell settings: \(settings.name), home time zone \(settings.homeTimeZone)"
        }
        world.events.append(Event(seq: seq, time: time, operator: who, crisis: crisisOfEvent, kind: kind, text: text))
    }

    private func checklist(of owner: ChecklistOwner) throws(StoreError) -> [ChecklistItem] {
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
            world.crises[id]?.updated = time
        case .country(let code):
            world.countries[code]?.preparedness = items
        }
    }

    /// The most urgent active crisis that covers a country, so a country's change lands in its crisis's log.
    private func activeCrisis(in code: String) -> String? {
        world.crises.values.filter { $0.isActive && $0.countries.contains(code) }
            .sorted { ($0.severity, $0.phase.urgency, $1.id) > ($1.severity, $1.phase.urgency, $0.id) }
            .first?.id
    }
}

extension ChecklistOwner: CustomStringConvertible {
    public var description: String {
        switch self {
        case .crisis(let id): return "crisis \(id)"
        case .country(let code): return "preparedness of \(code)"
        }
    }
    public var crisisId: String? { if case .crisis(let id) = self { return id } else { return nil } }
}
