import CrisisModel
import Foundation

/// The line mode's way of saying things: whole sentences a screen reader reads well and a braille display
/// shows in a few cells, no glyphs standing for words ("alert level 4, mandatory evacuation", not `L4 ▮▮▮▮`).
public enum PlainWords {
    public static func alert(_ level: AlertLevel) -> String {
        level == .none ? "no alert" : "alert level \(level.rawValue), \(level.label)"
    }

    public static func status(_ status: ItemStatus) -> String {
        switch status {
        case .open: return "open"
        case .done: return "done"
        case .notApplicable: return "not applicable"
        case .blocked: return "blocked"
        }
    }

    /// "1 item", "3 items".
    public static func plural(_ n: Int, _ word: String, _ many: String? = nil) -> String {
        "\(Format.number(n)) \(n == 1 ? word : many ?? word + "s")"
    }

    /// The counts a country knows, in the funnel's order: "stock estimate 90,000, affected 12,000, ...".
    public static func counts(_ country: Country, kinds: [CountKind] = CountKind.allCases) -> String {
        let known = kinds.compactMap { k in country.count(k).map { "\(k.label) \(Format.number($0))" } }
        return known.isEmpty ? "no counts yet" : known.joined(separator: ", ")
    }

    /// The counts for a list line: those an operator watches.
    static let watched: [CountKind] = [.stock, .affected, .sheltered, .evacuated, .returned, .missing, .dead]

    public static func checklistProgress(_ items: [ChecklistItem]) -> String {
        let p = ChecklistProgress(items)
        return "\(p.done) of \(p.total) done"
    }

    /// When, with the day when it is not today, and how long ago: "03:12 UTC, 40 minutes ago".
    public static func when(_ date: Date, now: Date) -> String {
        Format.when(date, now: now) + " UTC, " + ago(date, now: now)
    }

    /// "just now", "5 minutes ago", "3 hours ago", "2 days ago", "in 4 hours".
    public static func ago(_ date: Date, now: Date) -> String {
        let s = now.timeIntervalSince(date)
        let a = abs(s)
        let text: String
        if a < 60 {
            return "just now"
        } else if a < 3600 {
            text = plural(Int(a / 60), "minute")
        } else if a < 86_400 {
            text = plural(Int(a / 3600), "hour")
        } else {
            text = plural(Int(a / 86_400), "day")
        }
        return s >= 0 ? text + " ago" : "in " + text
    }

    /// What a journal entry did, as a sentence starting with who: "karim raised Kuwait to alert level 2,
    /// restriction: curfew announced". `world` is the world after the entry.
    public static func entry(_ entry: JournalEntry, world: World, names: CountryNames, me: String? = nil) -> String {
        let by = entry.operator
        let who = by == me ? "you" : by
        switch entry.op {
        case .setAlert(let code, let level, let reason, _):
            let previous = world.countries[code]?.alertHistory.last { $0.at == entry.time && $0.by == by }?.previous
            let verb = previous.map { level > $0 ? "raised" : level < $0 ? "lowered" : "confirmed" } ?? "set"
            let to = verb == "confirmed" ? "at" : "to"
            return "\(who) \(verb) \(names.name(code)) \(to) \(alert(level))" + (reason.isEmpty ? "" : ": \(reason)")
        case .setCounts(let code, let counts, let source, _, let expected):
            let history = world.countries[code]?.countHistory ?? []
            let parts = CountKind.allCases.compactMap { k -> String? in
                guard let v = counts[k] else { return nil }
                // The history's record of it when it is applied; else (a change still waiting) what it expects.
                let previous: Int?? =
                    history.last { $0.kind == k && $0.by == by && $0.value == v }.map { $0.previous } ?? expected?[k]
                let was: String
                switch previous {
                case .some(.some(let n)): was = " (was \(Format.number(n)))"
                case .some(.none): was = " (was unknown)"
                case .none: was = ""
                }
                return "\(k.label) to \(Format.number(v))\(was)"
            }
            return "\(who) set \(names.name(code)) \(parts.joined(separator: ", "))"
                + (source.isEmpty ? "" : "; source: \(source)")
        case .setItemStatus(let owner, let id, let status, _):
            let items = world.checklist(of: owner) ?? []
            let text = items.first { $0.id == id }?.text ?? id
            let verb: String
            switch status {
            case .done: verb = "ticked"
            case .open: verb = "reopened"
            case .notApplicable: verb = "marked as not applicable"
            case .blocked: verb = "marked as blocked"
            }
            return
                "\(who) \(verb) \"\(text)\" on \(ownerName(owner, world: world, names: names)), \(checklistProgress(items))"
        case .log(let crisis, let kind, let text):
            let on = crisis.flatMap { world.crises[$0]?.title }.map { " on \($0)" } ?? ""
            let what: String
            switch kind {
            case .sitrep: what = "a situation report"
            case .decision: what = "a decision"
            case .call: what = "a call"
            case .alert: what = "an alert"
            case .change: what = "a change"
            }
            return "\(who) logged \(what)\(on): \(text)"
        default:
            let text = world.events.last { $0.seq == entry.seq }?.text ?? "made a change"
            return "\(who): \(text)"
        }
    }

    /// "the Lebanon escalation checklist", "the Kuwait preparedness list".
    public static func ownerName(_ owner: ChecklistOwner, world: World, names: CountryNames) -> String {
        switch owner {
        case .crisis(let id): return "the \(world.crises[id]?.title ?? id) checklist"
        case .country(let code): return "the \(names.name(code)) preparedness list"
        }
    }
}

extension PlainWords {
    /// Text written for the screen, made to read aloud: "LB alert raised L1 → L4" becomes "LB alert raised
    /// level 1 to level 4"; a middle dot becomes a comma.
    public static func spoken(_ text: String) -> String {
        var s = text.replacingOccurrences(of: " → ", with: " to ").replacingOccurrences(of: "→", with: " to ")
            .replacingOccurrences(of: " · ", with: ", ").replacingOccurrences(of: "⏎", with: " ")
        s = s.replacingOccurrences(of: #"\bL([0-4])\b"#, with: "level $1", options: .regularExpression)
        return s
    }
}
