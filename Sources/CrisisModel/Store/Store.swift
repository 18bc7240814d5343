import Foundation

/// The in-memory store: the world plus the number of the last operation applied.
///
/// Every change passes through one function per kind of operation, in two passes:
/// - `prepare` checks a new change against the store as it is now: the rules, and the values it expects to
///   replace (a conflict when someone changed them since). It gives back the change reduced to what it really
///   changes, or says that it changes nothing, so nothing is written for it.
/// - `apply` carries out an operation from the journal, exactly as it was written (first-wave journals too).
/// Both validate before they mutate: a throw leaves the store as it was.
public struct Store: Sendable, Equatable {
    public internal(set) var world: World
    public private(set) var seq: Int

    public init(world: World = World(), seq: Int = 0) {
        self.world = world
        self.seq = seq
    }

    /// What a new change would do.
    public enum Prepared: Equatable, Sendable {
        /// The change reduced to the fields it changes (each still with what it expects to replace).
        case change(StoreOperation)
        /// Nothing would change: why, in words ("already done by karim at …; nothing changed").
        case unchanged(String)
    }

    /// Checks a new change against the store as it is now, without changing anything.
    public func prepare(_ op: StoreOperation) throws(StoreError) -> Prepared {
        var copy = self
        return try copy.run(op, .prepare)
    }

    /// Checks a new change; throws when it would be refused. (A change that changes nothing passes.)
    public func validate(_ op: StoreOperation) throws(StoreError) {
        _ = try prepare(op)
    }

    public mutating func apply(_ entry: JournalEntry) throws(StoreError) {
        // A change made offline is dated when it was made; the log also says when it arrived.
        let applying = Applying(
            time: entry.madeAt ?? entry.time, by: entry.operator, seq: entry.seq,
            sentAt: entry.madeAt == nil ? nil : entry.time)
        _ = try run(entry.op, .apply(applying))
        seq = entry.seq
    }

    struct Applying {
        var time: Date
        var by: String
        var seq: Int
        var sentAt: Date? = nil
        var stamp: FieldStamp { FieldStamp(by: by, at: time, seq: seq) }
    }

    enum Pass {
        case prepare
        case apply(Applying)
    }

    /// What one operation did, for the log.
    struct Done {
        var crisis: String?
        var kind: EventKind
        var text: String
    }

    /// Result of a handler: in the prepare pass what the change would do; in the apply pass, the log line.
    enum Step {
        case prepared(Prepared)
        case done(Done)
    }

    mutating func run(_ op: StoreOperation, _ pass: Pass) throws(StoreError) -> Prepared {
        let step: Step
        switch op {
        case .addCountry(let code): step = try addCountry(code, pass)
        case .setAlert(let code, let level, let reason, let expected):
            step = try setAlert(code, level, reason, expected, pass)
        case .setCounts(let code, let counts, let source, let asOf, let expected):
            step = try setCounts(code, counts, source, asOf, expected, pass)
        case .addCrisis(let crisis): step = try addCrisis(crisis, pass)
        case .updateCrisis(let id, let patch, let expected): step = try updateCrisis(id, patch, expected, pass)
        case .deleteCrisis(let id, let expected): step = try deleteCrisis(id, expected, pass)
        case .setItemStatus(let owner, let item, let status, let expected):
            step = try setItemStatus(owner, item, status, expected, pass)
        case .addItem(let owner, let item): step = try addItem(owner, item, pass)
        case .updateItem(let owner, let item, let patch, let expected):
            step = try updateItem(owner, item, patch, expected, pass)
        case .deleteItem(let owner, let item, let expected): step = try deleteItem(owner, item, expected, pass)
        case .addContact(let contact): step = try addContact(contact, pass)
        case .updateContact(let contact): step = try updateContact(contact, pass)
        case .patchContact(let id, let patch, let expected): step = try patchContact(id, patch, expected, pass)
        case .deleteContact(let id, let expected): step = try deleteContact(id, expected, pass)
        case .log(let crisis, let kind, let text): step = try log(crisis, kind, text, pass)
        case .setCell(let settings, let expected): step = try setCell(settings, expected, pass)
        case .followFeed(let feed, let expected): step = try followFeed(feed, expected, pass)
        case .unfollowFeed(let name, let expected): step = try unfollowFeed(name, expected, pass)
        case .receiveItems(let feed, let items): step = try receiveItems(feed, items, pass)
        case .triageIncoming(let key, let status, let reason, let crisis, let expected):
            step = try triageIncoming(key, status, reason, crisis, expected, pass)
        }
        switch step {
        case .prepared(let prepared): return prepared
        case .done(let done):
            guard case .apply(let a) = pass else { return .change(op) }
            world.events.append(
                Event(
                    seq: a.seq, time: a.time, operator: a.by, crisis: done.crisis, kind: done.kind, text: done.text,
                    ref: op.record, sentAt: a.sentAt))
            return .change(op)
        }
    }

    // MARK: Countries

    mutating func addCountry(_ code: String, _ pass: Pass) throws(StoreError) -> Step {
        try Validate.countryCode(code)
        if case .prepare = pass {
            if world.countries[code] != nil {
                return .prepared(.unchanged("\(code) is already on the board; nothing changed"))
            }
            return .prepared(.change(.addCountry(code: code)))
        }
        guard world.countries[code] == nil else { throw .duplicateId(code) }
        world.countries[code] = Country(code: code)
        return .done(Done(kind: .change, text: "added host country \(code)"))
    }

    mutating func setAlert(
        _ code: String, _ level: AlertLevel, _ reason: String, _ expected: AlertLevel?,
        _ pass: Pass
    ) throws(StoreError) -> Step {
        try Validate.countryCode(code)
        try Validate.nonEmpty(reason, "reason")
        let country = world.countries[code] ?? Country(code: code)
        let previous = country.alertLevel
        if case .prepare = pass {
            let last = country.lastAlertChange
            if level == previous {
                let by = last.map { ", set by \($0.by) at \(Shown.date($0.at))" } ?? ""
                return .prepared(.unchanged("\(code) is already at \(level.tag) \(level.label)\(by); nothing changed"))
            }
            if let expected, expected != previous {
                throw .conflict([
                    Conflict(
                        record: code, field: "level", label: "alert level",
                        expected: "\(expected.tag) \(expected.label)",
                        actual: "\(previous.tag) \(previous.label)", by: last?.by, at: last?.at)
                ])
            }
            return .prepared(.change(.setAlert(country: code, level: level, reason: reason, expected: expected)))
        }
        guard case .apply(let a) = pass else { preconditionFailure() }
        var updated = country
        updated.alertLevel = level
        updated.alertHistory.append(AlertChange(level: level, previous: previous, at: a.time, by: a.by, reason: reason))
        world.countries[code] = updated
        let verb = level > previous ? "raised" : level < previous ? "lowered" : "confirmed"
        return .done(
            Done(
                crisis: activeCrisis(in: code), kind: .alert,
                text: "\(code) alert \(verb) \(previous.tag) → \(level.tag) (\(level.label)): \(reason)"))
    }

    mutating func setCounts(
        _ code: String, _ counts: [CountKind: Int], _ source: String, _ asOf: Date?,
        _ expected: [CountKind: Int?]?, _ pass: Pass
    ) throws(StoreError) -> Step {
        try Validate.countryCode(code)
        guard !counts.isEmpty else { throw .empty(field: "counts") }
        for kind in CountKind.allCases { if let v = counts[kind], v < 0 { throw .negativeCount(kind, v) } }
        let country = world.countries[code] ?? Country(code: code)
        var changing = counts
        if case .prepare = pass {
            var conflicts: [Conflict] = []
            for (kind, value) in counts {
                let current = country.count(kind)
                if value == current {
                    changing[kind] = nil
                    continue
                }
                if let expected, let wanted = expected[kind], wanted != current {
                    let last = country.countHistory.last { $0.kind == kind }
                    conflicts.append(
                        Conflict(
                            record: code, field: kind.rawValue, label: kind.label, expected: Shown.count(wanted),
                            actual: Shown.count(current), by: last?.by, at: last?.at))
                }
            }
            if !conflicts.isEmpty { throw .conflict(conflicts.sorted { $0.field < $1.field }) }
            if changing.isEmpty {
                let held = counts.keys.sorted { $0.order < $1.order }.map { k in
                    "\(k.label) \(Format.number(counts[k]!))"
                }
                let asOfText =
                    counts.keys.compactMap { country.counts[$0]?.asOf }.max().map { " (as of \(Shown.date($0)))" } ?? ""
                return .prepared(
                    .unchanged("\(code) \(held.joined(separator: ", ")) already\(asOfText); nothing changed"))
            }
        }
        for kind in CountKind.allCases {
            if let v = counts[kind], v > CountRules.maximum { throw .countTooLarge(kind, v) }
        }
        guard case .apply(let a) = pass else {
            // Which counts contain which is checked for new changes only: a journal written under earlier rules
            // replays as it was written.
            var merged: [CountKind: Int] = country.counts.mapValues(\.value)
            for (k, v) in changing { merged[k] = v }
            if let v = CountRules.violations(merged).first {
                throw .partExceedsWhole(
                    country: code, part: v.part, partValue: v.partValue, whole: v.whole, wholeValue: v.wholeValue)
            }
            let kept = expected.map { e in e.filter { changing[$0.key] != nil } }
            return .prepared(
                .change(
                    .setCounts(
                        country: code, counts: changing, source: source, asOf: asOf,
                        expected: kept.flatMap { $0.isEmpty ? nil : $0 })))
        }
        var updated = country
        var parts: [String] = []
        // A figure without an as-of time stands from when it reached the record: one made offline must not sit in
        // the history before a colleague's that it replaced.
        let when = asOf ?? a.sentAt ?? a.time
        for k in CountKind.allCases {
            guard let v = counts[k] else { continue }
            let previous = updated.counts[k]?.value
            updated.counts[k] = CountValue(value: v, asOf: when, source: source)
            let change = CountChange(kind: k, value: v, previous: previous, at: when, source: source, by: a.by)
            // History stays in time order even when a figure is back-dated, so deltas and trends hold.
            let at = updated.countHistory.lastIndex(where: { $0.at <= change.at }).map { $0 + 1 } ?? 0
            updated.countHistory.insert(change, at: at)
            let delta = previous.map { v - $0 }.map { $0 == 0 ? "" : " (\($0 > 0 ? "+" : "")\($0))" } ?? ""
            parts.append("\(k.label) \(v)\(delta)")
        }
        world.countries[code] = updated
        let crisis = activeCrisis(in: code)
        touch(crisis, at: a.time)
        return .done(
            Done(
                crisis: crisis, kind: .change,
                text: "\(code) " + parts.joined(separator: ", ") + (source.isEmpty ? "" : " — \(source)")))
    }

    /// A crisis's "updated" moves forward only: a change made offline arrives dated before later ones.
    mutating func touch(_ crisis: String?, at time: Date) {
        guard let crisis, let before = world.crises[crisis]?.updated, before < time else { return }
        world.crises[crisis]?.updated = time
    }

    // MARK: Crises

    mutating func addCrisis(_ crisis: Crisis, _ pass: Pass) throws(StoreError) -> Step {
        try Validate.crisis(crisis)
        guard world.crises[crisis.id] == nil else { throw .duplicateId(crisis.id) }
        guard case .apply(let a) = pass else { return .prepared(.change(.addCrisis(crisis))) }
        var c = crisis
        c.updated = a.time
        for code in c.countries where world.countries[code] == nil { world.countries[code] = Country(code: code) }
        world.crises[c.id] = c
        return .done(
            Done(
                crisis: c.id, kind: .change,
                text: "opened crisis \"\(c.title)\" (\(c.kind.rawValue), severity \(c.severity), \(c.phase.rawValue))"))
    }

    mutating func updateCrisis(_ id: String, _ patch: CrisisPatch, _ expected: CrisisPatch?, _ pass: Pass)
        throws(StoreError) -> Step
    {
        guard var c = world.crises[id] else { throw .unknownCrisis(id) }
        if case .prepare = pass {
            var f = FieldCheck(record: "crisis \(id)", stamps: world.stamps) { StampKey.crisis(id, $0) }
            var kept = CrisisPatch()
            kept.title = f.check("title", "title", patch.title, expected?.title, c.title, Shown.text)
            kept.kind = f.check("kind", "kind", patch.kind, expected?.kind, c.kind) { $0.rawValue }
            kept.countries = f.check(
                "countries", "countries", patch.countries, expected?.countries, c.countries, Shown.list)
            kept.severity = f.check("severity", "severity", patch.severity, expected?.severity, c.severity) { "\($0)" }
            kept.phase = f.check("phase", "phase", patch.phase, expected?.phase, c.phase) { $0.rawValue }
            kept.leadOfficer = f.check(
                "lead", "lead officer", patch.leadOfficer, expected?.leadOfficer, c.leadOfficer, Shown.text)
            kept.summary = f.check("summary", "summary", patch.summary, expected?.summary, c.summary, Shown.text)
            try f.throwConflicts()
            if kept.isEmpty { return .prepared(.unchanged("crisis \"\(c.title)\": nothing changed")) }
            c.apply(kept)
            try Validate.crisis(c)
            return .prepared(.change(.updateCrisis(id: id, patch: kept, expected: expected?.restricted(to: kept))))
        }
        guard case .apply(let a) = pass else { preconditionFailure() }
        var changes: [String] = []
        var kind = EventKind.change
        if let v = patch.title, v != c.title { changes.append("title \"\(v)\"") }
        if let v = patch.kind, v != c.kind { changes.append("kind \(v.rawValue)") }
        if let v = patch.countries, v != c.countries { changes.append("countries \(v.joined(separator: " "))") }
        if let v = patch.severity, v != c.severity { changes.append("severity \(v)") }
        if let v = patch.phase, v != c.phase {
            changes.append("phase \(v.rawValue)")
            kind = .decision
        }
        if let v = patch.leadOfficer, v != c.leadOfficer { changes.append("lead \(v)") }
        if let v = patch.summary, v != c.summary { changes.append("summary") }
        c.apply(patch)
        try Validate.crisis(c)
        c.updated = max(c.updated, a.time)
        for code in c.countries where world.countries[code] == nil { world.countries[code] = Country(code: code) }
        world.crises[id] = c
        for field in patch.fieldNames { world.stamps[StampKey.crisis(id, field)] = a.stamp }
        return .done(
            Done(
                crisis: id, kind: kind,
                text: "\(c.title): " + (changes.isEmpty ? "no change" : changes.joined(separator: ", "))))
    }

    mutating func deleteCrisis(_ id: String, _ expected: Crisis?, _ pass: Pass) throws(StoreError) -> Step {
        guard let c = world.crises[id] else { throw .unknownCrisis(id) }
        guard case .apply = pass else {
            if let expected, !expected.sameContent(as: c) {
                let last = newestChange(
                    prefixes: [StampKey.crisisPrefix(id), StampKey.ownerPrefix(.crisis(id))], crisis: id)
                throw .conflict([
                    Conflict(
                        record: "crisis \"\(c.title)\"", field: "", label: "", expected: "as you saw it",
                        actual: "changed", by: last?.by, at: last?.at)
                ])
            }
            return .prepared(.change(.deleteCrisis(id: id, expected: expected)))
        }
        world.crises[id] = nil
        removeStamps(prefix: StampKey.crisisPrefix(id))
        removeStamps(prefix: StampKey.ownerPrefix(.crisis(id)))
        return .done(Done(kind: .change, text: "deleted crisis \"\(c.title)\""))
    }

    // MARK: Shared

    /// The most urgent active crisis that covers a country, so a country's change lands in its crisis's log.
    func activeCrisis(in code: String) -> String? {
        world.crises.values.filter { $0.isActive && $0.countries.contains(code) }
            .sorted { ($0.severity, $0.phase.urgency, $1.id) > ($1.severity, $1.phase.urgency, $0.id) }
            .first?.id
    }

    mutating func removeStamps(prefix: String) {
        guard world.stamps.keys.contains(where: { $0.hasPrefix(prefix) }) else { return }
        world.stamps = world.stamps.filter { !$0.key.hasPrefix(prefix) }
    }

    /// Who changed a record last: its newest stamp, else the newest log line about its crisis.
    func newestChange(prefixes: [String], crisis: String?) -> (by: String, at: Date)? {
        let stamp = world.stamps.filter { s in prefixes.contains { s.key.hasPrefix($0) } }.values.max {
            $0.seq < $1.seq
        }
        if let stamp { return (stamp.by, stamp.at) }
        if let crisis, let e = world.events.last(where: { $0.crisis == crisis }) { return (e.operator, e.time) }
        return nil
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

extension StoreOperation {
    /// The record an operation changes, as the log keeps it (see `Event.ref`).
    public var record: String? {
        switch self {
        case .addCountry(let c), .setAlert(let c, _, _, _), .setCounts(let c, _, _, _, _): return "country:\(c)"
        case .addCrisis(let c): return "crisis:\(c.id)"
        case .updateCrisis(let id, _, _), .deleteCrisis(let id, _): return "crisis:\(id)"
        case .setItemStatus(let o, let i, _, _), .updateItem(let o, let i, _, _), .deleteItem(let o, let i, _):
            return "item:\(o.key)/\(i)"
        case .addItem(let o, let item): return "item:\(o.key)/\(item.id)"
        case .addContact(let c), .updateContact(let c): return "contact:\(c.id)"
        case .patchContact(let id, _, _), .deleteContact(let id, _): return "contact:\(id)"
        case .followFeed(let f, _): return "feed:\(f.name)"
        case .unfollowFeed(let name, _), .receiveItems(let name, _): return "feed:\(name)"
        case .triageIncoming(let key, _, _, _, _): return "incoming:\(key)"
        case .log, .setCell: return nil
        }
    }
}
