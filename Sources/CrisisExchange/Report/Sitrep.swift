import CrisisModel
import Foundation

/// The situation report as a cell would send it: most urgent first, every count labelled with its kind.
public struct Sitrep {
    public enum Style { case text, markdown }
    let world: World
    let names: CountryNames
    let now: Date

    public init(world: World, names: CountryNames, now: Date) {
        self.world = world
        self.names = names
        self.now = now
    }

    public func render(_ style: Style) -> String {
        let md = style == .markdown
        let home = TimeZone.named(world.cell.homeTimeZone)
        var out: [String] = []
        func heading(_ s: String) {
            out.append(md ? "## \(s)" : s.uppercased())
            if !md { out.append(String(repeating: "-", count: s.count)) }
        }
        let title = "Situation report — \(world.cell.name)"
        out.append(md ? "# \(title)" : title.uppercased())
        out.append(
            "Generated \(Format.dateTime(now, .utc)) UTC (\(Format.clock(now, home)) \(world.cell.homeTimeZone)). Figures are estimates; each is labelled with its kind."
        )
        out.append("")

        let active = world.crisesByUrgency(includeClosed: false)
        heading("Active crises (\(active.count), most urgent first)")
        if active.isEmpty { out.append("None.") }
        for (i, c) in active.enumerated() {
            let progress = ChecklistProgress(c.checklist)
            let head = "\(i + 1). \(c.title) — \(c.kind.rawValue), severity \(c.severity)/4, phase \(c.phase.rawValue)"
            out.append(md ? "### \(head)" : head)
            let indent = md ? "- " : "   "
            let alerts = c.countries.map { code -> String in
                let level = world.countries[code]?.alertLevel ?? .none
                return "\(names.name(code)) \(level.tag) \(level.label)"
            }.joined(separator: "; ")
            out.append(indent + "Alert: " + alerts)
            let figures: [CountKind] = [
                .affected, .registered, .sheltered, .atAssembly, .inTransit, .evacuated, .returned, .injured, .missing,
                .dead,
            ]
            let known = figures.compactMap { k in
                world.total(k, in: c.countries).map { "\(k.label) \(Format.number($0))" }
            }
            out.append(indent + "Nationals: " + (known.isEmpty ? "no counts yet" : known.joined(separator: ", ")))
            let overdue = c.checklist.filter { $0.isOverdue(at: now) }.count
            let blocked = c.checklist.filter { $0.status == .blocked }.count
            out.append(
                indent + "Checklist: \(progress.done) of \(progress.total) done"
                    + (overdue > 0 ? ", \(overdue) overdue" : "") + (blocked > 0 ? ", \(blocked) blocked" : ""))
            if !c.leadOfficer.isEmpty { out.append(indent + "Lead: \(c.leadOfficer)") }
            if !c.summary.isEmpty { out.append(indent + "Summary: \(c.summary)") }
            for e in world.latestEvents(limit: 3, crisis: c.id, significantOnly: true) {
                out.append(indent + "\(Format.dateTime(e.time, .utc)) \(e.operator): \(e.text)")
            }
            out.append("")
        }

        heading("Countries")
        let rows = world.countriesOrdered().map { c -> [String] in
            [names.name(c.code) + " (\(c.code))", c.alertLevel.tag]
                + [CountKind.stock, .registered, .affected, .evacuated, .returned, .missing, .dead].map {
                    Format.number(c.count($0))
                }
        }
        let header = [
            "Country", "Alert", "Stock", "Registered", "Affected", "Evacuated", "Returned", "Missing", "Dead",
        ]
        let totals = world.totals()
        let totalRow =
            ["Total", ""]
            + [CountKind.stock, .registered, .affected, .evacuated, .returned, .missing, .dead].map {
                Format.number(totals[$0])
            }
        out += table(header: header, rows: rows + [totalRow], markdown: md)
        out.append("")

        heading("Latest events (newest first)")
        for e in world.latestEvents(limit: 20) {
            let crisis = e.crisis.flatMap { world.crises[$0]?.title }.map { " [\($0)]" } ?? ""
            out.append(
                (md ? "- " : "")
                    + "\(Format.dateTime(e.time, .utc)) \(e.operator) \(e.kind.rawValue)\(crisis): \(e.text)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func table(header: [String], rows: [[String]], markdown: Bool) -> [String] {
        if markdown {
            var lines = [
                "| " + header.joined(separator: " | ") + " |",
                "|" + header.indices.map { $0 < 2 ? "---|" : "---:|" }.joined(),
            ]
            lines += rows.map {
                "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
            }
            return lines
        }
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, s in
                let pad = String(repeating: " ", count: widths[i] - s.count)
                return i < 2 ? s + pad : pad + s
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }
}
