import CrisisModel
import Foundation

/// Draws one of the four panes: border and title, then its rows, only those on screen.
enum PaneView {
    static func draw(
        _ buf: inout ScreenBuffer, _ placed: ConsoleLayout.Placed, state: AppState, rows: PaneRows, ctx: RenderContext
    ) {
        let pane = placed.pane
        let focused = state.focus == pane
        var info: [String] = []
        if let f = state.filters[pane] { info.append("filter: \(f)") }
        if (state.sortColumn[pane] ?? 0) % PaneRows.sortNames[pane]!.count != 0 {
            info.append("sort: " + PaneRows.sortName(pane, state.sortColumn[pane]!))
        }
        let title = "\(pane.number) \(pane.title)" + subtitle(pane, rows: rows, ctx: ctx)
        let inner = Block(title: title, info: info.joined(separator: " · "), focused: focused).draw(&buf, placed.rect)
        guard !inner.isEmpty else { return }
        switch pane {
        case .crises: CrisesPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .countries: CountriesPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .checklist: ChecklistPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .contacts: ContactsPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .log: LogPane.draw(&buf, inner, state: state, rows: rows, ctx: ctx)
        case .incoming: IncomingPane.draw(&buf, inner, state: state, rows: rows, ctx: ctx)
        }
    }

    static func subtitle(_ pane: Pane, rows: PaneRows, ctx: RenderContext) -> String {
        switch pane {
        case .log:
            let scope = rows.state.logCrisisOnly ? rows.selectedCrisis?.title ?? "the selected crisis" : "all crises"
            return " · \(scope) · \(rows.state.logKind?.rawValue ?? "every kind") · times UTC"
        case .incoming:
            let open = ctx.world.incomingToTriage
            let feeds = ctx.world.watch.feeds.count
            return
                " · \(open) to triage · \(feeds) feed\(feeds == 1 ? "" : "s") followed · o open crisis, l link, d dismiss"
        case .checklist: return rows.selectedCrisis.map { " · \($0.title)" } ?? ""
        case .contacts:
            guard let scope = rows.contactScope else { return " · all countries" }
            return " · " + scope.map(ctx.names.name).joined(separator: ", ")
        default: return ""
        }
    }

    /// Draws a list of table rows with header, cursor and scrolling; collapsed panes show the selected row alone.
    /// `pinned` leading rows stay on screen however far the list scrolls (the selected crisis's countries), and
    /// the "x–y of N" indicator goes on `hintY` (the pane's bottom border unless said otherwise).
    static func drawTable(
        _ buf: inout ScreenBuffer, _ r: Rect, collapsed: Bool, table: Table, count: Int, selected: Int?,
        scroll: Int, focused: Bool, empty: String, pinned: Int = 0, hintY: Int? = nil, row: (Int) -> TableRow
    ) {
        if count == 0 {
            if !collapsed { table.drawHeader(&buf, x: r.x, y: r.y, width: r.width) }
            if focused { buf.placeCursor(x: r.x, y: r.y + (collapsed ? 0 : 1)) }
            buf.put(" " + empty, x: r.x, y: r.y + (collapsed ? 0 : 1), maxWidth: r.width, role: .muted)
            return
        }
        if collapsed {
            let i = selected ?? 0
            var tr = row(i)
            tr.marker = "▸"
            table.drawRow(&buf, tr, x: r.x, y: r.y, width: r.width, selectedRole: nil)
            if focused { buf.placeCursor(x: r.x, y: r.y) }
            return
        }
        table.drawHeader(&buf, x: r.x, y: r.y, width: r.width)
        let height = r.height - 1
        var top = visibleTop(scroll: scroll, selected: selected, count: count, height: height)
        var lines: [Int] = Array(top..<min(count, top + height))
        if pinned > 0, top > 0, pinned < height - 2 {
            // The pinned rows first, then the scrolled window in the room left.
            let rest = height - pinned
            top = max(
                pinned,
                visibleTop(
                    scroll: max(scroll, pinned), selected: (selected ?? 0) < pinned ? nil : selected, count: count,
                    height: rest))
            lines = Array(0..<pinned) + Array(top..<min(count, top + rest))
        }
        for (line, i) in lines.enumerated() {
            var tr = row(i)
            let isSelected = i == selected
            // Selected and changed by someone: the row is highlighted, and the change mark stays visible.
            if isSelected { tr.marker = tr.marker == "•" || tr.marker == "⚑" ? tr.marker : "▸" }
            table.drawRow(
                &buf, tr, x: r.x, y: r.y + 1 + line, width: r.width,
                selectedRole: isSelected ? (focused ? .cursor : .cursorDim) : nil)
            if isSelected && focused { buf.placeCursor(x: r.x, y: r.y + 1 + line) }
            if pinned > 0, top > pinned, line == pinned - 1 { buf.put("┄", x: r.x, y: r.y + 1 + line, role: .muted) }
        }
        if count > height {
            drawScrollHint(
                &buf, Rect(x: r.x, y: r.y, width: r.width, height: (hintY ?? r.maxY) - r.y), top: top,
                height: lines.count, count: count)
        }
    }

    /// The first row to show: the stored scroll, moved just enough to keep the selection in view.
    static func visibleTop(scroll: Int, selected: Int?, count: Int, height: Int) -> Int {
        var top = min(max(0, scroll), max(0, count - height))
        if let s = selected {
            if s < top { top = s }
            if s >= top + height { top = s - height + 1 }
        }
        return max(0, top)
    }

    static func drawScrollHint(_ buf: inout ScreenBuffer, _ r: Rect, top: Int, height: Int, count: Int) {
        let text = "\(top + 1)–\(min(count, top + height)) of \(count)"
        buf.putRight(" \(text) ", right: r.maxX - 1, y: r.maxY, maxWidth: r.width / 2, role: .muted)
    }

    static func severity(_ n: Int) -> String { (n >= 3 ? "▲" : n == 2 ? "△" : "·") + String(n) }

    static func alert(_ level: AlertLevel) -> String {
        level == .none ? "L0 —" : level.tag + " " + String(repeating: "▮", count: level.rawValue)
    }

    static func delta(_ d: Int?) -> (String, Role?) {
        guard let d, d != 0 else { return ("", nil) }
        return d > 0 ? ("↑" + Format.number(d), .deltaUp) : ("↓" + Format.number(-d), .deltaDown)
    }

    /// When something happened: its time today, its age before (a bare time would read as today's).
    static func time(_ date: Date, now: Date) -> String { Format.ago(date, now: now) }
}

enum CrisesPane {
    static let table = Table([
        Column("Sev", 3, priority: 10), Column("Crisis", 14, priority: 11, flex: true),
        Column("Phase", 12, priority: 6),
        Column("Alert", 7, priority: 9), Column("Affected", 8, .right, priority: 8),
        Column("Evac", 6, .right, priority: 7),
        Column("Done", 4, .right, priority: 5), Column("Upd", 5, .right, priority: 3),
    ])

    static func draw(
        _ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext
    ) {
        let crises = rows.crises
        let world = ctx.world
        PaneView.drawTable(
            &buf, r, collapsed: collapsed, table: table, count: crises.count,
            selected: rows.selectedIndex(.crises), scroll: state.scroll[.crises] ?? 0,
            focused: state.focus == .crises,
            empty: state.filters[.crises] == nil
                ? "No crises. Press a to open one." : "Nothing matches the filter: Esc clears"
        ) { i in
            let c = crises[i]
            let alert = world.maxAlert(of: c)
            let progress = ChecklistProgress(c.checklist)
            // Changed by someone: the crisis itself, its checklist, or the figures of its countries.
            let alerted = c.countries.contains { state.isRecent("alert:\($0)") }
            let changed =
                alerted || state.isRecent("crisis:\(c.id)") || c.countries.contains { state.isRecent("country:\($0)") }
                || (!state.recent.isEmpty
                    && c.checklist.contains { state.isRecent(ChecklistOwner.crisis(c.id).markKey($0.id)) })
            return TableRow(
                [
                    PaneView.severity(c.severity), c.title, c.phase.label, PaneView.alert(alert),
                    Format.number(world.total(.affected, in: c.countries)),
                    Format.number(world.total(.evacuated, in: c.countries)),
                    progress.total == 0 ? "—" : "\(Int((progress.fraction * 100).rounded()))%",
                    PaneView.time(c.updated, now: state.now),
                ],
                roles: [Role.severity(c.severity), nil, c.isActive ? nil : .muted, Role.alert(alert.rawValue)],
                role: changed ? .changed : c.isActive ? .normal : .muted,
                marker: alerted ? "⚑" : changed ? "•" : " ")
        }
    }
}

enum CountriesPane {
    static let table = Table([
        Column("Country", 12, priority: 11, flex: true), Column("Alert", 7, priority: 10),
        Column("Stock", 9, .right, priority: 4),
        Column("Affected", 8, .right, priority: 9), Column("24h", 6, .right, priority: 6),
        Column("Shelter", 7, .right, priority: 2),
        Column("Evac", 6, .right, priority: 8), Column("24h", 6, .right, priority: 5),
        Column("Home", 6, .right, priority: 7),
        Column("Missing", 7, .right, priority: 3), Column("Dead", 5, .right, priority: 3),
    ])

    static func draw(
        _ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext
    ) {
        let countries = rows.countries
        let marked = Set(rows.selectedCrisis?.countries ?? [])
        // The last line holds the total row when the pane is open.
        let listRect = collapsed ? r : Rect(x: r.x, y: r.y, width: r.width, height: r.height - 1)
        // The selected crisis's countries are listed first, and stay in view however far the list scrolls.
        let pinned =
            (state.sortColumn[.countries] ?? 0) % PaneRows.sortNames[.countries]!.count == 0
            ? countries.prefix { marked.contains($0.code) }.count : 0
        PaneView.drawTable(
            &buf, listRect, collapsed: collapsed, table: table, count: countries.count,
            selected: rows.selectedIndex(.countries), scroll: state.scroll[.countries] ?? 0,
            focused: state.focus == .countries,
            empty: state.filters[.countries] == nil
                ? "No host countries yet: a adds one" : "Nothing matches the filter: Esc clears",
            pinned: pinned, hintY: r.maxY
        ) { i in
            let c = countries[i]
            let dAff = PaneView.delta(c.delta(.affected, over: 86_400, now: state.now))
            let dEvac = PaneView.delta(c.delta(.evacuated, over: 86_400, now: state.now))
            // An alert-level change is marked apart from a count change.
            let marker =
                state.isRecent("alert:\(c.code)")
                ? "⚑" : state.isRecent("country:\(c.code)") ? "•" : marked.contains(c.code) ? "◆" : " "
            return TableRow(
                [
                    ctx.names.name(c.code), PaneView.alert(c.alertLevel), Format.number(c.count(.stock)),
                    Format.number(c.count(.affected)),
                    dAff.0, Format.number(c.count(.sheltered)), Format.number(c.count(.evacuated)), dEvac.0,
                    Format.number(c.count(.returned)), Format.number(c.count(.missing)), Format.number(c.count(.dead)),
                ],
                roles: [nil, Role.alert(c.alertLevel.rawValue), nil, nil, dAff.1, nil, nil, dEvac.1],
                role: state.isRecent("alert:\(c.code)")
                    ? Role.alert(c.alertLevel.rawValue) : state.isRecent("country:\(c.code)") ? .changed : .normal,
                marker: marker)
        }
        guard !collapsed, r.height >= 3 else { return }
        let totals = rows.countryTotals
        let scope = state.filters[.countries] == nil ? "Total" : "Total (filtered)"
        let row = TableRow(
            [
                scope, "", Format.number(totals[.stock]), Format.number(totals[.affected]), "",
                Format.number(totals[.sheltered]),
                Format.number(totals[.evacuated]), "", Format.number(totals[.returned]),
                Format.number(totals[.missing]),
                Format.number(totals[.dead]),
            ], role: .total)
        table.drawRow(&buf, row, x: r.x, y: r.maxY - 1, width: r.width, selectedRole: nil)
    }
}

enum ContactsPane {
    static let table = Table([
        Column("Duty", 10, priority: 10), Column("#", 2, .right, priority: 6),
        Column("Name", 14, priority: 11, flex: true),
        Column("Organisation", 16, priority: 8), Column("Role", 14, priority: 3), Column("Local", 9, priority: 7),
        Column("", 2, priority: 5),
    ])

    /// Zoomed, the roster is the officer's own screen: it shows the first phone (never on a briefing screen).
    static let zoomedTable = Table([
        Column("Duty", 10, priority: 10), Column("#", 2, .right, priority: 6),
        Column("Name", 14, priority: 11, flex: true),
        Column("Organisation", 16, priority: 8), Column("Role", 14, priority: 3), Column("Phone", 17, priority: 9),
        Column("Local", 9, priority: 7), Column("", 2, priority: 5),
    ])

    static func draw(
        _ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext
    ) {
        let contacts = rows.contacts
        let zoomed = state.zoomed && state.focus == .contacts
        PaneView.drawTable(
            &buf, r, collapsed: collapsed, table: zoomed ? zoomedTable : table, count: contacts.count,
            selected: rows.selectedIndex(.contacts), scroll: state.scroll[.contacts] ?? 0,
            focused: state.focus == .contacts,
            empty: state.filters[.contacts] != nil
                ? "Nothing matches the filter: Esc clears"
                : rows.contactScope == nil
                    ? "No contacts yet: a adds one" : "No contacts for these countries: c shows all"
        ) { i in
            let c = contacts[i]
            let zone = TimeZone.named(c.timeZone)
            let role: Role
            switch c.duty {
            case .onDuty: role = .onDuty
            case .onCall: role = .onCall
            case .offDuty: role = .offDuty
            case .unavailable: role = .unavailable
            }
            let local = "\(Format.clock(state.now, zone)) \(Format.weekday(state.now, zone))"
            let cells =
                zoomed
                ? [
                    "\(c.duty.glyph) \(c.duty.rawValue)", String(c.callOrder), c.name, c.organisation, c.role,
                    c.phones.first ?? "—", local, c.country,
                ]
                : [
                    "\(c.duty.glyph) \(c.duty.rawValue)", String(c.callOrder), c.name, c.organisation, c.role, local,
                    c.country,
                ]
            return TableRow(
                cells,
                roles: [role],
                role: state.isRecent("contact:\(c.id)") ? .changed : c.duty == .unavailable ? .muted : .normal,
                marker: state.isRecent("contact:\(c.id)") ? "•" : " ")
        }
    }
}

/// The whole event log, newest first: when (with its day), who, which crisis, what kind, and the entry.
enum LogPane {
    static let table = Table([
        Column("When", 12, priority: 10), Column("Who", 9, priority: 9), Column("Crisis", 16, priority: 6),
        Column("Kind", 8, priority: 7), Column("Entry", 20, priority: 11, flex: true),
    ])

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, rows: PaneRows, ctx: RenderContext) {
        let listing = rows.logListing
        let world = ctx.world
        PaneView.drawTable(
            &buf, r, collapsed: false, table: table, count: listing.count, selected: rows.selectedIndex(.log),
            scroll: state.scroll[.log] ?? 0, focused: true,
            empty: state.filters[.log] == nil && state.logKind == nil && !state.logCrisisOnly
                ? "No log entries yet: n writes one" : "No entry matches: Esc clears the filter, f and c widen it"
        ) { row in
            let e = world.events[listing.eventIndex(atRow: row)]
            let crisis = e.crisis.flatMap { world.crises[$0]?.title } ?? (e.crisis ?? "cell")
            let recent = state.now.timeIntervalSince(e.time) < AppState.recentWindow
            let role: Role = e.kind == .alert ? .alert3 : recent ? .changed : e.isSignificant ? .normal : .muted
            return TableRow(
                [
                    Format.when(e.time, now: state.now), e.operator, crisis, e.kind.rawValue,
                    (e.arrivedLate.map { "sent " + Format.when($0, now: state.now) + " · " } ?? "")
                        + e.text.replacingOccurrences(of: "\n", with: " ⏎ "),
                ],
                roles: [nil, nil, nil, e.kind == .alert ? .alert3 : nil], role: role,
                marker: e.kind == .alert ? "⚑" : recent ? "•" : " ")
        }
    }
}
