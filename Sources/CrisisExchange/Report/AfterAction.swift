import CrisisModel
import Foundation

/// The after-action report of one crisis, in Markdown: what happened when, the decisions and alert-level
/// changes with who and why, how the checklist was worked through (with times), and the counts over time.
public struct AfterActionReport {
    let world: World
    let crisis: Crisis
    let names: CountryNames
    let now: Date

    public init(world: World, crisis: Crisis, names: CountryNames, now: Date) {
        self.world = world
        self.crisis = crisis
        self.names = names
        self.now = now
    }

    public func render() -> String {
        let end = crisis.isActive ? now : crisis.updated
        // In the order things were done: a change made offline sits where it was made, not where it arrived.
        let events = world.events.enumerated().filter { $0.element.crisis == crisis.id }.sorted {
            ($0.element.time, $0.offset) < ($1.element.time, $1.offset)
        }.map(\.element)
        let sections = [
            heading(end: end), timeline(events), decisionsAndAlerts(events, end: end), checklist(), counts(end: end),
            followUp(),
        ]
        return sections.flatMap { $0 }.joined(separator: "\n") + "\n"
    }

    private func heading(end: Date) -> [String] {
        let c = crisis
        var out: [String] = []
        let home = TimeZone.named(world.cell.homeTimeZone)
        out.append("# After-action report: \(inline(c.title))")
        out.append("")
        let countryList = c.countries.map { "\(inline(names.name($0))) (\($0))" }.joined(separator: ", ")
        out.append(
            "- Crisis: `\(c.id.replacingOccurrences(of: "`", with: "'"))` — \(c.kind.rawValue), severity \(c.severity)/4, phase \(c.phase.rawValue)"
                + (c.isActive ? " (still active)" : " (closed)"))
        out.append("- Countries: \(countryList)")
        if !c.leadOfficer.isEmpty { out.append("- Lead officer: \(inline(c.leadOfficer))") }
        out.append(
            "- Started \(time(c.started)) UTC; " + (c.isActive ? "report at" : "closed")
                + " \(time(end)) UTC (\(duration(end.timeIntervalSince(c.started))))")
        out.append(
            "- Written by \(inline(world.cell.name)) on \(time(now)) UTC (\(Format.clock(now, home)) \(world.cell.homeTimeZone)). "
                + "Figures are estimates; each is labelled with its kind.")
        if !c.summary.isEmpty {
            out.append("")
            out.append("## Summary")
            out.append("")
            out.append(block(c.summary))
        }

        return out
    }

    private func timeline(_ events: [Event]) -> [String] {
        var out: [String] = []
        out.append("")
        out.append("## Timeline")
        out.append("")
        if events.isEmpty {
            out.append("No log entries.")
        } else {
            out.append("| Time (UTC) | Who | Kind | Entry |")
            out.append("|---|---|---|---|")
            for e in events {
                let sent = e.arrivedLate.map { ", sent " + time($0) } ?? ""
                out.append("| \(time(e.time))\(sent) | \(cell(e.operator)) | \(e.kind.rawValue) | \(cell(e.text)) |")
            }
        }

        return out
    }

    private func decisionsAndAlerts(_ events: [Event], end: Date) -> [String] {
        let c = crisis
        var out: [String] = []
        out.append("")
        out.append("## Decisions and alert-level changes")
        out.append("")
        let decisions = events.filter { $0.kind == .decision }
        out.append("### Decisions")
        out.append("")
        if decisions.isEmpty { out.append("No decisions logged.") }
        for e in decisions { out.append("- \(time(e.time)) UTC, \(inline(e.operator)): \(inline(e.text))") }
        out.append("")
        out.append("### Alert levels")
        out.append("")
        var alertRows: [(Date, String)] = []
        for code in c.countries {
            guard let country = world.countries[code] else { continue }
            let before = country.alertHistory.last { $0.at < c.started }
            let during = country.alertHistory.filter { $0.at >= c.started && $0.at <= end }
            let atStart = before?.level ?? during.first?.previous ?? country.alertLevel
            out.append(
                "- \(inline(names.name(code))) (\(code)): \(atStart.tag) \(atStart.label) at the start, \(country.alertLevel.tag) \(country.alertLevel.label) now"
            )
            for a in during {
                let verb = a.level > a.previous ? "raised" : a.level < a.previous ? "lowered" : "confirmed"
                alertRows.append(
                    (
                        a.at,
                        "| \(time(a.at)) | \(code) | \(verb) \(a.previous.tag) → \(a.level.tag) (\(a.level.label)) | \(cell(a.by)) | \(cell(a.reason)) |"
                    ))
            }
        }
        if alertRows.isEmpty {
            out.append("")
            out.append("No alert-level changes during the crisis.")
        } else {
            out.append("")
            out.append("| Time (UTC) | Country | Change | By | Why |")
            out.append("|---|---|---|---|---|")
            out += alertRows.sorted { $0.0 < $1.0 }.map(\.1)
        }

        return out
    }

    private func checklist() -> [String] {
        let c = crisis
        var out: [String] = []
        out.append("")
        out.append("## Checklist")
        out.append("")
        let p = ChecklistProgress(c.checklist)
        let pct = p.total == 0 ? 0 : Int((p.fraction * 100).rounded())
        let open = c.checklist.filter { $0.status == .open }.count
        let blocked = c.checklist.filter { $0.status == .blocked }.count
        let overdue = c.checklist.filter { $0.isOverdue(at: now) }.count
        out.append("\(p.done) of \(p.total) closed (\(pct)%); \(open) open, \(blocked) blocked, \(overdue) overdue.")
        if !c.checklist.isEmpty {
            out.append("")
            out.append("| Item | Section | Guideline | Status | Done by | Done at (UTC) | After start | Due (UTC) |")
            out.append("|---|---|---|---|---|---|---:|---|")
            for item in c.checklist {
                let doneAt = item.doneAt.map { time($0) } ?? ""
                let after = item.doneAt.map { duration($0.timeIntervalSince(c.started)) } ?? ""
                let due = item.due.map { time($0) + (item.isOverdue(at: now) ? " **overdue**" : "") } ?? ""
                out.append(
                    "| \(cell(item.text)) | \(cell(item.section)) | \(cell(item.guideline)) | \(item.status.glyph) \(item.status.rawValue) "
                        + "| \(cell(item.doneBy ?? "")) | \(doneAt) | \(after) | \(due) |")
            }
        }

        return out
    }

    private func counts(end: Date) -> [String] {
        let c = crisis
        var out: [String] = []
        out.append("")
        out.append("## Counts over time")
        for code in c.countries {
            guard let country = world.countries[code] else { continue }
            out.append("")
            out.append("### \(inline(names.name(code))) (\(code))")
            out.append("")
            out += countsOverTime(country, from: c.started, to: end)
        }

        return out
    }

    private func followUp() -> [String] {
        let c = crisis
        var out: [String] = []
        let loose = c.checklist.filter { !$0.status.isClosed }
        out.append("")
        out.append("## Open items for the review")
        out.append("")
        if loose.isEmpty { out.append("Every checklist item is closed.") }
        for item in loose {
            var notes: [String] = [item.status.rawValue]
            if item.isOverdue(at: now), let due = item.due { notes.append("overdue since \(time(due)) UTC") }
            if !item.assignee.isEmpty { notes.append("with \(inline(item.assignee))") }
            if !item.note.isEmpty { notes.append(inline(item.note)) }
            out.append("- \(inline(item.text)) (\(notes.joined(separator: "; ")))")
        }
        return out
    }

    /// A table of each day with a change since the start: the values at the end of that day, per kind.
    private func countsOverTime(_ country: Country, from start: Date, to end: Date) -> [String] {
        let history = country.countHistory
        let kinds = CountKind.allCases.filter { k in history.contains { $0.kind == k } || country.counts[k] != nil }
        if kinds.isEmpty { return ["No counts recorded."] }
        var days: [String] = []
        var values: [String: [CountKind: Int]] = [:]
        var running: [CountKind: Int] = [:]
        var sources: [String] = []
        for change in history {
            if change.at < start {
                running[change.kind] = change.value
                continue
            }
            if change.at > end { break }
            let day = String(time(change.at).prefix(10))
            running[change.kind] = change.value
            if values[day] == nil { days.append(day) }
            values[day] = running
            if !change.source.isEmpty, !sources.contains(change.source) { sources.append(change.source) }
        }
        var lines: [String] = []
        let baseline = history.filter { $0.at < start }
        if !baseline.isEmpty {
            var atStart: [CountKind: Int] = [:]
            for b in baseline { atStart[b.kind] = b.value }
            lines.append(
                "At the start: "
                    + kinds.compactMap { k in atStart[k].map { "\(k.label) \(Format.number($0))" } }.joined(
                        separator: ", ") + ".")
            lines.append("")
        }
        if days.isEmpty {
            lines.append(
                "No change during the crisis. Now: "
                    + kinds.compactMap { k in country.count(k).map { "\(k.label) \(Format.number($0))" } }.joined(
                        separator: ", ") + ".")
            return lines
        }
        lines.append("| Date (UTC) | " + kinds.map(\.label).joined(separator: " | ") + " |")
        lines.append("|---|" + kinds.map { _ in "---:|" }.joined())
        for day in days {
            let v = values[day]!
            lines.append("| \(day) | " + kinds.map { Format.number(v[$0]) }.joined(separator: " | ") + " |")
        }
        if !sources.isEmpty {
            lines.append("")
            lines.append("Sources: " + sources.map(inline).joined(separator: "; ") + ".")
        }
        return lines
    }

    private func time(_ d: Date) -> String { Format.dateTime(d, .utc) }

    /// "3 d 4 h", "5 h 20 min", "12 min".
    func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        let d = s / 86_400
        let h = s % 86_400 / 3600
        let m = s % 3600 / 60
        if d > 0 { return "\(d) d \(h) h" }
        if h > 0 { return "\(h) h \(m) min" }
        return "\(m) min"
    }

    /// Text from data inside a table cell: one line, pipes escaped, Markdown's special characters neutralised.
    private func cell(_ s: String) -> String { inline(s).replacingOccurrences(of: "|", with: "\\|") }

    /// Text from data on one line, so it cannot start a heading, a list or inject HTML.
    private func inline(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        t = t.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        for special in ["\\", "`", "*", "_", "[", "]"] where t.contains(special) {
            t = t.replacingOccurrences(of: special, with: "\\" + special)
        }
        return t
    }

    private func block(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { inline(String($0)) }.joined(separator: "  \n")
    }
}
