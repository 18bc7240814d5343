import CrisisModel
import Foundation

enum ChecklistPane {
    static func draw(
        _ buf: inout ScreenBuffer, _ r: Rect, _ collapsed: Bool, state: AppState, rows: PaneRows, ctx: RenderContext
    ) {
        guard let owner = rows.checklistOwner, let all = ctx.world.checklist(of: owner) else {
            buf.put(" No crisis selected", x: r.x, y: r.y, maxWidth: r.width, role: .muted)
            return
        }
        let items = rows.checklistItems
        let grouped = (state.sortColumn[.checklist] ?? 0) % 3 == 0
        let display = ChecklistRow.rows(items, grouped: grouped)
        let selectedId = rows.selectedId(.checklist)
        let focused = state.focus == .checklist

        if collapsed {
            if let id = selectedId, let item = items.first(where: { $0.id == id }) {
                drawItem(
                    &buf, item, x: r.x, y: r.y, width: r.width, now: state.now, selected: nil, recent: false,
                    marker: "▸")
            } else {
                buf.put(" " + summary(all, now: state.now), x: r.x, y: r.y, maxWidth: r.width, role: .muted)
            }
            return
        }
        // Progress line: a bar and the words, so it reads without colour.
        let p = ChecklistProgress(all)
        let words = " \(Int((p.fraction * 100).rounded())) % · " + summary(all, now: state.now)
        let barWidth = max(4, min(24, r.width - TerminalText.width(words) - 2))
        let bar = Bars.progress(p.fraction, width: barWidth)
        var x = r.x + 1
        x += buf.put(bar.filled, x: x, y: r.y, role: .bar)
        x += buf.put(bar.empty, x: x, y: r.y, role: .barEmpty)
        buf.put(words, x: x, y: r.y, maxWidth: r.maxX - x, role: .normal)

        let height = r.height - 1
        guard !display.isEmpty else {
            buf.put(
                state.filters[.checklist] == nil ? " No items: a adds one" : " Nothing matches the filter: Esc clears",
                x: r.x, y: r.y + 1, maxWidth: r.width, role: .muted)
            return
        }
        let selectedRow = display.firstIndex { $0.itemId == selectedId }
        var top = PaneView.visibleTop(
            scroll: state.scroll[.checklist] ?? 0, selected: selectedRow, count: display.count, height: height)
        if selectedRow == 1 { top = 0 }
        for line in 0..<min(height, display.count - top) {
            let y = r.y + 1 + line
            switch display[top + line] {
            case .section(let name, let progress):
                buf.fill(Rect(x: r.x, y: y, width: r.width, height: 1), role: .header)
                buf.put(" " + name, x: r.x, y: y, maxWidth: r.width - 8, role: .header)
                buf.putRight("\(progress.done)/\(progress.total) ", right: r.maxX, y: y, maxWidth: 8, role: .header)
            case .item(let item):
                let isSelected = item.id == selectedId
                drawItem(
                    &buf, item, x: r.x, y: y, width: r.width, now: state.now,
                    selected: isSelected ? (focused ? .cursor : .cursorDim) : nil,
                    recent: state.isRecent(owner.markKey(item.id)), marker: isSelected ? "▸" : " ")
                if isSelected && focused { buf.placeCursor(x: r.x, y: y) }
            }
        }
        if display.count > height { PaneView.drawScrollHint(&buf, r, top: top, height: height, count: display.count) }
    }

    static func summary(_ items: [ChecklistItem], now: Date) -> String {
        let p = ChecklistProgress(items)
        let overdue = items.filter { $0.isOverdue(at: now) }.count
        let blocked = items.filter { $0.status == .blocked }.count
        var parts = ["\(p.done)/\(p.total) done"]
        if overdue > 0 { parts.append("\(overdue) overdue !") }
        if blocked > 0 { parts.append("\(blocked) blocked") }
        return parts.joined(separator: " · ")
    }

    static func drawItem(
        _ buf: inout ScreenBuffer, _ item: ChecklistItem, x: Int, y: Int, width: Int, now: Date,
        selected: Role?, recent: Bool, marker: String
    ) {
        let overdue = item.isOverdue(at: now)
        let glyphRole: Role
        switch item.status {
        case .done: glyphRole = .checkDone
        case .open: glyphRole = overdue ? .checkOverdue : .checkOpen
        case .blocked: glyphRole = .checkBlocked
        case .notApplicable: glyphRole = .checkNA
        }
        var right = ""
        var rightRole: Role = .muted
        if let by = item.doneBy, let at = item.doneAt, item.status == .done {
            right = "\(by) \(PaneView.time(at, now: now))"
        } else if item.status == .notApplicable {
            right = "n/a"
        } else if item.status == .blocked {
            right = "blocked" + (item.assignee.isEmpty ? "" : " @\(item.assignee)")
            rightRole = .checkBlocked
        } else if let due = item.due {
            right =
                (item.assignee.isEmpty ? "" : "@\(item.assignee) ") + "due \(Format.when(due, now: now))"
                + (overdue ? " ! OVERDUE" : "")
            rightRole = overdue ? .checkOverdue : .normal
        } else if !item.assignee.isEmpty {
            right = "@\(item.assignee)"
        }
        let base: Role = recent ? .changed : .normal
        buf.fill(Rect(x: x, y: y, width: width, height: 1), role: selected ?? base)
        buf.put(recent && marker == " " ? "•" : marker, x: x, y: y, role: selected ?? .marker)
        buf.put(item.status.glyph, x: x + 1, y: y, role: selected ?? glyphRole)
        let rightWidth = min(TerminalText.width(right), max(0, width / 2 - 2))
        let textWidth = width - 6 - (rightWidth > 0 ? rightWidth + 1 : 0)
        buf.put(
            TerminalText.clip(item.text, to: textWidth), x: x + 5, y: y, maxWidth: textWidth,
            role: selected ?? (recent ? .changed : item.status.isClosed ? .muted : .normal))
        if rightWidth > 0 {
            buf.putRight(right, right: x + width - 1, y: y, maxWidth: rightWidth, role: selected ?? rightRole)
        }
    }
}
