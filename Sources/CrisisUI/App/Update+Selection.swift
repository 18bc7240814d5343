import CrisisModel
import CrisisSession
import Foundation

/// Selection: kept by id, moved by rows, and the panes that follow the crisis selection.
extension AppState {
    // MARK: Selection

    public var layout: ConsoleLayout {
        ConsoleLayout.make(
            width: width, height: height, focus: focus, zoomed: zoomed,
            bannerLines: hasBanner ? (width >= 120 ? 2 : 3) : 0)
    }

    func selectedId(_ pane: Pane, _ rows: PaneRows) -> String? { rows.selectedId(pane) }

    mutating func move(by delta: Int, world: World, names: CountryNames) {
        let rows = PaneRows(world: world, state: self, names: names)
        let count = rows.count(focus)
        guard let i = rows.selectedIndex(focus), count > 0 else { return }
        let j = max(
            0, min(count - 1, i.addingReportingOverflow(delta).overflow ? (delta < 0 ? 0 : count - 1) : i + delta))
        if focus == .crises, heldCrisis == nil { heldCrisis = rows.selectedCrisis?.id }
        selected[focus] = rows.id(focus, at: j)
        keepVisible(focus, world: world, names: names)
    }

    /// Lets the held panes follow the crisis selection; a different crisis starts its checklist and contacts
    /// at the top.
    mutating func settle(world: World, names: CountryNames) {
        guard let held = heldCrisis else { return }
        heldCrisis = nil
        guard PaneRows(world: world, state: self, names: names).selectedCrisis?.id != held else { return }
        selected[.checklist] = nil
        scroll[.checklist] = 0
        selected[.contacts] = nil
        scroll[.contacts] = 0
        keepVisible(.countries, world: world, names: names)
    }

    /// Scrolls a pane so its selected row is on screen.
    mutating func keepVisible(_ pane: Pane, world: World, names: CountryNames) {
        let rows = PaneRows(world: world, state: self, names: names)
        let height = layout.listHeight(pane)
        var index: Int
        var count: Int
        if pane == .checklist {
            let display = ChecklistRow.rows(rows.checklistItems, grouped: (sortColumn[.checklist] ?? 0) % 3 == 0)
            let id = selectedId(.checklist, rows)
            index = display.firstIndex { $0.itemId == id } ?? 0
            count = display.count
            // Show the section heading above the first item.
            if index == 1 { index = 0 }
        } else {
            index = rows.selectedIndex(pane) ?? 0
            count = rows.count(pane)
        }
        var top = scroll[pane] ?? 0
        if index < top { top = index }
        if index >= top + height { top = index - height + 1 }
        top = max(0, min(top, max(0, count - height)))
        scroll[pane] = top
    }

    mutating func handleMouse(_ m: MouseEvent, world: World, names: CountryNames) {
        guard
            let placed = layout.panes.first(where: {
                m.x >= $0.rect.x && m.x < $0.rect.maxX && m.y >= $0.rect.y && m.y < $0.rect.maxY
            })
        else { return }
        if !(placed.pane == .crises && (m.kind == .wheelUp || m.kind == .wheelDown)) {
            settle(world: world, names: names)
        }
        switch m.kind {
        case .wheelUp:
            focus = placed.pane
            move(by: -3, world: world, names: names)
        case .wheelDown:
            focus = placed.pane
            move(by: 3, world: world, names: names)
        case .press:
            focus = placed.pane
            guard !placed.collapsed else { return }
            let line = m.y - placed.rect.y - 2 + (scroll[placed.pane] ?? 0)
            let rows = PaneRows(world: world, state: self, names: names)
            if placed.pane == .checklist {
                let display = ChecklistRow.rows(rows.checklistItems, grouped: (sortColumn[.checklist] ?? 0) % 3 == 0)
                if line >= 0, line < display.count, let id = display[line].itemId { selected[.checklist] = id }
            } else {
                let ids = rows.ids(placed.pane)
                if line >= 0, line < ids.count { selected[placed.pane] = ids[line] }
            }
        }
    }
}
