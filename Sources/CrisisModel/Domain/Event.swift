import Foundation

public enum EventKind: String, Codable, CaseIterable, Sendable {
    case sitrep, decision, call, alert, change
}

/// One line of the cell's log. Every change to the store writes one by itself.
public struct Event: Codable, Equatable, Sendable {
    public var seq: Int
    public var time: Date
    public var `operator`: String
    public var crisis: String?
    public var kind: EventKind
    public var text: String
    /// The record the change was made to, to go to it from the log: "country:LB", "crisis:ID",
    /// "item:crisis:ID/ITEM", "contact:ID". Absent from entries written before it was kept, and from log entries.
    public var ref: String?
    /// When the change reached the record, when that was later than `time` (it was made offline).
    public var sentAt: Date?

    public init(
        seq: Int, time: Date, operator op: String, crisis: String?, kind: EventKind, text: String, ref: String? = nil,
        sentAt: Date? = nil
    ) {
        self.seq = seq
        self.time = time
        self.operator = op
        self.crisis = crisis
        self.kind = kind
        self.text = text
        self.ref = ref
        self.sentAt = sentAt
    }

    /// Sent a minute or more after it was made: worth saying ("09:35, sent 10:41").
    public var arrivedLate: Date? {
        guard let sentAt, sentAt.timeIntervalSince(time) >= 60 else { return nil }
        return sentAt
    }

    /// Sitreps, decisions and alerts: what a briefing shows.
    public var isSignificant: Bool { kind != .change }
}
