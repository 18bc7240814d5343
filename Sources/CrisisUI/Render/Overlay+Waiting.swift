import CrisisModel
import CrisisStorage
import Foundation

/// The "waiting to send" view: every change this site keeps for the database, the selected one's refusal in
/// full (both values, who changed it), and the two ways to settle it.
extension Overlay {
    static func waiting(_ buf: inout ScreenBuffer, _ list: WaitingList, state: AppState, ctx: RenderContext) {
        let width = min(buf.width - 2, 110)
        let r = Rect(x: (buf.width - width) / 2, y: 1, width: width, height: max(6, buf.height - 3))
        buf.fill(r, role: .dialog)
        let refused = list.refusedCount
        let inner = Block(
            title: "Waiting to send · \(list.changes.count)" + (refused > 0 ? " · \(refused) refused" : ""),
            focused: true
        ).draw(&buf, r)
        var lines: [(String, Role, Bool)] = []
        var selectedLine = 0
        var selectedEnd = 0
        for (i, change) in list.changes.enumerated() {
            let chosen = i == list.selected
            if chosen { selectedLine = lines.count }
            defer { if chosen { selectedEnd = lines.count - 1 } }
            let mark = change.refused == nil ? "◌" : "✖"
            lines.append(
                (
                    "\(mark) \(Format.when(change.madeAt, now: state.now)) \(change.operator) · \(describe(change, ctx))",
                    change.refused == nil ? .normal : .flashError, chosen
                ))
            guard let why = change.refused else { continue }
            if chosen {
                for l in Screen.wrap("Refused when sent: \(why)", width: inner.width - 6) {
                    lines.append(("    " + l, .flashWarn, true))
                }
                lines.append(("    m: keep mine (send it over theirs) · t: take theirs (drop mine)", .header, true))
            } else {
                lines.append(("    refused: " + why, .muted, false))
            }
        }
        let visible = max(1, inner.height - 2)
        // The chosen change whole (its refusal and the keys under it), its first line kept in view.
        let top = min(
            selectedLine, PaneView.visibleTop(scroll: 0, selected: selectedEnd, count: lines.count, height: visible))
        for (row, i) in (top..<min(lines.count, top + visible)).enumerated() {
            let (text, role, chosen) = lines[i]
            let y = inner.y + row
            let highlight = chosen && i == selectedLine
            buf.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: highlight ? .cursor : .dialog)
            buf.put(
                " " + text.replacingOccurrences(of: "\n", with: " ⏎ "), x: inner.x, y: y, maxWidth: inner.width,
                role: highlight ? .cursor : role)
            if highlight { buf.placeCursor(x: inner.x, y: y) }
        }
        buf.put(
            "↑↓ choose · m keep mine · t take theirs · Esc closes · a change not refused goes by itself",
            x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, role: .muted)
    }

    /// What a waiting change does, in the words of the log.
    private static func describe(_ change: WaitingChange, _ ctx: RenderContext) -> String {
        change.ops.map { op in
            PlainWords.entry(
                JournalEntry(seq: 0, time: change.madeAt, operator: change.operator, op: op), world: ctx.world,
                names: ctx.names
            ).trimmingCharacters(in: .whitespaces)
        }.joined(separator: "; ")
    }
}
