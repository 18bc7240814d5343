import CrisisModel
import CrisisSession
import Foundation

/// What the console does once a change comes back: saved, changing nothing, or refused.
extension AppState {

    mutating func saved(_ entries: [JournalEntry], _ purpose: Purpose, world: World) {
        saveState = waiting > 0 ? saveState : .saved
        let text = entries.compactMap { e in world.events.last(where: { $0.seq == e.seq })?.text }.joined(
            separator: " · ")
        switch purpose {
        case .edit(let entry):
            if let entry {
                undo.append(entry)
                if undo.count > 100 { undo.removeFirst() }
            }
            redo.removeAll()
            show("Saved · " + (text.isEmpty ? "done" : text) + warnings(entries, world: world))
        case .undo(let entry):
            redo.append(entry)
            show("Undone · \(text) · U redoes it")
        case .redo(let entry):
            undo.append(entry)
            show("Redone · \(text)")
        case .importFile(let label, let rows):
            show("Saved · \(label): \(rows) row\(rows == 1 ? "" : "s") as one batch")
        }
        switch mode {
        case .form, .confirm, .duplicate: mode = .normal
        default: break
        }
    }

    /// Counts above the stock estimate are allowed (it is rough) but said.
    func warnings(_ entries: [JournalEntry], world: World) -> String {
        var notes: [String] = []
        for e in entries {
            guard case .setCounts(let code, let counts, _, _, _) = e.op, let country = world.countries[code] else {
                continue
            }
            for above in CountRules.aboveStock(country.counts.mapValues(\.value)) where counts[above.kind] != nil {
                notes.append(
                    "\(above.kind.label) is above the stock estimate \(Format.number(above.stock)): is the estimate out of date?"
                )
            }
        }
        return notes.isEmpty ? "" : " · note: " + notes.joined(separator: "; ")
    }

    mutating func nothingChanged(_ why: String, _ purpose: Purpose) {
        saveState = waiting > 0 ? saveState : .saved
        switch purpose {
        case .undo(let entry): redo.append(entry)
        case .redo(let entry): undo.append(entry)
        default: break
        }
        if case .form(var form) = mode {
            // The form stays: what was typed is not lost because it changes nothing in the record.
            form.message = "Nothing to save: \(why). Esc closes."
            mode = .form(form)
            return
        }
        if case .confirm = mode { mode = .normal }
        show("Nothing changed: \(why)")
    }

    mutating func refused(_ error: StoreError, _ purpose: Purpose, world: World, names: CountryNames) -> [Effect] {
        saveState = waiting > 0 ? saveState : .saved
        guard case .conflict(let conflicts) = error else {
            switch purpose {
            case .undo(let entry):
                show("Cannot undo: \(error)", role: .flashError, seconds: 10)
                _ = entry
            case .redo: show("Cannot redo: \(error)", role: .flashError, seconds: 10)
            default:
                if case .form(var form) = mode {
                    form.message = "Refused: \(error)"
                    mode = .form(form)
                    return []
                }
                show("Refused: \(error)", role: .flashError, seconds: 10)
            }
            if case .confirm = mode { mode = .normal }
            return []
        }
        let said = conflicts.map { Self.tell($0, names: names) }.joined(separator: "; ")
        switch purpose {
        case .undo(let entry), .redo(let entry):
            let isUndo = { if case .undo = purpose { return true } else { return false } }()
            let ops = (isUndo ? entry.undo : entry.redo).map { $0.expectingCurrent(in: world) }
            mode = .confirm(
                Confirmation(
                    title: isUndo ? "Undo over a colleague's change?" : "Redo over a colleague's change?",
                    question: "Since your change, \(said). \(isUndo ? "Undo" : "Redo") anyway, replacing that?",
                    yes: "y \(isUndo ? "undo" : "redo") anyway", no: "any other key keeps their change",
                    action: .commit(ops, isUndo ? .undo(entry) : .redo(entry))))
        case .edit, .importFile:
            if case .form(var form) = mode {
                FormBuilder.refresh(&form, world: world)
                form.message =
                    "Not saved: \(said). Choose on the marked field\(form.unresolved.count == 1 ? "" : "s"): Ctrl-Y keeps yours, Ctrl-T takes theirs."
                if let first = form.unresolved.first { form.focus = first }
                mode = .form(form)
            } else {
                if case .confirm = mode { mode = .normal }
                show("Not saved, someone changed it first: \(said)", role: .flashError, seconds: 12)
            }
        }
        return []
    }

    /// A conflict in the words of the screen: "karim set Lebanon affected to 13,500 at 2026-11-29 14:05 UTC".
    static func tell(_ c: Conflict, names: CountryNames) -> String {
        let record = c.record.count == 2 && c.record == c.record.uppercased() ? names.name(c.record) : c.record
        let who = c.by ?? "someone"
        let when = c.at.map { " at " + Format.dateTime($0, .utc) + " UTC" } ?? ""
        if c.field.isEmpty { return "\(who) changed \(record)\(when)" }
        return "\(who) set \(record) \(c.label) to \(c.actual)\(when) (you expected \(c.expected))"
    }
}
