import CrisisModel
import CrisisStorage
import Foundation

/// The changes this site keeps for the database (W): each with why it was refused, settled with one key.
public struct WaitingList: Equatable, Sendable {
    public var changes: [WaitingChange]
    public var selected = 0
    /// One was just settled and the selection moved to the next: a second m or t (a double press) must not
    /// settle a change the operator has not read.
    public var justSettled = false
    public init(changes: [WaitingChange]) { self.changes = changes }

    public var refusedCount: Int { changes.filter { $0.refused != nil }.count }
    var current: WaitingChange? { changes.indices.contains(selected) ? changes[selected] : nil }
}

extension AppState {
    /// W: only a console on a database keeps changes back; a directory's console says where its changes are.
    mutating func askForWaiting() -> [Effect] {
        guard link != nil else {
            show(
                waiting > 0
                    ? "\(waiting) change\(waiting == 1 ? "" : "s") wait for the disk (top bar), tried again every 2 s"
                    : "Nothing waits to be sent: this console saves to its data directory as you go")
            return []
        }
        return [.showWaiting]
    }

    /// The list arrives from the runner: opened from the console, kept open (and the selection kept in range)
    /// after a change is settled; an empty list closes the view and says so.
    mutating func showWaiting(_ changes: [WaitingChange], settled: String?) {
        let open: WaitingList?
        switch mode {
        case .waitingToSend(let list): open = list
        case .normal: open = nil
        default: return
        }
        if let settled { show(settled, role: .flashInfo, seconds: 10) }
        guard !changes.isEmpty else {
            mode = .normal
            if settled == nil { show("Nothing waits to be sent: everything made here is in the database") }
            return
        }
        var list = WaitingList(changes: changes)
        // The first refused one is what needs deciding; after settling, the one that took its place.
        list.selected =
            open.map { min($0.selected, changes.count - 1) } ?? (changes.firstIndex { $0.refused != nil } ?? 0)
        list.justSettled = settled != nil
        mode = .waitingToSend(list)
    }

    mutating func handleWaitingKey(_ key: Key, _ list: WaitingList) -> [Effect] {
        var list = list
        let last = max(0, list.changes.count - 1)
        if [.down, .up, .pageDown, .pageUp, .char("j"), .char("k")].contains(key) { list.justSettled = false }
        switch key {
        case .down, .char("j"): list.selected = min(last, list.selected + 1)
        case .up, .char("k"): list.selected = max(0, list.selected - 1)
        case .pageDown: list.selected = min(last, list.selected + 5)
        case .pageUp: list.selected = max(0, list.selected - 5)
        case .escape, .char("q"), .char("W"):
            mode = .normal
            return []
        case .char("m"), .char("t"):
            guard let change = list.current else { return [] }
            guard !readOnly else {
                show("Read-only: changes are switched off here", role: .flashWarn)
                return []
            }
            guard !list.justSettled else {
                list.justSettled = false
                mode = .waitingToSend(list)
                show("That one is settled; this is the next: read it, then m or t settles it", role: .flashWarn)
                return []
            }
            guard change.refused != nil else {
                show(
                    "This change has not been refused: it is sent as soon as the database answers, in its turn",
                    role: .flashWarn)
                return []
            }
            // Keeping mine is sent at once, so only over a link that answers: a console never waits on a hung one.
            if key == .char("m"), let link, !link.online || link.silentFor != nil || link.busy != nil {
                show(
                    "The database is not answering now: keep mine once it is back (t, drop mine, works offline)",
                    role: .flashWarn)
                return []
            }
            return [.settleWaiting(id: change.id, keepMine: key == .char("m"))]
        default:
            show("m keeps mine · t takes theirs · Esc closes", role: .flashWarn, seconds: 4)
        }
        mode = .waitingToSend(list)
        return []
    }
}
