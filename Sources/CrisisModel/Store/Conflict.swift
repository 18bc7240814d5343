import Foundation

/// A change refused because a value it expected to replace is no longer there: someone changed it since the
/// operator saw it. Says which record and field, what was expected, what it is now, and who made it so.
public struct Conflict: Equatable, Sendable, CustomStringConvertible {
    /// "LB", "crisis lb-escalation", "item resp-04 of crisis lb-escalation", "contact c01", "cell settings".
    public var record: String
    /// The field's key as forms name it ("affected", "title", "phones"); empty for the record as a whole.
    public var field: String
    /// The field in words ("affected", "title", "phones").
    public var label: String
    /// The value the change expected to replace, and the value now, in words.
    public var expected: String
    public var actual: String
    public var by: String?
    public var at: Date?

    public init(
        record: String, field: String, label: String? = nil, expected: String, actual: String, by: String? = nil,
        at: Date? = nil
    ) {
        self.record = record
        self.field = field
        self.label = label ?? field
        self.expected = expected
        self.actual = actual
        self.by = by
        self.at = at
    }

    /// "karim at 2026-11-29 14:05 UTC", or empty when nobody is on record.
    public var who: String {
        let when = at.map { " at " + Format.dateTime($0, .utc) + " UTC" } ?? ""
        return (by ?? (when.isEmpty ? "" : "someone")) + when
    }

    public var description: String {
        let what = label.isEmpty ? record : "\(record) \(label)"
        let changed = who.isEmpty ? "" : " (changed by \(who))"
        return "\(what) is now \(actual)\(changed), not \(expected) as this change expected"
    }
}

/// Values in the words conflicts and "nothing changed" messages use.
enum Shown {
    static func count(_ v: Int?) -> String { v.map(Format.number) ?? "unknown" }
    static func text(_ s: String) -> String { s.isEmpty ? "empty" : "'\(s)'" }
    static func list(_ l: [String]) -> String { l.isEmpty ? "empty" : "'\(l.joined(separator: ", "))'" }
    static func date(_ d: Date?) -> String { d.map { Format.dateTime($0, .utc) + " UTC" } ?? "none" }
}
