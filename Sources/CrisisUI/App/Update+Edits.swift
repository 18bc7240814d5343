import CrisisCore
import Foundation

/// The reducer's part for changing data: forms, confirmations, undo and redo, what comes back from the store,
/// and pasted text.
extension AppState {
    // MARK: Asking for changes

    /// Asks the runner to save changes made here, with the entry that can take them back.
    mutating func edit(_ ops: [StoreOperation]) -> [Effect] {
        saveState = .writing
        return [.commit(ops, .edit(UndoEntry(ops)))]
    }

    // MARK: What comes back

    mutating func saved(_ entries: [JournalEntry], _ purpose: Purpose, world: World) {
        saveState = waiting > 0 ? saveState : .saved
        let text = entries.compactMap { e in world.events.last(where: { $0.seq == e.seq })?.text }.joined(separator: " · ")
        switch purpose {
        case .edit(let entry):
            if let entry { undo.append(entry); if undo.count > 100 { undo.removeFirst() } }
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
    private func warnings(_ entries: [JournalEntry], world: World) -> String {
        var notes: [String] = []
        for e in entries {
            guard case .setCounts(let code, let counts, _, _, _) = e.op, let country = world.countries[code] else { continue }
            for above in CountRules.aboveStock(country.counts.mapValues(\.value)) where counts[above.kind] != nil {
                notes.append("\(above.kind.label) is above the stock estimate \(Format.number(above.stock)): is the estimate out of date?")
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
            case .undo(let entry): show("Cannot undo: \(error)", role: .flashError, seconds: 10); _ = entry
            case .redo: show("Cannot redo: \(error)", role: .flashError, seconds: 10)
            default:
                if case .form(var form) = mode { form.message = "Refused: \(error)"; mode = .form(form); return [] }
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
            mode = .confirm(Confirmation(title: isUndo ? "Undo over a colleague's change?" : "Redo over a colleague's change?",
                question: "Since your change, \(said). \(isUndo ? "Undo" : "Redo") anyway, replacing that?",
                yes: "y \(isUndo ? "undo" : "redo") anyway", no: "any other key keeps their change",
                action: .commit(ops, isUndo ? .undo(entry) : .redo(entry))))
        case .edit, .importFile:
            if case .form(var form) = mode {
                FormBuilder.refresh(&form, world: world)
                form.message = "Not saved: \(said). Choose on the marked field\(form.unresolved.count == 1 ? "" : "s"): Ctrl-Y keeps yours, Ctrl-T takes theirs."
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

    // MARK: Confirmations

    mutating func answer(_ c: Confirmation, _ key: Key, world: World) -> [Effect] {
        guard key == .char("y") || key == .char("Y") else {
            if let form = c.form { mode = .form(form) } else { mode = .normal; show("Nothing done") }
            return []
        }
        switch c.action {
        case .quitWithWaiting:
            mode = .normal
            return [.quit]
        case .commit(let ops, let purpose):
            if let form = c.form { mode = .form(form) } else { mode = .normal }
            saveState = .writing
            return [.commit(ops, purpose)]
        }
    }

    mutating func askDelete(rows: PaneRows, world: World) -> [Effect] {
        guard let id = selectedId(focus, rows) else { return [] }
        let op: StoreOperation
        let what: String
        switch focus {
        case .crises:
            guard let c = world.crises[id] else { return [] }
            op = .deleteCrisis(id: id, expected: c); what = "crisis \"\(c.title)\" and its checklist"
        case .countries:
            show("Countries stay on the board: set the alert level to L0 instead", role: .flashWarn)
            return []
        case .checklist:
            guard let owner = rows.checklistOwner, let item = world.checklist(of: owner)?.first(where: { $0.id == id }) else { return [] }
            op = .deleteItem(owner: owner, item: id, expected: item)
            what = "checklist item \"\(item.text)\""
        case .contacts:
            guard let c = world.contacts[id] else { return [] }
            op = .deleteContact(id: id, expected: c); what = "contact \(c.name)"
        case .log:
            show("The log is a record: entries are never deleted (n writes a correction)", role: .flashWarn)
            return []
        }
        mode = .confirm(Confirmation(question: "Delete \(what)? (u undoes it)", yes: "y delete", no: "any other key keeps it",
                                     action: .commit([op], .edit(UndoEntry([op])))))
        return []
    }

    // MARK: Forms

    @discardableResult
    mutating func openForm(_ target: FormTarget, world: World, names: CountryNames) -> [Effect] {
        guard let form = FormBuilder.make(target, world: world, names: names, now: now) else { show("That record is gone"); return [] }
        mode = .form(form)
        return []
    }

    mutating func openForm(_ adding: Bool, rows: PaneRows, world: World, names: CountryNames) -> [Effect] {
        let id = selectedId(focus, rows)
        switch (focus, adding) {
        case (.crises, true): return openForm(.addCrisis, world: world, names: names)
        case (.crises, false): return id.map { openForm(.editCrisis($0), world: world, names: names) } ?? []
        case (.countries, true): return openForm(.addCountry, world: world, names: names)
        case (.countries, false): return id.map { openForm(.counts($0), world: world, names: names) } ?? []
        case (.checklist, _):
            guard let owner = rows.checklistOwner else { show("Select a crisis first"); return [] }
            if adding {
                let section = id.flatMap { i in world.checklist(of: owner)?.first { $0.id == i }?.section }
                return openForm(.addItem(owner, section: section), world: world, names: names)
            }
            return id.map { openForm(.editItem(owner, $0), world: world, names: names) } ?? []
        case (.contacts, true):
            // A new contact starts in the country of the selected one, else the crisis's first country.
            let country = id.flatMap { world.contacts[$0]?.country } ?? (allContacts ? nil : rows.selectedCrisis?.countries.first)
            return openForm(.addContact(country: country), world: world, names: names)
        case (.contacts, false): return id.map { openForm(.editContact($0), world: world, names: names) } ?? []
        case (.log, true): return openForm(.log(logCrisis(rows)), world: world, names: names)
        case (.log, false):
            show("The log is a record: entries are never edited (n writes a correction)", role: .flashWarn)
            return []
        }
    }

    mutating func handleFormKey(_ key: Key, form: FormState, world: World, names: CountryNames) -> [Effect] {
        var form = form
        if key != .escape { form.discardArmed = false }
        switch key {
        case .escape:
            if form.holdsChanges && !form.discardArmed && !form.gone {
                form.discardArmed = true
                form.message = "Esc again discards what you typed; Enter saves it."
                mode = .form(form)
                return []
            }
            mode = .normal
            show(form.holdsChanges ? "Discarded: form closed, nothing saved" : "Form closed")
            return []
        case .tab, .down: form.focus = (form.focus + 1) % form.fields.count
        case .backTab, .up: form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .ctrl("t"), .ctrl("y"):
            guard form.fields[form.focus].theirs != nil else {
                form.fields[form.focus].notice = "nothing to choose here"
                break
            }
            if key == .ctrl("t") { form.fields[form.focus].takeTheirs() } else { form.fields[form.focus].keepMine() }
            if let next = form.unresolved.first { form.focus = next; form.message = "Still to choose: \(form.fields[next].label)" }
            else { form.message = "Chosen: Enter saves." }
        case .enter where form.target == .importFile:
            switch FormSave.build(form, world: world, names: names, now: now) {
            case .failure(let errors) where errors.form.hasErrors:
                form = focusOnError(errors.form)
            default:
                form.message = "checking the file…"
                mode = .form(form)
                return [.prepareImport(kind: form["kind"], path: form["file"].trimmingCharacters(in: .whitespaces),
                                       country: form["country"].trimmingCharacters(in: .whitespaces))]
            }
        case .enter:
            return save(form, world: world, names: names)
        default:
            _ = form.fields[form.focus].handle(key)
            FormBuilder.follow(&form, world: world, names: names)
        }
        mode = .form(form)
        return []
    }

    /// Enter in a form: everything chosen and valid, then saved (asking first where a change is grave).
    private mutating func save(_ form: FormState, world: World, names: CountryNames) -> [Effect] {
        var form = form
        if let i = form.unresolved.first {
            let f = form.fields[i]
            let t = f.theirs!
            form.focus = i
            form.message = "\(f.label): \(t.by ?? "someone") changed it to \(Self.shown(t.value)) while you edited. "
                + "Ctrl-Y keeps yours (\(Self.shown(f.value))), Ctrl-T takes theirs."
            mode = .form(form)
            return []
        }
        switch FormSave.build(form, world: world, names: names, now: now) {
        case .failure(let errors):
            mode = .form(focusOnError(errors.form))
            return []
        case .success(let ops):
            if case .addContact = form.target, case .addContact(let c)? = ops.first,
               let existing = FormSave.duplicates(of: c, in: world).first {
                mode = .duplicate(DuplicateChoice(form: form, new: c, existing: existing))
                return []
            }
            if case .alert(let code) = form.target, case .setAlert(_, let level, _, _)? = ops.first {
                let current = world.countries[code]?.alertLevel ?? .none
                if level > current && (level.rawValue - current.rawValue >= 2 || level == .mandatoryEvacuation) {
                    mode = .confirm(Confirmation(title: "Raise the alert level?",
                        question: "Raise \(names.name(code)) from \(current.tag) \(current.label) to \(level.tag) \(level.label.uppercased())? "
                            + "Every console will show it, and the \(level.label) checklist comes into play.",
                        yes: "y raise to \(level.tag)", no: "any other key goes back to the form",
                        action: .commit(ops, .edit(UndoEntry(ops))), form: form))
                    return []
                }
            }
            mode = .form(form)
            return edit(ops)
        }
    }

    /// The focus on the first field that failed, and the reason said at the foot of the form too.
    private func focusOnError(_ form: FormState) -> FormState {
        var form = form
        if let first = form.fields.firstIndex(where: { $0.error != nil }) {
            form.focus = first
            form.message = "\(form.fields[first].label): \(form.fields[first].error!)"
        }
        return form
    }

    static func shown(_ value: String) -> String { value.isEmpty ? "empty" : "'\(value)'" }

    mutating func handleDuplicateKey(_ key: Key, _ d: DuplicateChoice, world: World, names: CountryNames) -> [Effect] {
        switch key {
        case .char("m"), .char("M"):
            mode = .form(d.form)
            let patch = FormSave.merge(d.new, into: d.existing)
            guard !patch.isEmpty else {
                mode = .normal
                show("Nothing to merge: \(d.existing.name) already holds all of it")
                return []
            }
            var expected = patch.values(in: d.existing)
            expected.lastVerified = nil
            return edit([.patchContact(id: d.existing.id, patch: patch, expected: expected)])
        case .char("a"), .char("A"):
            mode = .form(d.form)
            return edit([.addContact(d.new)])
        default:
            mode = .form(d.form)
            return []
        }
    }

    /// Someone else saved the record an open form edits: untouched fields follow, changed ones show both values.
    mutating func recordChangedUnderForm(world: World, names: CountryNames, by who: String?) {
        guard case .form(var form) = mode, !form.target.isNew else { return }
        let before = form
        if !FormBuilder.refresh(&form, world: world) {
            form.message = "\(who ?? "Someone") deleted this record while you edited: nothing to save (Esc closes)"
        } else if form != before {
            let clashes = form.unresolved.count
            form.message = clashes == 0
                ? "\(who ?? "Someone") changed this record: the fields you did not touch now show their values"
                : "\(who ?? "Someone") changed \(clashes == 1 ? "a field" : "fields") you also changed: choose on the marked field (Ctrl-Y yours, Ctrl-T theirs)"
        }
        mode = .form(form)
    }

    // MARK: Pasted text

    /// Pasted text goes into the focused field as text; outside a form it is never taken for keys.
    mutating func handlePaste(_ text: String, world: World, names: CountryNames) -> [Effect] {
        switch mode {
        case .form(var form):
            form.discardArmed = false
            form.fields[form.focus].insert(text)
            FormBuilder.follow(&form, world: world, names: names)
            mode = .form(form)
        case .filtering(let pane):
            let line = text.unicodeScalars.filter { $0.properties.generalCategory != .control || $0 == "\n" }
                .map { $0 == "\n" ? " " : String($0) }.joined()
            filters[pane] = (filters[pane] ?? "") + line
            scroll[pane] = 0
            keepVisible(pane, world: world, names: names)
        default:
            let n = text.count
            show("Pasted text (\(n) character\(n == 1 ? "" : "s")) ignored: paste into a form, e.g. n for a log entry", role: .flashWarn)
        }
        return []
    }

    /// Keys that arrived together. In a form, an Enter, Tab or Esc with more keys behind it is part of pasted
    /// text, not a command; outside forms, what looks like pasted text is not run as keys.
    mutating func handleBurst(_ keys: [Key], world: World, names: CountryNames) -> [Effect] {
        var effects: [Effect] = []
        var i = 0
        while i < keys.count {
            if case .form = mode {
                // The run of text from here: characters, and line breaks with more behind them. A final Enter
                // stays a key, so what was pasted is saved by it and nothing after it acts. (A Tab stays a key
                // too: it moves on to the next field, as a pasted spreadsheet row would want.)
                var j = i, text = "", embedded = false
                while j < keys.count {
                    let k = keys[j]
                    if case .char(let c) = k { text.append(c) }
                    else if k == .enter && j < keys.count - 1 { text += "\n"; embedded = true }
                    else { break }
                    j += 1
                }
                // Quick typing over a laggy line also arrives together ("ok⏎n"): only a run longer than anyone
                // types ahead is taken for a paste.
                if embedded && text.filter({ !$0.isNewline }).count >= Self.pasteRun {
                    effects += handlePaste(text, world: world, names: names)
                    i = j
                    continue
                }
            }
            // A burst is judged as text once, from its start: a paste arrives as one burst.
            if case .normal = mode, Self.looksPasted(keys[i...]) || (i == 0 && looksLikeText(keys[...], world: world, names: names)) {
                let n = keys.count - i
                show("Ignored \(n) keys that arrived at once (a paste?): paste into a form, e.g. n for a log entry", role: .flashWarn)
                return effects
            }
            let wasAsking = isAsking
            let done = update(.key(keys[i]), world: world, names: names)
            effects += done
            i += 1
            // A question is answered by a key of its own, never by one that came in with the key that asked it
            // ("dy" pasted must not delete a crisis).
            if isAsking, !wasAsking, i < keys.count {
                show("\(keys.count - i) key(s) that arrived with it were not taken as the answer: answer on its own", role: .flashWarn, seconds: 8)
                return effects
            }
            if !done.isEmpty && i < keys.count { return effects + [.then(Array(keys[i...]))] }
        }
        return effects
    }

    /// A question waits for its answer (delete?, a possible duplicate, an import's preview).
    var isAsking: Bool {
        switch mode {
        case .confirm, .duplicate, .importPreview: return true
        default: return false
        }
    }

    /// Keys arriving together that hold a line break followed by a letter or digit: text with lines, pasted,
    /// unless its first key opens a form or a filter (typing ahead "n", a log entry, Enter, then the next).
    /// Typing ahead that starts elsewhere ("3/Fallback⏎j") is then ignored and said so: safe, never acted on.
    func looksLikeText(_ keys: ArraySlice<Key>, world: World, names: CountryNames) -> Bool {
        let list = Array(keys)
        let lineThenText = list.indices.dropLast().contains { j in
            guard list[j] == .enter, case .char(let c) = list[j + 1] else { return false }
            return c.isLetter || c.isNumber
        }
        guard lineThenText, let first = list.first else { return false }
        var probe = self
        _ = probe.update(.key(first), world: world, names: names)
        switch probe.mode {
        case .form, .filtering: return false
        default: return true
        }
    }

    /// Characters arriving together beyond which it is not typing but a paste.
    static let pasteRun = 8

    /// Text arriving at once that does not start with a command key: a paste (typing ahead starts with one).
    static func looksPasted(_ keys: ArraySlice<Key>) -> Bool {
        let chars = keys.compactMap { if case .char(let c) = $0 { return c } else { return nil } }
        guard chars.count >= pasteRun, let first = keys.first else { return false }
        return KeyMap.command(for: first, readOnly: false) == nil
    }
}
