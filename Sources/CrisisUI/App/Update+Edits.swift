import CrisisModel
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

    // MARK: Confirmations

    mutating func answer(_ c: Confirmation, _ key: Key, world: World) -> [Effect] {
        guard key == .char("y") || key == .char("Y") else {
            if let form = c.form {
                mode = .form(form)
            } else {
                mode = .normal
                show("Nothing done")
            }
            // An undo or redo not confirmed stays where it was: a second u (or U) asks again.
            if case .commit(_, .undo(let entry)) = c.action {
                undo.append(entry)
                show("Nothing done: the undo stays, u asks again")
            }
            if case .commit(_, .redo(let entry)) = c.action { redo.append(entry) }
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
            op = .deleteCrisis(id: id, expected: c)
            what = "crisis \"\(c.title)\" and its checklist"
        case .countries:
            show("Countries stay on the board: set the alert level to L0 instead", role: .flashWarn)
            return []
        case .checklist:
            guard let owner = rows.checklistOwner, let item = world.checklist(of: owner)?.first(where: { $0.id == id })
            else { return [] }
            op = .deleteItem(owner: owner, item: id, expected: item)
            what = "checklist item \"\(item.text)\""
        case .contacts:
            guard let c = world.contacts[id] else { return [] }
            op = .deleteContact(id: id, expected: c)
            what = "contact \(c.name)"
        case .log:
            show("The log is a record: entries are never deleted (n writes a correction)", role: .flashWarn)
            return []
        case .incoming:
            guard let r = world.watch.incoming[id] else { return [] }
            return openForm(.dismissIncoming(id, expected: r.status), world: world, names: rows.names)
        }
        mode = .confirm(
            Confirmation(
                question: "Delete \(what)? (u undoes it)", yes: "y delete", no: "any other key keeps it",
                action: .commit([op], .edit(UndoEntry([op])))))
        return []
    }

    // MARK: Forms

    @discardableResult
    mutating func openForm(_ target: FormTarget, world: World, names: CountryNames) -> [Effect] {
        guard let form = FormBuilder.make(target, world: world, names: names, now: now) else {
            show("That record is gone")
            return []
        }
        mode = .form(form)
        return restoreDraft(into: [])
    }

    mutating func openForm(_ adding: Bool, rows: PaneRows, world: World, names: CountryNames) -> [Effect] {
        let id = selectedId(focus, rows)
        switch (focus, adding) {
        case (.crises, true): return openForm(.addCrisis, world: world, names: names)
        case (.crises, false): return id.map { openForm(.editCrisis($0), world: world, names: names) } ?? []
        case (.countries, true): return openForm(.addCountry, world: world, names: names)
        case (.countries, false): return id.map { openForm(.counts($0), world: world, names: names) } ?? []
        case (.checklist, _):
            guard let owner = rows.checklistOwner else {
                show("Select a crisis first")
                return []
            }
            if adding {
                let section = id.flatMap { i in world.checklist(of: owner)?.first { $0.id == i }?.section }
                return openForm(.addItem(owner, section: section), world: world, names: names)
            }
            return id.map { openForm(.editItem(owner, $0), world: world, names: names) } ?? []
        case (.contacts, true):
            // A new contact starts in the country of the selected one, else the crisis's first country.
            let country =
                id.flatMap { world.contacts[$0]?.country } ?? (allContacts ? nil : rows.selectedCrisis?.countries.first)
            return openForm(.addContact(country: country), world: world, names: names)
        case (.contacts, false): return id.map { openForm(.editContact($0), world: world, names: names) } ?? []
        case (.log, true): return openForm(.log(logCrisis(rows)), world: world, names: names)
        case (.log, false):
            show("The log is a record: entries are never edited (n writes a correction)", role: .flashWarn)
            return []
        case (.incoming, _):
            show("Incoming items come from the feeds the cell follows (crisiscell feeds add); o, l or d decides one")
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
            if let next = form.unresolved.first {
                form.focus = next
                form.message = "Still to choose: \(form.fields[next].label)"
            } else {
                form.message = "Chosen: Enter saves."
            }
        case .enter where form.target == .importFile:
            switch FormSave.build(form, world: world, names: names, now: now) {
            case .failure(let errors) where errors.form.hasErrors:
                form = focusOnError(errors.form)
            default:
                form.message = "checking the file…"
                mode = .form(form)
                return [
                    .prepareImport(
                        kind: form["kind"] == "contacts" ? .contacts : .counts,
                        path: form["file"].trimmingCharacters(in: .whitespaces),
                        country: form["country"].trimmingCharacters(in: .whitespaces))
                ]
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
            form.message =
                "\(f.label): \(t.by ?? "someone") changed it to \(Self.shown(t.value)) while you edited. "
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
                let existing = FormSave.duplicates(of: c, in: world).first
            {
                mode = .duplicate(DuplicateChoice(form: form, new: c, existing: existing))
                return []
            }
            if case .alert(let code) = form.target, case .setAlert(_, let level, _, _)? = ops.first {
                let current = world.countries[code]?.alertLevel ?? .none
                if level > current && (level.rawValue - current.rawValue >= 2 || level == .mandatoryEvacuation) {
                    mode = .confirm(
                        Confirmation(
                            title: "Raise the alert level?",
                            question:
                                "Raise \(names.name(code)) from \(current.tag) \(current.label) to \(level.tag) \(level.label.uppercased())? "
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
            form.message =
                clashes == 0
                ? "\(who ?? "Someone") changed this record: the fields you did not touch now show their values"
                : "\(who ?? "Someone") changed \(clashes == 1 ? "a field" : "fields") you also changed: choose on the marked field (Ctrl-Y yours, Ctrl-T theirs)"
        }
        mode = .form(form)
    }

}
