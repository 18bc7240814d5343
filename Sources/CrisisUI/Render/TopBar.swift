import CrisisCore
import Foundation

enum TopBar {
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, rows: PaneRows, ctx: RenderContext) {
        buf.fill(r, role: .statusbar)
        let world = ctx.world
        let home = world.cell.homeTimeZone
        var clocks = ["UTC \(Format.clock(state.now, .utc))", "\(Screen.cityName(home)) \(Format.clock(state.now, .named(home)))"]
        if let code = rows.selectedCrisis?.countries.first, let zone = ctx.zones.zone(for: code), zone.identifier != home {
            clocks.append("\(Screen.cityName(zone.identifier)) \(Format.clock(state.now, zone))")
        }
        let save: (String, Role)
        switch state.saveState {
        case .saved: save = ("● saved", .statusOK)
        case .writing: save = ("◌ writing", .statusBusy)
        case .failed(let why): save = ("✖ NOT SAVED: \(why)", .statusError)
        }
        let age = world.newestChange.map { "newest change \(Format.coarseAge(state.now.timeIntervalSince($0))) ago" } ?? "no changes yet"
        let others = state.othersPresent.isEmpty ? "" : "also here: " + state.othersPresent.joined(separator: ", ")
        let readOnly = state.readOnly ? "READ-ONLY" : ""

        // Left: who and where. Right: save state first, then what fits.
        let left = " CrisisCell · \(world.cell.name) · \(state.operatorName)"
        var rightParts = [age]
        if !others.isEmpty { rightParts.append(others) }
        var right = rightParts.joined(separator: " · ")
        var clockText = clocks.joined(separator: "  ")
        let fixed = TerminalText.width(save.0) + (readOnly.isEmpty ? 0 : readOnly.count + 3) + 2
        // Drop pieces until everything fits: the third clock, then the others list, then the cell name.
        var leftText = left
        func total() -> Int { TerminalText.width(leftText) + TerminalText.width(clockText) + TerminalText.width(right) + fixed + 6 }
        if total() > r.width, clocks.count > 2 { clockText = clocks.prefix(2).joined(separator: "  ") }
        if total() > r.width, !others.isEmpty { right = age }
        if total() > r.width { leftText = " CrisisCell · \(state.operatorName)" }
        if total() > r.width { right = world.newestChange.map { "Δ \(Format.coarseAge(state.now.timeIntervalSince($0)))" } ?? "" }
        if total() > r.width { clockText = clocks[0] }

        var x = r.x
        x += buf.put(leftText, x: x, y: r.y, maxWidth: r.width, role: .statusbar)
        if !readOnly.isEmpty { x += buf.put("  " + readOnly, x: x, y: r.y, maxWidth: r.maxX - x, role: .flashWarn) }
        var rx = r.maxX - 1
        if !right.isEmpty {
            let w = TerminalText.width(right)
            buf.put(right, x: rx - w, y: r.y, maxWidth: w, role: .statusbar)
            rx -= w + 3
            buf.put("·", x: rx + 1, y: r.y, role: .statusbar)
        }
        let sw = TerminalText.width(save.0)
        buf.put(save.0, x: max(x + 2, rx - sw), y: r.y, maxWidth: max(0, rx - x - 2), role: save.1)
        rx -= sw + 3
        let cw = TerminalText.width(clockText)
        let cx = max(x + 2, min((r.width - cw) / 2, rx - cw))
        if cx + cw <= rx + 1 { buf.put(clockText, x: cx, y: r.y, maxWidth: cw, role: .statusbar) }
    }
}

enum HintLine {
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState) {
        buf.fill(r, role: .keyHint)
        if case .filtering(let pane) = state.mode {
            let text = state.filters[pane] ?? ""
            var x = r.x + buf.put(" Filter \(pane.title): ", x: r.x, y: r.y, role: .keyHintKey)
            x += buf.put(text, x: x, y: r.y, maxWidth: r.width / 2, role: .formFieldFocus)
            x += buf.put("▏", x: x, y: r.y, role: .formFieldFocus)
            buf.put("  Enter keep · Esc clear · ↑↓ move", x: x, y: r.y, maxWidth: r.maxX - x, role: .keyHint)
            return
        }
        if let flash = state.flash {
            buf.put(" " + flash.text, x: r.x, y: r.y, maxWidth: r.width, role: flash.role)
            return
        }
        var hints = KeyMap.hints(readOnly: state.readOnly)
        let quit = hints.removeLast()
        let quitWidth = TerminalText.width("\(quit.key) \(quit.label)") + 2
        var x = r.x + 1
        for h in hints {
            let w = TerminalText.width(h.key) + 1 + TerminalText.width(h.label) + 2
            if x + w > r.maxX - quitWidth { break }
            x += buf.put(h.key, x: x, y: r.y, role: .keyHintKey) + 1
            x += buf.put(h.label, x: x, y: r.y, role: .keyHint) + 2
        }
        let qx = buf.put(quit.key, x: x, y: r.y, role: .keyHintKey)
        buf.put(quit.label, x: x + qx + 1, y: r.y, maxWidth: r.maxX - x - qx - 1, role: .keyHint)
    }
}

enum EventStrip {
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, ctx: RenderContext) {
        buf.fill(r, role: .normal)
        let events = ctx.world.latestEvents(limit: max(1, r.height) * 4)
        func line(_ e: Event) -> String {
            let crisis = e.crisis.flatMap { ctx.world.crises[$0]?.title }.map { " · \($0)" } ?? ""
            return "\(Format.clock(e.time, .utc)) \(e.operator)\(crisis) · \(e.text)"
        }
        func role(_ e: Event) -> Role { state.now.timeIntervalSince(e.time) < AppState.recentWindow ? .changed : e.isSignificant ? .normal : .muted }
        if events.isEmpty { buf.put(" No log entries yet: n writes one", x: r.x, y: r.y, role: .muted); return }
        if r.height == 1 {
            var x = r.x + 1
            for (i, e) in events.enumerated() {
                if i > 0 { x += buf.put("  ·  ", x: x, y: r.y, maxWidth: r.maxX - x, role: .muted) }
                if x >= r.maxX - 1 { break }
                x += buf.put(line(e), x: x, y: r.y, maxWidth: r.maxX - x - 1, role: role(e))
            }
            return
        }
        for (i, e) in events.prefix(r.height).enumerated() {
            buf.put(" " + line(e), x: r.x, y: r.y + i, maxWidth: r.width - 1, role: role(e))
        }
    }
}
