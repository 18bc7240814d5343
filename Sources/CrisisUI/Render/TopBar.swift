import CrisisModel
import CrisisStorage
import Foundation

enum TopBar {
    /// The save state, or how the link to a shared database stands when everything here is saved.
    static func saveText(_ state: AppState) -> (String, Role) {
        let save: (String, Role)
        switch state.saveState {
        case .saved: save = ("● saved", .statusOK)
        case .writing: return ("◌ writing", .statusBusy)
        case .failed(let why): return ("✖ NOT SAVED: \(why)", .statusError)
        }
        guard let link = state.link else { return save }
        var refused = link.refused.isEmpty ? "" : " · \(link.refused.count) refused"
        if link.damaged > 0 { refused += " · \(link.damaged) damaged (crisiscell outbox)" }
        // W opens the list of what waits, where a refused one is settled.
        if link.waiting > 0 || !link.refused.isEmpty { refused += " (W)" }
        if let silent = link.silentFor, link.online {
            return (
                "⚠ no answer from the database for \(Int(silent)) s · \(link.waiting) waiting to send\(refused)",
                .statusError
            )
        } else if link.busy != nil, link.online {
            return ("⚠ database busy · \(link.waiting) waiting to send\(refused)", .statusError)
        } else if !link.online, let problem = link.problem {
            // Not a link that comes back by itself: the message line says what to mend. An old primary, or a
            // history that lost this site's changes, is refused by this site, not by the database.
            let ours =
                problem.contains(" is an old primary (") || problem.contains("failover to an asynchronous standby")
            return (
                "⚠ \(ours ? "NOT USED by this site" : "REFUSED by the database") (\(TerminalText.clip(problem, to: ours ? 60 : 40))) since \(Format.when(link.since, now: state.now)) · \(link.waiting) waiting to send\(refused)",
                .statusError
            )
        } else if !link.online, link.servers > 1 {
            // Several servers: the one lost may be failing over to a standby; the site keeps trying them all.
            let lostAt = link.move.lostAt ?? link.since
            let lost = link.move.lostServer.map { "\($0) lost" } ?? "lost"
            return (
                "⚠ database moving: \(lost) \(Format.when(lostAt, now: state.now)) · \(span(state.now.timeIntervalSince(lostAt))) · \(link.waiting) waiting to send\(refused)",
                .statusError
            )
        } else if !link.online {
            return (
                "⚠ offline since \(Format.when(link.since, now: state.now)) · \(link.waiting) waiting to send\(refused)",
                .statusError
            )
        }
        let moved = movedText(link, now: state.now)
        if link.waiting > 0 || !link.refused.isEmpty || link.damaged > 0 {
            return (
                "◌ \(link.waiting) waiting to send\(refused)\(moved.map { " · \($0)" } ?? "")",
                link.refused.isEmpty ? .statusBusy : .statusError
            )
        }
        if let moved { return ("● \(moved)", .statusBusy) }
        return save
    }

    /// How long a move stays said in the top bar once the link is back on another server.
    static let movedShownFor: TimeInterval = 600

    /// "database moved: hq-db lost 09:12, now dr-db after 14 s", for a while after a failover.
    static func movedText(_ link: LinkStatus, now: Date) -> String? {
        guard link.online, let movedAt = link.move.movedAt, let lostAt = link.move.lostAt,
            now.timeIntervalSince(movedAt) < movedShownFor, let server = link.move.server
        else { return nil }
        let lost = link.move.lostServer.map { "\($0) lost" } ?? "lost"
        return
            "database moved: \(lost) \(Format.when(lostAt, now: now)), now \(server) after \(span(movedAt.timeIntervalSince(lostAt)))"
    }

    /// Seconds while they count, then minutes and hours.
    static func span(_ seconds: TimeInterval) -> String {
        seconds < 60 ? "\(max(0, Int(seconds))) s" : Format.coarseAge(seconds)
    }

    /// Left: who and where. Middle: clocks. Right: the save state, who else is here, the newest change. When it
    /// does not fit, ornaments go first (the newest change's age, the cell's name, the home clock, UTC); the save
    /// state, the host country's clock and "also here" (shortened to "+2 here") always stay.
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, rows: PaneRows, ctx: RenderContext) {
        buf.fill(r, role: .statusbar)
        let world = ctx.world
        let home = world.cell.homeTimeZone
        let utc = "UTC \(Format.clock(state.now, .utc))"
        let homeClock = "\(Screen.cityName(home)) \(Format.clock(state.now, .named(home)))"
        var hostClock: String?
        if let code = rows.selectedCrisis?.countries.first, let zone = ctx.zones.zone(for: code),
            zone.identifier != home
        {
            hostClock = "\(Screen.cityName(zone.identifier)) \(Format.clock(state.now, zone))"
        }
        let save = saveText(state)
        let longAge = world.newestChange.map {
            "newest change \(Format.coarseAge(state.now.timeIntervalSince($0))) ago"
        }
        let shortAge = world.newestChange.map { "Δ \(Format.coarseAge(state.now.timeIntervalSince($0)))" }
        let others = state.othersPresent
        let longOthers = others.isEmpty ? nil : "also here: " + others.joined(separator: ", ")
        let shortOthers = others.isEmpty ? nil : "+\(others.count) here"
        let readOnly = state.viewerLogin ? "READ-ONLY · viewer login" : state.readOnly ? "READ-ONLY" : ""

        var leftText = " CrisisCell · \(world.cell.name) · \(state.operatorName)"
        var showUTC = true
        var showHome = true
        var age = longAge
        var here = longOthers
        func clocks() -> String {
            ([showUTC ? utc : nil, showHome ? homeClock : nil, hostClock].compactMap { $0 }).joined(separator: "  ")
        }
        func right() -> String { [here, age].compactMap { $0 }.joined(separator: " · ") }
        func total() -> Int {
            TerminalText.width(leftText) + (readOnly.isEmpty ? 0 : TerminalText.width(readOnly) + 2)
                + TerminalText.width(clocks())
                + TerminalText.width(save.0) + TerminalText.width(right()) + 10
        }
        // In order, least needed first.
        let steps: [() -> Void] = [
            { age = shortAge }, { here = shortOthers }, { leftText = " CrisisCell · \(state.operatorName)" },
            { showHome = false }, { age = nil }, { showUTC = false }, { leftText = " \(state.operatorName)" },
        ]
        for step in steps where total() > r.width { step() }

        var x = r.x
        x += buf.put(leftText, x: x, y: r.y, maxWidth: r.width, role: .statusbar)
        if !readOnly.isEmpty { x += buf.put("  " + readOnly, x: x, y: r.y, maxWidth: r.maxX - x, role: .flashWarn) }
        var rx = r.maxX - 1
        let rightText = right()
        if !rightText.isEmpty {
            let w = TerminalText.width(rightText)
            buf.put(rightText, x: rx - w, y: r.y, maxWidth: w, role: .statusbar)
            rx -= w + 3
            buf.put("·", x: rx + 1, y: r.y, role: .statusbar)
        }
        let sw = TerminalText.width(save.0)
        buf.put(save.0, x: max(x + 2, rx - sw), y: r.y, maxWidth: max(0, rx - x - 2), role: save.1)
        rx -= sw + 3
        let clockText = clocks()
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
        var hints =
            state.focus == .log
            ? KeyMap.logHints : state.focus == .incoming ? KeyMap.incomingHints : KeyMap.hints(readOnly: state.readOnly)
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
        // The zone is said once, on the first (newest) entry; every time says its day when it is not today's.
        func line(_ e: Event, first: Bool) -> String {
            let crisis = e.crisis.flatMap { ctx.world.crises[$0]?.title }.map { " · \($0)" } ?? ""
            return "\(Format.when(e.time, now: state.now))\(first ? " UTC" : "") \(e.operator)\(crisis) · \(e.text)"
        }
        func role(_ e: Event) -> Role {
            state.now.timeIntervalSince(e.time) < AppState.recentWindow ? .changed : e.isSignificant ? .normal : .muted
        }
        if events.isEmpty {
            buf.put(" No log entries yet: n writes one", x: r.x, y: r.y, role: .muted)
            return
        }
        if r.height == 1 {
            var x = r.x + 1
            for (i, e) in events.enumerated() {
                if i > 0 { x += buf.put("  ·  ", x: x, y: r.y, maxWidth: r.maxX - x, role: .muted) }
                if x >= r.maxX - 1 { break }
                x += buf.put(line(e, first: i == 0), x: x, y: r.y, maxWidth: r.maxX - x - 1, role: role(e))
            }
            return
        }
        for (i, e) in events.prefix(r.height).enumerated() {
            buf.put(" " + line(e, first: i == 0), x: r.x, y: r.y + i, maxWidth: r.width - 1, role: role(e))
        }
    }
}
