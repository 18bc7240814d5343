import Foundation

/// A count with the time it was true and who said so.
public struct CountValue: Codable, Equatable, Sendable {
    public var value: Int
    public var asOf: Date
    public var source: String
    public init(value: Int, asOf: Date, source: String) {
        self.value = value
        self.asOf = asOf
        self.source = source
    }
}

/// One recorded change of a count; kept so deltas and trends can be shown.
public struct CountChange: Codable, Equatable, Sendable {
    public var kind: CountKind
    public var value: Int
    public var previous: Int?
    public var at: Date
    public var source: String
    public var by: String
    public init(kind: CountKind, value: Int, previous: Int?, at: Date, source: String, by: String) {
        self.kind = kind
        self.value = value
        self.previous = previous
        self.at = at
        self.source = source
        self.by = by
    }
}

public struct AlertChange: Codable, Equatable, Sendable {
    public var level: AlertLevel
    public var previous: AlertLevel
    public var at: Date
    public var by: String
    public var reason: String

    public init(level: AlertLevel, previous: AlertLevel, at: Date, by: String, reason: String) {
        self.level = level
        self.previous = previous
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// A host country where nationals live and work.
public struct Country: Codable, Equatable, Sendable, Identifiable {
    public var code: String
    public var alertLevel: AlertLevel
    public var alertHistory: [AlertChange]
    public var counts: [CountKind: CountValue]
    public var countHistory: [CountChange]
    /// Standing preparedness checklist for this host country.
    public var preparedness: [ChecklistItem]

    public var id: String { code }

    public init(
        code: String, alertLevel: AlertLevel = .none, counts: [CountKind: CountValue] = [:],
        preparedness: [ChecklistItem] = []
    ) {
        self.code = code
        self.alertLevel = alertLevel
        self.alertHistory = []
        self.counts = counts
        self.countHistory = []
        self.preparedness = preparedness
    }

    public func count(_ kind: CountKind) -> Int? { counts[kind]?.value }
    public var lastAlertChange: AlertChange? { alertHistory.last }

    /// Change of a count over the window ending at `now`: 0 when it did not move, the whole value when it
    /// was first set inside the window, nil when the count is unknown.
    public func delta(_ kind: CountKind, over window: TimeInterval, now: Date) -> Int? {
        guard let current = count(kind) else { return nil }
        let cutoff = now.addingTimeInterval(-window)
        var before: Int? = nil
        var changedInWindow = false
        for change in countHistory where change.kind == kind {
            if change.at <= cutoff {
                before = change.value
            } else {
                changedInWindow = true
                if before == nil { before = change.previous }
            }
        }
        guard changedInWindow else { return 0 }
        return current - (before ?? 0)
    }

    /// Values of a count at the end of each of `days` days ending at `now` (for sparklines).
    public func series(_ kind: CountKind, days: Int, now: Date) -> [Int] {
        let history = countHistory.filter { $0.kind == kind }
        return (0..<days).map { i in
            let end = now.addingTimeInterval(-Double(days - 1 - i) * 86_400)
            if let last = history.last(where: { $0.at <= end }) { return last.value }
            if let first = history.first, let previous = first.previous { return previous }
            return history.isEmpty ? (count(kind) ?? 0) : 0
        }
    }
}
