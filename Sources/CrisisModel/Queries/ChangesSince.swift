import Foundation

/// What changed while an operator looked away: alert levels, counts that moved (with the change), items ticked
/// and by whom, new log entries by kind, and figures two or more people changed (worth a second look).
/// Worked out from the histories the records keep, after a point (operation number and time).
public struct ChangesSince: Equatable, Sendable {
    public enum Kind: String, Sendable { case alert, count, tick, log, contested, advice }
    public struct Line: Equatable, Sendable {
        public var kind: Kind
        public var text: String
        /// Where the line leads (an `Event.ref`): "country:LB", "item:crisis:ID/ITEM", "crisis:ID".
        public var ref: String?
        public var at: Date
    }

    public var sinceSeq: Int
    public var sinceTime: Date
    public var lines: [Line]
    /// New log entries by kind (changes excluded), for the line that counts them.
    public var entries: [EventKind: Int]

    public var isEmpty: Bool { lines.isEmpty && entries.isEmpty }
}

extension World {
    /// Changes after operation `seq` (made after `time`), leaving out `me`'s own.
    public func changes(since seq: Int, time: Date, excluding me: String?, names: (String) -> String) -> ChangesSince {
        var lines: [ChangesSince.Line] = []
        // A change made offline is dated before the point though it arrived after it: its operation number says
        // it is new, and its log entry carries the time the records hold it by.
        let late = Set(
            events.reversed().prefix { $0.seq > seq }.filter { $0.sentAt != nil }.map { "\($0.operator)@\($0.time)" })
        func isNew(_ at: Date, _ by: String) -> Bool { at > time || late.contains("\(by)@\(at)") }
        for c in countries.values.sorted(by: { $0.code < $1.code }) {
            let name = names(c.code)
            for a in c.alertHistory where isNew(a.at, a.by) && a.by != me && a.level != a.previous {
                let verb = a.level > a.previous ? "raised" : "lowered"
                lines.append(
                    .init(
                        kind: .alert,
                        text:
                            "\(a.by) \(verb) \(name) \(a.previous.tag) → \(a.level.tag) \(a.level.label): \(a.reason)",
                        ref: "country:\(c.code)", at: a.at))
            }
            let moved = c.countHistory.filter { isNew($0.at, $0.by) && $0.by != me }
            for kind in CountKind.allCases {
                let changes = moved.filter { $0.kind == kind }
                guard let first = changes.first, let last = changes.last else { continue }
                let from = first.previous
                let delta = from.map { last.value - $0 }
                let deltaText = delta.map { $0 == 0 ? "" : " (\($0 > 0 ? "+" : "")\(Format.number($0)))" } ?? " (new)"
                var who: [String] = []
                for c in changes where !who.contains(c.by) { who.append(c.by) }
                lines.append(
                    .init(
                        kind: .count,
                        text:
                            "\(name) \(kind.label) \(Format.number(from)) → \(Format.number(last.value))\(deltaText) · \(who.joined(separator: ", "))",
                        ref: "country:\(c.code)", at: last.at))
                if who.count > 1 {
                    lines.append(
                        .init(
                            kind: .contested,
                            text:
                                "\(name) \(kind.label) was set by \(who.joined(separator: " and ")): worth a second look",
                            ref: "country:\(c.code)", at: last.at))
                }
            }
        }
        for crisis in crises.values.sorted(by: { $0.id < $1.id }) {
            for item in crisis.checklist where item.status == .done {
                guard let at = item.doneAt, let by = item.doneBy, isNew(at, by), by != me else { continue }
                lines.append(
                    .init(
                        kind: .tick, text: "\(by) ticked \"\(item.text)\" (\(crisis.title))",
                        ref: "item:\(ChecklistOwner.crisis(crisis.id).key)/\(item.id)", at: at))
            }
        }
        var entries: [EventKind: Int] = [:]
        for e in events.reversed() {
            guard e.seq > seq else { break }
            guard e.operator != me, e.kind != .change, e.kind != .alert else { continue }
            entries[e.kind, default: 0] += 1
            if e.kind == .decision || e.kind == .sitrep {
                lines.append(
                    .init(
                        kind: .log, text: "\(e.operator) \(e.kind.rawValue): \(e.text)",
                        ref: e.ref ?? e.crisis.map { "crisis:\($0)" }, at: e.time))
            }
        }
        // Other governments' advice that moved: from the advisory feeds, which no colleague typed.
        for r in adviceChanged(since: time) {
            let place = r.item.countries.map(names).joined(separator: ", ")
            let level = r.item.sourceLevel ?? r.item.severity.word
            let text =
                r.previousLevel.map { "\(r.item.source): \(place) \($0) → \(level)" }
                ?? "\(r.item.source): \(place) \(level)"
            lines.append(
                .init(kind: .advice, text: text, ref: "country:\(r.item.countries.first ?? "")", at: r.since))
        }
        let order: [ChangesSince.Kind: Int] = [.alert: 0, .advice: 1, .contested: 2, .count: 3, .tick: 4, .log: 5]
        lines.sort { (order[$0.kind]!, $1.at) < (order[$1.kind]!, $0.at) }
        return ChangesSince(sinceSeq: seq, sinceTime: time, lines: lines, entries: entries)
    }
}
