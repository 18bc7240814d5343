import CrisisModel
import Foundation

/// The shared-screen briefing: large, read-only, no personal data, cycling through an overview and each crisis.
/// Laid out for the screen it is on: the figures grow with it, bars and trends stretch across it, and a wall
/// screen is filled rather than left half blank.
enum BriefingView {
    static func draw(_ buf: inout ScreenBuffer, state: AppState, briefing b: BriefingState, ctx: RenderContext) {
        let w = ctx.world
        let area = buf.area
        guard area.width >= 20, area.height >= 8 else {
            Screen.drawTooSmall(&buf, state)
            return
        }
        let active = w.crisesByUrgency(includeClosed: false)
        let count = 1 + active.count
        let slide = b.slide % count
        header(&buf, state: state, b: b, ctx: ctx)
        let margin = area.width >= 150 ? 3 : 2
        let body = Rect(x: margin, y: 2, width: area.width - 2 * margin, height: area.height - 4)
        if slide == 0 {
            overview(&buf, body, state: state, ctx: ctx)
        } else {
            crisis(&buf, body, active[slide - 1], state: state, ctx: ctx)
        }
        let left = max(0, Int((b.cycleSeconds - state.now.timeIntervalSince(b.shownAt)).rounded(.up)))
        let timing = b.paused ? "⏸ PAUSED" : "next in \(left) s"
        let footer =
            "slide \(slide + 1) / \(count) · \(timing) · Space pause · ←→ step · \(b.fromConsole ? "q back to console" : "q leave")"
        buf.put(
            footer, x: margin, y: area.height - 1, maxWidth: area.width - 2 * margin,
            role: b.paused ? .flashWarn : .muted)
    }

    static func header(_ buf: inout ScreenBuffer, state: AppState, b: BriefingState, ctx: RenderContext) {
        let home = ctx.world.cell.homeTimeZone
        let title =
            "CrisisCell · situation \(Format.clock(state.now, .utc)) UTC / \(Format.clock(state.now, .named(home))) \(Screen.cityName(home))"
        buf.put(title, x: 2, y: 0, maxWidth: buf.width - 4, role: .titleFocus)
        var right =
            ctx.world.newestChange.map { "updated \(Format.coarseAge(state.now.timeIntervalSince($0))) ago" } ?? ""
        var role = Role.muted
        if state.dataStale {
            right = "⚠ DATA STALE: updates stopped · " + right
            role = .flashError
        }
        buf.putRight(
            right, right: buf.width - 2, y: 0, maxWidth: max(0, buf.width - TerminalText.width(title) - 6), role: role)
    }

    // MARK: Big figures

    /// Figures in block digits, as large as the room allows (up to `maxHeight` rows with their labels), wrapping
    /// onto a second row when one does not hold them. Returns the rows used.
    @discardableResult
    static func figures(_ buf: inout ScreenBuffer, _ r: Rect, _ items: [(label: String, value: Int?)], maxHeight: Int)
        -> Int
    {
        let texts = items.map { Format.number($0.value) }
        func layout(tall: Bool, scale: Int) -> [[Int]]? {
            var rows: [[Int]] = [[]]
            var x = 0
            for (i, t) in texts.enumerated() {
                let width = max(BigDigits.width(t, tallFont: tall, scale: scale), TerminalText.width(items[i].label))
                if x > 0 && x + width > r.width {
                    rows.append([])
                    x = 0
                }
                guard width <= r.width else { return nil }
                rows[rows.count - 1].append(i)
                x += width + 4 * scale
            }
            let height = rows.count * (BigDigits.height(tallFont: tall, scale: scale) + 2) - 1
            return rows.count <= 2 && height <= maxHeight ? rows : nil
        }
        // Largest first; one row before two at the same size.
        var chosen: (Bool, Int, [[Int]])?
        for (tall, scale) in [(true, 3), (true, 2), (false, 2), (true, 1), (false, 1)] {
            if let rows = layout(tall: tall, scale: scale), rows.count == 1 || chosen == nil {
                if rows.count == 1 {
                    chosen = (tall, scale, rows)
                    break
                }
                chosen = chosen ?? (tall, scale, rows)
            }
        }
        guard let (tall, scale, rows) = chosen else { return 0 }
        let digitHeight = BigDigits.height(tallFont: tall, scale: scale)
        var y = r.y
        for row in rows {
            // The row spread across the width, each figure with its label under it.
            let widths = row.map {
                max(BigDigits.width(texts[$0], tallFont: tall, scale: scale), TerminalText.width(items[$0].label))
            }
            let gap = row.count > 1 ? max(4, (r.width - widths.reduce(0, +)) / (row.count - 1)) : 0
            var x = r.x
            for (k, i) in row.enumerated() {
                for (line, text) in BigDigits.lines(texts[i], tallFont: tall, scale: scale).enumerated() {
                    buf.put(text, x: x, y: y + line, maxWidth: r.maxX - x, role: .bigDigits)
                }
                buf.put(items[i].label, x: x, y: y + digitHeight, maxWidth: r.maxX - x, role: .header)
                x += widths[k] + min(gap, 24 * scale)
            }
            y += digitHeight + 2
        }
        return y - r.y - 1
    }

    // MARK: Overview

    /// The countries on alert as a ranked chart of their affected nationals, as many as fit.
    private static func countriesOnAlert(
        _ buf: inout ScreenBuffer, _ r: Rect, _ onAlert: [Country], nameWidth: Int, ctx: RenderContext
    ) {
        var y = r.y
        buf.put("COUNTRIES ON ALERT", x: r.x, y: y, maxWidth: r.width, role: .header)
        buf.putRight("affected nationals", right: r.maxX, y: y, maxWidth: r.width / 2, role: .muted)
        y += 1
        let most = onAlert.compactMap { $0.count(.affected) }.max() ?? 0
        let barWidth = max(8, r.width - nameWidth - 44)
        for c in onAlert where y < r.maxY {
            buf.put(ctx.names.name(c.code), x: r.x + 4, y: y, maxWidth: nameWidth, role: .normal)
            let level = c.alertLevel
            let label =
                "\(PaneView.alert(level)) \(level == .mandatoryEvacuation ? level.label.uppercased() : level.label)"
            buf.put(label, x: r.x + 5 + nameWidth, y: y, maxWidth: 30, role: Role.alert(level.rawValue))
            let bar = Bars.bar(most == 0 ? 0 : Double(c.count(.affected) ?? 0) / Double(most), width: barWidth)
            buf.put(bar.filled, x: r.x + nameWidth + 36, y: y, role: Role.alert(level.rawValue))
            buf.put(
                TerminalText.fit(Format.number(c.count(.affected)), 9, right: true), x: r.x + nameWidth + 37 + barWidth,
                y: y, role: .normal)
            y += 1
        }
    }

    /// How many funnel stages of a crisis have a figure (affected always counts): the rows it needs on the wall.
    static func movedStages(of c: Crisis, world w: World) -> Int {
        let later: [CountKind] = [.atAssembly, .inTransit, .evacuated, .returned]
        return 1 + later.filter { (w.total($0, in: c.countries) ?? 0) > 0 }.count
    }

    static func overview(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, ctx: RenderContext) {
        let w = ctx.world
        let totals = w.totals()
        var y = r.y
        let active = w.crisesByUrgency(includeClosed: false)
        let onAlert = w.countriesOrdered().filter { $0.alertLevel != .none }
        // The rows the crises need with only the stages that moved, and the countries on alert: what is left goes
        // to the figures, so a wall is filled by larger digits rather than blank rows.
        let crisisRows = active.reduce(1) { $0 + 1 + movedStages(of: $1, world: w) }
        let spare = r.height - crisisRows - (min(onAlert.count, 10) + 2) - 6
        let used = figures(
            &buf, Rect(x: r.x, y: y, width: r.width, height: r.height),
            [
                ("AFFECTED", totals[.affected]), ("EVACUATED", totals[.evacuated]),
                ("RETURNED HOME", totals[.returned]),
                ("MISSING", totals[.missing]), ("DEAD", totals[.dead]),
            ],
            maxHeight: max(4, r.height * 3 / 10, spare))
        y += used + 2

        let nameWidth = min(30, max(14, r.width / 5))
        y = crisesList(
            &buf, r, from: y, active: active, alertRows: min(onAlert.count, 10) + 2, nameWidth: nameWidth, state: state,
            world: w)
        // The countries on alert, highest first, as a ranked chart of their affected nationals.
        guard y + 3 < r.maxY, !onAlert.isEmpty else { return }
        countriesOnAlert(
            &buf, Rect(x: r.x, y: y + 1, width: r.width, height: r.maxY - y - 1), onAlert, nameWidth: nameWidth,
            ctx: ctx)
    }

    /// Bars for the stages of an evacuation, each scaled to the largest, with the figure and a week's trend.
    static func funnelBars(
        _ buf: inout ScreenBuffer, _ r: Rect, crisis c: Crisis, stages: [(String, CountKind)], state: AppState,
        world w: World,
        rowsPerStage: Int = 1
    ) {
        let values = stages.map { w.total($0.1, in: c.countries) }
        let maxValue = values.compactMap { $0 }.max() ?? 0
        let trendWidth = r.width >= 120 ? 28 : r.width >= 90 ? 14 : 0
        let barWidth = max(10, r.width - 14 - 11 - (trendWidth > 0 ? trendWidth + 10 : 0))
        for (i, stage) in stages.enumerated() where (i + 1) * rowsPerStage <= r.height {
            let y = r.y + i * rowsPerStage
            let bar = Bars.bar(maxValue == 0 ? 0 : Double(values[i] ?? 0) / Double(maxValue), width: barWidth)
            buf.put(TerminalText.fit(stage.0, 12), x: r.x, y: y, role: .header)
            // A thicker bar on a wall screen: the same bar on the rows below.
            for extra in 0..<rowsPerStage { buf.put(bar.filled, x: r.x + 13, y: y + extra, role: .bar) }
            buf.put(
                TerminalText.fit(Format.number(values[i]), 9, right: true), x: r.x + 14 + barWidth, y: y, role: .normal)
            guard trendWidth > 0 else { continue }
            let series = c.countries.compactMap { w.countries[$0]?.series(stage.1, days: 7, now: state.now) }
            if let first = series.first {
                let summed = (0..<first.count).map { d in series.reduce(0) { Int(clamping: Int64($0) + Int64($1[d])) } }
                buf.put(
                    Bars.sparkline(summed, width: trendWidth) + " 7 d", x: r.x + 25 + barWidth, y: y,
                    maxWidth: r.maxX - r.x - 25 - barWidth, role: .muted)
            }
        }
    }

    // MARK: One crisis

    /// Each checklist section with its progress bar, in `columns` columns.
    private static func sectionBars(
        _ buf: inout ScreenBuffer, _ r: Rect, _ sections: [(name: String, items: [ChecklistItem])],
        columns: Int, colWidth: Int
    ) {
        for (i, s) in sections.enumerated() {
            let row = i / columns
            let col = i % columns
            guard row < r.height else { break }
            let x = r.x + col * (colWidth + 4)
            let p = ChecklistProgress(s.items)
            let barWidth = max(8, colWidth - 30)
            let bar = Bars.progress(p.fraction, width: barWidth)
            buf.put(TerminalText.fit(s.name, 18), x: x, y: r.y + row, role: .normal)
            buf.put(bar.filled, x: x + 19, y: r.y + row, role: .bar)
            buf.put(bar.empty, x: x + 19 + TerminalText.width(bar.filled), y: r.y + row, role: .barEmpty)
            buf.put(
                "\(p.done)/\(p.total)", x: x + 20 + barWidth, y: r.y + row, maxWidth: max(0, colWidth - 20 - barWidth),
                role: .normal)
        }
    }

    /// What is still open, overdue first, as many as fit in `r`; the rows used (with a blank after).
    private static func stillOpen(_ buf: inout ScreenBuffer, _ r: Rect, _ c: Crisis, now: Date) -> Int {
        let open = c.checklist.filter { !$0.status.isClosed }.sorted {
            ($0.isOverdue(at: now) ? 0 : 1, $0.due ?? .distantFuture) < (
                $1.isOverdue(at: now) ? 0 : 1, $1.due ?? .distantFuture
            )
        }
        let openRows = min(open.count, r.height)
        guard openRows > 0 else { return 0 }
        buf.put("STILL OPEN", x: r.x, y: r.y, maxWidth: r.width, role: .header)
        for (i, item) in open.prefix(openRows).enumerated() {
            let overdue = item.isOverdue(at: now)
            let due = item.due.map { "  due \(Format.when($0, now: now))" + (overdue ? " ! OVERDUE" : "") } ?? ""
            let blocked = item.status == .blocked ? "  blocked" : ""
            buf.put(
                "\(item.status.glyph) " + Redact.personal(item.text) + due + blocked, x: r.x, y: r.y + 1 + i,
                maxWidth: r.width, role: overdue ? .checkOverdue : item.status == .blocked ? .checkBlocked : .normal)
        }
        return openRows + 2
    }

    /// The slide's first line, or on a wall the crisis's name in block letters (the slide says whose it is from
    /// the back of the room); returns the rows used.
    private static func slideTitle(_ buf: inout ScreenBuffer, _ r: Rect, _ c: Crisis) -> Int {
        let y = r.y
        let right = "\(c.kind.rawValue) · phase \(c.phase.label)"
        let bigName =
            r.width >= 180 && r.height >= 60 && BlockLetters.canDraw(c.title)
            && 4 + BlockLetters.width(c.title) + 4 + TerminalText.width(right) <= r.width
        let nameRow = bigName ? y + BlockLetters.height / 2 : y
        if bigName {
            buf.put(PaneView.severity(c.severity), x: r.x, y: nameRow, role: .titleFocus)
            for (i, line) in BlockLetters.lines(c.title).enumerated() {
                buf.put(line, x: r.x + 4, y: y + i, maxWidth: r.width - 4, role: .titleFocus)
            }
        } else {
            buf.put("\(PaneView.severity(c.severity))  \(c.title)", x: r.x, y: y, maxWidth: r.width, role: .titleFocus)
        }
        buf.putRight(right, right: r.maxX, y: nameRow, maxWidth: r.width / 2, role: Role.severity(c.severity))
        return bigName ? BlockLetters.height + 1 : 1
    }

    static func crisis(_ buf: inout ScreenBuffer, _ r: Rect, _ c: Crisis, state: AppState, ctx: RenderContext) {
        let w = ctx.world
        var y = r.y
        y += slideTitle(&buf, r, c)
        for code in c.countries where y < r.maxY {
            let level = w.countries[code]?.alertLevel ?? .none
            let label = level == .mandatoryEvacuation ? level.label.uppercased() : level.label
            buf.put(
                "\(ctx.names.name(code))  \(PaneView.alert(level)) \(label)", x: r.x, y: y, maxWidth: r.width,
                role: Role.alert(level.rawValue))
            y += 1
        }
        y += 1
        let big = r.height >= 30
        if big {
            let used = figures(
                &buf, Rect(x: r.x, y: y, width: r.width, height: r.maxY - y),
                [
                    ("AFFECTED", w.total(.affected, in: c.countries)),
                    ("EVACUATED", w.total(.evacuated, in: c.countries)),
                    ("RETURNED HOME", w.total(.returned, in: c.countries)),
                    ("MISSING", w.total(.missing, in: c.countries)),
                    ("DEAD", w.total(.dead, in: c.countries)),
                ],
                maxHeight: max(4, r.height / 3))
            y += used + 2
        }
        // The evacuation funnel, each bar scaled to the largest figure, with a week's trend; thicker on a wall.
        let stages: [(String, CountKind)] = [
            ("affected", .affected), ("registered", .registered), ("at assembly", .atAssembly),
            ("in transit", .inTransit), ("evacuated", .evacuated), ("home", .returned),
        ]
        let rowsPerStage = r.height >= 50 && r.maxY - y >= stages.count * 2 + 16 ? 2 : 1
        let funnelRows = min(stages.count * rowsPerStage, max(0, r.maxY - y - 6))
        funnelBars(
            &buf, Rect(x: r.x, y: y, width: r.width, height: funnelRows), crisis: c, stages: stages, state: state,
            world: w,
            rowsPerStage: rowsPerStage)
        y += funnelRows
        let harm = [CountKind.injured, .missing, .dead].map {
            "\($0.label) \(Format.number(w.total($0, in: c.countries)))"
        }.joined(separator: " · ")
        if y < r.maxY { buf.put(harm, x: r.x, y: y, maxWidth: r.width, role: .normal) }
        y += 2
        // The checklist by section: in two columns on a wide screen, then what is still open, overdue first.
        let sections = World.sections(of: c.checklist)
        let columns = r.width >= 150 ? 2 : 1
        let colWidth = (r.width - (columns - 1) * 4) / columns
        let events = w.latestEvents(limit: 12, crisis: c.id, significantOnly: true)
        let eventRows = min(events.count, max(2, (r.maxY - y) / 3))
        let sectionRows = min((sections.count + columns - 1) / columns, max(0, r.maxY - y - eventRows - 2))
        if sectionRows > 0 {
            buf.put("CHECKLIST", x: r.x, y: y, maxWidth: r.width, role: .header)
            let p = ChecklistProgress(c.checklist)
            buf.putRight("\(p.done) of \(p.total) done", right: r.maxX, y: y, maxWidth: r.width / 2, role: .muted)
            y += 1
            sectionBars(
                &buf, Rect(x: r.x, y: y, width: r.width, height: sectionRows), sections, columns: columns,
                colWidth: colWidth)
            y += sectionRows + 1
        }
        y += stillOpen(
            &buf, Rect(x: r.x, y: y, width: r.width, height: max(0, r.maxY - y - eventRows - 2)), c, now: state.now)
        // The latest significant entries, with their day; phones and e-mail addresses never shown.
        if eventRows > 0, y < r.maxY - 1 {
            buf.put("LATEST", x: r.x, y: y, maxWidth: r.width, role: .header)
            y += 1
        }
        for e in events.prefix(max(eventRows, r.maxY - y)) where y < r.maxY {
            buf.put(
                "\(Format.when(e.time, now: state.now))  " + Redact.personal(e.text), x: r.x, y: y, maxWidth: r.width,
                role: .muted)
            y += 1
        }
    }
}

/// Removes what must never reach a shared screen: e-mail addresses and phone numbers.
public enum Redact {
    public static func personal(_ text: String) -> String {
        var out = text
        // E-mail: something@something.tld
        out = out.replacingOccurrences(
            of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, with: "[e-mail withheld]",
            options: .regularExpression)
        // Phone: a run of 7 or more digits, allowing spaces, dashes, dots and brackets, optionally after +.
        out = out.replacingOccurrences(
            of: #"\+?\(?\d[\d\s().-]{6,}\d"#, with: "[phone withheld]", options: .regularExpression)
        return out
    }
}
