import CrisisCore
import Foundation

/// The shared-screen briefing: large, read-only, no personal data, cycling through an overview and each crisis.
enum BriefingView {
    static func draw(_ buf: inout ScreenBuffer, state: AppState, briefing b: BriefingState, ctx: RenderContext) {
        let w = ctx.world
        let area = buf.area
        guard area.width >= 20, area.height >= 8 else { Screen.drawTooSmall(&buf, state); return }
        let active = w.crisesByUrgency(includeClosed: false)
        let count = 1 + active.count
        let slide = b.slide % count
        header(&buf, state: state, b: b, ctx: ctx)
        let body = Rect(x: 2, y: 2, width: area.width - 4, height: area.height - 4)
        if slide == 0 { overview(&buf, body, state: state, ctx: ctx) } else { crisis(&buf, body, active[slide - 1], state: state, ctx: ctx) }
        let left = max(0, Int((b.cycleSeconds - state.now.timeIntervalSince(b.shownAt)).rounded(.up)))
        let timing = b.paused ? "⏸ PAUSED" : "next in \(left) s"
        let footer = "slide \(slide + 1) / \(count) · \(timing) · Space pause · ←→ step · \(b.fromConsole ? "q back to console" : "q leave")"
        buf.put(footer, x: 2, y: area.height - 1, maxWidth: area.width - 4, role: b.paused ? .flashWarn : .muted)
    }

    static func header(_ buf: inout ScreenBuffer, state: AppState, b: BriefingState, ctx: RenderContext) {
        let home = ctx.world.cell.homeTimeZone
        let title = "CrisisCell · situation \(Format.clock(state.now, .utc)) UTC / \(Format.clock(state.now, .named(home))) \(Screen.cityName(home))"
        buf.put(title, x: 2, y: 0, maxWidth: buf.width - 4, role: .titleFocus)
        var right = ctx.world.newestChange.map { "updated \(Format.coarseAge(state.now.timeIntervalSince($0))) ago" } ?? ""
        var role = Role.muted
        if state.dataStale { right = "⚠ DATA STALE: updates stopped · " + right; role = .flashError }
        buf.putRight(right, right: buf.width - 2, y: 0, maxWidth: max(0, buf.width - TerminalText.width(title) - 6), role: role)
    }

    static func overview(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, ctx: RenderContext) {
        let w = ctx.world
        let totals = w.totals()
        let figures: [(String, CountKind)] = [("AFFECTED", .affected), ("EVACUATED", .evacuated), ("RETURNED HOME", .returned),
                                              ("MISSING", .missing), ("DEAD", .dead)]
        var y = r.y
        // Big digits: the tall font when all five fit in a row, else the short one, wrapping as needed.
        let texts = figures.map { Format.number(totals[$0.1]) }
        let tall = texts.reduce(0) { $0 + max(BigDigits.width($1, tallFont: true), 14) + 4 } <= r.width && r.height >= 30
        var x = r.x
        let digitHeight = tall ? 5 : 3
        for (i, text) in texts.enumerated() {
            let width = max(BigDigits.width(text, tallFont: tall), TerminalText.width(figures[i].0))
            if x + width > r.maxX { x = r.x; y += digitHeight + 2 }
            for (row, line) in BigDigits.lines(text, tallFont: tall).enumerated() {
                buf.put(line, x: x, y: y + row, maxWidth: r.maxX - x, role: .bigDigits)
            }
            buf.put(figures[i].0, x: x, y: y + digitHeight, maxWidth: r.maxX - x, role: .header)
            x += width + 4
        }
        y += digitHeight + 2
        let active = w.crisesByUrgency(includeClosed: false)
        let bySeverity = (1...4).reversed().map { s in "\(PaneView.severity(s)) \(active.filter { $0.severity == s }.count)" }.joined(separator: "   ")
        let byAlert = AlertLevel.allCases.reversed().filter { $0 != .none }.map { l in "\(l.tag) \(w.countries.values.filter { $0.alertLevel == l }.count)" }
            .joined(separator: "   ")
        buf.put("Crises by severity   " + bySeverity, x: r.x, y: y, maxWidth: r.width, role: .normal); y += 1
        buf.put("Countries by alert   " + byAlert, x: r.x, y: y, maxWidth: r.width, role: .normal); y += 2
        let nameWidth = min(28, max(12, r.width / 4))
        let narrow = r.width < 120
        for c in active {
            guard y < r.maxY else { break }
            let level = w.maxAlert(of: c)
            buf.put(PaneView.severity(c.severity), x: r.x, y: y, role: Role.severity(c.severity))
            buf.put(c.title, x: r.x + 4, y: y, maxWidth: nameWidth, role: .header)
            var x = r.x + 5 + nameWidth
            let alertText = narrow ? PaneView.alert(level) : "\(level.tag) \(level.label)"
            buf.put(alertText, x: x, y: y, maxWidth: 26, role: Role.alert(level.rawValue))
            x += narrow ? 9 : 27
            let funnel: [(String, Int?)] = [(narrow ? "aff" : "affected", w.total(.affected, in: c.countries)),
                                            (narrow ? "evac" : "evacuated", w.total(.evacuated, in: c.countries)),
                                            ("home", w.total(.returned, in: c.countries))]
            let parts = funnel.map { "\($0.0) \(Format.number($0.1))" }.joined(separator: " · ")
            x += buf.put(parts, x: x, y: y, maxWidth: r.maxX - x, role: .normal) + 2
            let series = c.countries.compactMap { w.countries[$0]?.series(.returned, days: 7, now: state.now) }
            if let first = series.first, x + 16 < r.maxX {
                let summed = (0..<first.count).map { i in series.reduce(0) { $0 + $1[i] } }
                buf.put(Bars.sparkline(summed) + " home, 7 days", x: x, y: y, maxWidth: r.maxX - x, role: .muted)
            }
            y += 1
        }
        // Room left: the countries on alert, highest first.
        let onAlert = w.countriesOrdered().filter { $0.alertLevel != .none }
        guard y + 3 < r.maxY, !onAlert.isEmpty else { return }
        y += 1
        buf.put("Countries on alert", x: r.x, y: y, maxWidth: r.width, role: .header)
        y += 1
        for c in onAlert where y < r.maxY {
            buf.put(ctx.names.name(c.code), x: r.x + 4, y: y, maxWidth: nameWidth, role: .normal)
            buf.put("\(PaneView.alert(c.alertLevel)) \(c.alertLevel.label)", x: r.x + 5 + nameWidth, y: y, maxWidth: 30, role: Role.alert(c.alertLevel.rawValue))
            let figures = [CountKind.stock, .affected, .evacuated, .returned].map { "\($0 == .stock ? "present" : $0.label) \(Format.number(c.count($0)))" }
            buf.put(figures.joined(separator: " · "), x: r.x + nameWidth + 37, y: y, maxWidth: max(0, r.maxX - r.x - nameWidth - 37), role: .normal)
            y += 1
        }
    }

    static func crisis(_ buf: inout ScreenBuffer, _ r: Rect, _ c: Crisis, state: AppState, ctx: RenderContext) {
        let w = ctx.world
        var y = r.y
        buf.put(c.title, x: r.x, y: y, maxWidth: r.width, role: .titleFocus); y += 1
        buf.put("\(c.kind.rawValue) · severity \(PaneView.severity(c.severity)) · phase \(c.phase.label)", x: r.x, y: y, maxWidth: r.width,
                role: Role.severity(c.severity)); y += 2
        for code in c.countries {
            let level = w.countries[code]?.alertLevel ?? .none
            buf.put("\(ctx.names.name(code))  \(PaneView.alert(level)) \(level.label)", x: r.x, y: y, maxWidth: r.width, role: Role.alert(level.rawValue))
            y += 1
        }
        y += 1
        // The evacuation funnel, each bar scaled to the largest figure.
        let funnel: [(String, CountKind)] = [("affected", .affected), ("registered", .registered), ("at assembly", .atAssembly),
                                             ("in transit", .inTransit), ("evacuated", .evacuated), ("home", .returned)]
        let values = funnel.map { w.total($0.1, in: c.countries) }
        let maxValue = values.compactMap { $0 }.max() ?? 0
        let barWidth = max(10, min(60, r.width - 40))
        for (i, f) in funnel.enumerated() where y < r.maxY - 6 {
            let bar = Bars.bar(maxValue == 0 ? 0 : Double(values[i] ?? 0) / Double(maxValue), width: barWidth)
            buf.put(TerminalText.fit(f.0, 12), x: r.x, y: y, role: .header)
            buf.put(bar.filled, x: r.x + 13, y: y, role: .bar)
            buf.put(TerminalText.fit(Format.number(values[i]), 8, right: true), x: r.x + 14 + barWidth, y: y, role: .normal)
            if f.1 == .evacuated || f.1 == .affected || f.1 == .returned {
                let series = c.countries.compactMap { w.countries[$0]?.series(f.1, days: 7, now: state.now) }
                if let first = series.first {
                    let summed = (0..<first.count).map { i in series.reduce(0) { $0 + $1[i] } }
                    buf.put(Bars.sparkline(summed) + " 7 d", x: r.x + 24 + barWidth, y: y, maxWidth: r.maxX - r.x - 24 - barWidth, role: .muted)
                }
            }
            y += 1
        }
        let harm = [CountKind.injured, .missing, .dead].map { "\($0.label) \(Format.number(w.total($0, in: c.countries)))" }.joined(separator: " · ")
        buf.put(harm, x: r.x, y: y, maxWidth: r.width, role: .normal); y += 2
        // Checklist by section.
        let sections = World.sections(of: c.checklist)
        let secWidth = min(40, r.width / 2 - 2)
        for s in sections where y < r.maxY - 4 {
            let p = ChecklistProgress(s.items)
            let bar = Bars.progress(p.fraction, width: 12)
            buf.put(TerminalText.fit(s.name, 16), x: r.x, y: y, role: .normal)
            buf.put(bar.filled, x: r.x + 17, y: y, role: .bar)
            buf.put(bar.empty, x: r.x + 17 + TerminalText.width(bar.filled), y: y, role: .barEmpty)
            buf.put("\(p.done)/\(p.total)", x: r.x + 30, y: y, maxWidth: secWidth - 30, role: .normal)
            y += 1
        }
        y += 1
        for e in w.latestEvents(limit: 4, crisis: c.id, significantOnly: true) where y < r.maxY {
            buf.put("\(Format.when(e.time, now: state.now))  " + Redact.personal(e.text), x: r.x, y: y, maxWidth: r.width, role: .muted)
            y += 1
        }
    }
}

/// Removes what must never reach a shared screen: e-mail addresses and phone numbers.
public enum Redact {
    public static func personal(_ text: String) -> String {
        var out = text
        // E-mail: something@something.tld
        out = out.replacingOccurrences(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, with: "[e-mail withheld]", options: .regularExpression)
        // Phone: a run of 7 or more digits, allowing spaces, dashes, dots and brackets, optionally after +.
        out = out.replacingOccurrences(of: #"\+?\(?\d[\d\s().-]{6,}\d"#, with: "[phone withheld]", options: .regularExpression)
        return out
    }
}
