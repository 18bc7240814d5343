import CrisisModel
import Foundation

/// What changed while the operator looked away, and going from a line of the log or of that summary to its record.
public struct SinceSummary: Equatable, Sendable {
    public var changes: ChangesSince
    public var selected = 0
    public init(changes: ChangesSince) { self.changes = changes }
}

extension AppState {
    func logCrisis(_ rows: PaneRows) -> String? { rows.selectedCrisis?.id }

    /// The summary arrives from the runner: shown unless there is nothing to say (said in a line instead).
    mutating func showChanges(_ changes: ChangesSince, onOpening: Bool) -> [Effect] {
        guard !changes.isEmpty else {
            if !onOpening {
                show("Nothing has changed since you last looked (\(Format.when(changes.sinceTime, now: now)) UTC)")
            }
            return [.markSeen]
        }
        if case .normal = mode {
            mode = .sinceLastLooked(SinceSummary(changes: changes))
        } else if onOpening, case .notices = mode {
            sinceWaiting = changes
        } else if !onOpening {
            mode = .sinceLastLooked(SinceSummary(changes: changes))
        }
        return []
    }

    /// Closes help, a detail or the notices; after the start-up notices, what changed while away follows.
    mutating func closeOverlay() {
        mode = .normal
        helpScroll = 0
        if let waiting = sinceWaiting {
            sinceWaiting = nil
            mode = .sinceLastLooked(SinceSummary(changes: waiting))
        }
    }

    mutating func handleSinceKey(_ key: Key, _ summary: SinceSummary, world: World, names: CountryNames) -> [Effect] {
        var summary = summary
        let count = summary.changes.lines.count
        switch key {
        case .down, .char("j"): summary.selected = min(max(0, count - 1), summary.selected + 1)
        case .up, .char("k"): summary.selected = max(0, summary.selected - 1)
        case .pageDown: summary.selected = min(max(0, count - 1), summary.selected + 10)
        case .pageUp: summary.selected = max(0, summary.selected - 10)
        case .enter:
            mode = .normal
            if summary.selected < count {
                goTo(summary.changes.lines[summary.selected].ref, world: world, names: names)
            }
            return [.markSeen]
        case .escape, .char(" "):
            mode = .normal
            show("Read. w shows what changes from here")
            return [.markSeen]
        default:
            // Any other key closes the summary and does what it does: the first key is never lost.
            mode = .normal
            return [.markSeen] + handleKey(key, world: world, names: names)
        }
        mode = .sinceLastLooked(summary)
        return []
    }

    /// Goes to a record named as the log names it: its pane focused and the record selected.
    mutating func goTo(_ ref: String?, world: World, names: CountryNames) {
        guard let ref, let colon = ref.firstIndex(of: ":") else {
            show("This entry names no record")
            return
        }
        let kind = ref[..<colon]
        let rest = String(ref[ref.index(after: colon)...])
        zoomed = false
        heldCrisis = nil
        switch kind {
        case "country":
            guard world.countries[rest] != nil else {
                show("That country is no longer on the board")
                return
            }
            filters[.countries] = nil
            focus = .countries
            selected[.countries] = rest
        case "incoming":
            guard world.watch.incoming[rest] != nil else { return show("That item is no longer held") }
            filters[.incoming] = nil
            focus = .incoming
            selected[.incoming] = rest
        case "feed":
            show("Feeds are listed with: crisiscell feeds list")
            return
        case "crisis":
            guard world.crises[rest] != nil else {
                show("That crisis was deleted")
                return
            }
            filters[.crises] = nil
            focus = .crises
            selected[.crises] = rest
        case "contact":
            guard world.contacts[rest] != nil else {
                show("That contact was deleted")
                return
            }
            filters[.contacts] = nil
            allContacts = true
            focus = .contacts
            selected[.contacts] = rest
        case "item":
            // "crisis:ID/ITEM" or "country:CODE/ITEM"
            let parts = rest.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return }
            if parts[0].hasPrefix("crisis:") {
                let id = String(parts[0].dropFirst(7))
                guard world.crises[id]?.checklist.contains(where: { $0.id == parts[1] }) == true else {
                    show("That item was deleted")
                    return
                }
                filters[.crises] = nil
                filters[.checklist] = nil
                selected[.crises] = id
                selected[.checklist] = parts[1]
                focus = .checklist
            } else {
                // A country's standing list is not on the console's panes: its country is.
                let code = String(parts[0].dropFirst(8))
                focus = .countries
                selected[.countries] = code
                show("Preparedness items of \(names.name(code)) are listed by 'crisiscell checklist \(code)'")
            }
        default:
            show("This entry names no record")
            return
        }
        for pane in Pane.allCases { keepVisible(pane, world: world, names: names) }
    }
}
