import CrisisCore
import Foundation

/// Draws one of the four panes: border and title, then its rows, only those on screen.
enum PaneView {
    static func draw(_ buf: inout ScreenBuffer, _ placed: ConsoleLayout.Placed, state: AppState, rows: PaneRows, ctx: RenderContext) {
        let pane = placed.pane
        let focused = state.focus == pane
        var info: [String] = []
        if let f = state.filters[pane] { info.append("filter: \(f)") }
        if (state.sortColumn[pane] ?? 0) % PaneRows.sortNames[pane]!.count != 0 { info.append("sort: " + PaneRows.sortName(pane, state.sortColumn[pane]!)) }
        let title = "\(pane.number) \(pane.title)" + subtitle(pane, rows: rows, ctx: ctx)
        let inner = Block(title: title, info: info.joined(separator: " · "), focused: focused).draw(&buf, placed.rect)
        guard !inner.isEmpty else { return }
        switch pane {
        case .crises: CrisesPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .countries: CountriesPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .checklist: ChecklistPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        case .contacts: ContactsPane.draw(&buf, inner, placed.collapsed, state: state, rows: rows, ctx: ctx)
        }
    }

    static func subtitle(_ pane: Pane, rows: PaneRows, ctx: RenderContext) -> String {
        switch pane {
        case .checklist: return rows.selectedCrisis.map { " · \($0.title)" } ?? ""
        case .contacts:
            guard let scope = rows.contactScope else { return " · all countries" }
            return " · " + scope.map(ctx.names.name).joined(separator: ", ")
        default: return ""
        }
    }

    /// Draws a list of table rows with header, cursor and scrolling; collapsed panes show the selected row alone.
    static func drawTable(_ buf: inout ScreenBuffer, _ r: Rect, collapsed: Bool, table: Table, count: Int, selected: Int?,
                          scroll: Int, focused: Bool, empty: String, row: (Int) -> TableRow) {
        if count == 0 {
            if !collapsed { table.drawHeader(&buf, x: r.x, y: r.y, width: r.width) }
            buf.put(" " + empty, x: r.x, y: r.y + (collapsed ? 0 : 1), maxWidth: r.width, role: .muted)
            return
        }
        if collapsed {
            let i = selected ?? 0
            var tr = row(i)
            tr.marker = "▸"
            table.drawRow(&buf, tr, x: r.x, y: r.y, width: r.width, selectedRole: nil)
            return
        }
        table.drawHeader(&buf, x: r.x, y: r.y, width: r.width)
        let height = r.height - 1
        let top = visibleTop(scroll: scroll, selected: selected, count: count, height: height)
        for line in 0..<min(height, count - top) {
            let i = top + line
            var tr = row(i)
            let isSelected = i == selected
            if isSelected { tr.marker = "▸" }
            table.drawRow(&buf, tr, x: r.x, y: r.y + 1 + line, width: r.width,
                          selectedRole: isSelected ? (focused ? .cursor : .cursorDim) : nil)
        }
        if count > height { drawScrollHint(&buf, r, top: top, height: height, count: count) }
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

    static func time(_ date: Date, now: Date) -> String {
        now.timeIntervalSince(date) < 86_400 ? Format.clock(date, .utc) : Format.age(now.timeIntervalSince(date))
    }
}

enum CrisesPane {
    static let table = Table([
        Column("Sev", 3, priority: 10), Column("Crisis", 14, priority: 11, flex: true), Column("Phase", 12, priority: 6),
        Column("Alert", 7, priority: 9), Column("Affected", 8, .right, priority: 8), Column("Evac", 6, .right, priority: 7),
        Column("Done", 4, .right, priority: 5), Column("Upd", 5, .right, priority: 3),
    ])

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext) {
        let crises = rows.crises
        let world = ctx.world
        PaneView.drawTable(&buf, r, collapsed: collapsed, table: table, count: crises.count,
                           selected: rows.selectedIndex(.crises), scroll: state.scroll[.crises] ?? 0,
                           focused: state.focus == .crises,
                           empty: state.filters[.crises] == nil ? "No crises. Press a to open one." : "Nothing matches the filter: Esc clears") { i in
            let c = crises[i]
            let alert = world.maxAlert(of: c)
            let progress = ChecklistProgress(c.checklist)
            return TableRow([PaneView.severity(c.severity), c.title, c.phase.label, PaneView.alert(alert),
                             Format.number(world.total(.affected, in: c.countries)), Format.number(world.total(.evacuated, in: c.countries)),
                             progress.total == 0 ? "—" : "\(Int((progress.fraction * 100).rounded()))%", PaneView.time(c.updated, now: state.now)],
                            roles: [Role.severity(c.severity), nil, c.isActive ? nil : .muted, Role.alert(alert.rawValue)],
                            role: state.isRecent("crisis:\(c.id)") ? .changed : c.isActive ? .normal : .muted,
                            marker: state.isRecent("crisis:\(c.id)") ? "•" : " ")
        }
    }
}

enum CountriesPane {
    static let table = Table([
        Column("Country", 12, priority: 11, flex: true), Column("Alert", 7, priority: 10), Column("Stock", 9, .right, priority: 4),
        Column("Affected", 8, .right, priority: 9), Column("24h", 6, .right, priority: 6), Column("Shelter", 7, .right, priority: 2),
        Column("Evac", 6, .right, priority: 8), Column("24h", 6, .right, priority: 5), Column("Home", 6, .right, priority: 7),
        Column("Missing", 7, .right, priority: 3), Column("Dead", 5, .right, priority: 3),
    ])

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext) {
        let countries = rows.countries
        let marked = Set(rows.selectedCrisis?.countries ?? [])
        // The last line holds the total row when the pane is open.
        let listRect = collapsed ? r : Rect(x: r.x, y: r.y, width: r.width, height: r.height - 1)
        PaneView.drawTable(&buf, listRect, collapsed: collapsed, table: table, count: countries.count,
                           selected: rows.selectedIndex(.countries), scroll: state.scroll[.countries] ?? 0,
                           focused: state.focus == .countries,
                           empty: state.filters[.countries] == nil ? "No host countries yet: a adds one" : "Nothing matches the filter: Esc clears") { i in
            let c = countries[i]
            let dAff = PaneView.delta(c.delta(.affected, over: 86_400, now: state.now))
            let dEvac = PaneView.delta(c.delta(.evacuated, over: 86_400, now: state.now))
            let marker = state.isRecent("country:\(c.code)") ? "•" : marked.contains(c.code) ? "◆" : " "
            return TableRow([ctx.names.name(c.code), PaneView.alert(c.alertLevel), Format.number(c.count(.stock)), Format.number(c.count(.affected)),
                             dAff.0, Format.number(c.count(.sheltered)), Format.number(c.count(.evacuated)), dEvac.0,
                             Format.number(c.count(.returned)), Format.number(c.count(.missing)), Format.number(c.count(.dead))],
                            roles: [nil, Role.alert(c.alertLevel.rawValue), nil, nil, dAff.1, nil, nil, dEvac.1],
                            role: state.isRecent("country:\(c.code)") ? .changed : .normal, marker: marker)
        }
        guard !collapsed, r.height >= 3 else { return }
        let totals = rows.countryTotals
        let scope = state.filters[.countries] == nil ? "Total" : "Total (filtered)"
        let row = TableRow([scope, "", Format.number(totals[.stock]), Format.number(totals[.affected]), "", Format.number(totals[.sheltered]),
                            Format.number(totals[.evacuated]), "", Format.number(totals[.returned]), Format.number(totals[.missing]),
                            Format.number(totals[.dead])], role: .total)
        table.drawRow(&buf, row, x: r.x, y: r.maxY - 1, width: r.width, selectedRole: nil)
    }
}

enum ContactsPane {
    static let table = Table([
        Column("Duty", 10, priority: 10), Column("#", 2, .right, priority: 6), Column("Name", 14, priority: 11, flex: true),
        Column("Organisation", 16, priority: 8), Column("Role", 14, priority: 3), Column("Local", 9, priority: 7), Column("", 2, priority: 5),
    ])

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext) {
        let contacts = rows.contacts
        PaneView.drawTable(&buf, r, collapsed: collapsed, table: table, count: contacts.count,
                           selected: rows.selectedIndex(.contacts), scroll: state.scroll[.contacts] ?? 0,
                           focused: state.focus == .contacts,
                           empty: state.filters[.contacts] != nil ? "Nothing matches the filter: Esc clears"
                                : rows.contactScope == nil ? "No contacts yet: a adds one" : "No contacts for these countries: c shows all") { i in
            let c = contacts[i]
            let zone = TimeZone.named(c.timeZone)
            let role: Role
            switch c.duty {
            case .onDuty: role = .onDuty
            case .onCall: role = .onCall
            case .offDuty: role = .offDuty
            case .unavailable: role = .unavailable
            }
            return TableRow(["\(c.duty.glyph) \(c.duty.rawValue)", String(c.callOrder), c.name, c.organisation, c.role,
                             "\(Format.clock(state.now, zone)) \(Format.weekday(state.now, zone))", c.country],
                            roles: [role], role: state.isRecent("contact:\(c.id)") ? .changed : c.duty == .unavailable ? .muted : .normal,
                            marker: state.isRecent("contact:\(c.id)") ? "•" : " ")
        }
    }
}
