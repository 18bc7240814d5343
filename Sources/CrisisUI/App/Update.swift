import CrisisModel
import CrisisSession
import Foundation

extension AppState {
    /// The reducer: a message in, the new state (in place) and the effects out.
    public mutating func update(_ message: Message, world: World, names: CountryNames) -> [Effect] {
        let effects = reduce(message, world: world, names: names)
        refreshIncomingBanners(world: world)
        return effects
    }

    mutating func reduce(_ message: Message, world: World, names: CountryNames) -> [Effect] {
        switch message {
        case .tick(let date):
            now = date
            if let f = flash, f.until <= now { flash = nil }
            recent = recent.filter { now.timeIntervalSince($0.value) < Self.recentWindow }
            advanceBriefing(world: world)
            return []
        case .settle:
            settle(world: world, names: names)
            return []
        case .resize(let w, let h):
            width = w
            height = h
            for pane in Pane.allCases { keepVisible(pane, world: world, names: names) }
            return []
        case .external(let entries):
            for e in entries {
                for key in e.op.touchedKeys { recent[key] = now }
                // An alert level changed elsewhere announces itself until acknowledged.
                if case .setAlert(let code, let level, let reason, _) = e.op,
                    let change = world.countries[code]?.alertHistory.last(where: {
                        $0.at == e.time && $0.level == level
                    }), change.previous != level
                {
                    // A stale "raised to L3" must not stand before the L4 that followed it: one banner a country.
                    let before = alertBanners.first { $0.country == code }.map { $0.earlier + 1 } ?? 0
                    alertBanners.removeAll { $0.country == code }
                    alertBanners.insert(
                        AlertBanner(
                            country: code, from: change.previous, to: level, by: e.operator, at: e.time,
                            reason: reason, earlier: before), at: 0)
                }
            }
            recordChangedUnderForm(world: world, names: names, by: entries.last?.operator)
            return []
        case .saved(let outcome, let purpose):
            return saveOutcome(outcome, purpose, world: world, names: names)
        case .waiting(let n, let reason):
            waiting = n
            waitingReason = reason
            if n > 0 {
                saveState = .failed("\(reason ?? "not saved") · \(n) waiting, retrying")
            } else if case .failed = saveState {
                saveState = .saved
            }
            return []
        case .key(let key):
            return handleKey(key, world: world, names: names)
        case .burst(let keys):
            return handleBurst(keys, world: world, names: names)
        case .paste(let text):
            return handlePaste(text, world: world, names: names)
        case .importReady(let prepared):
            mode = .importPreview(ImportPreview(prepared))
            return []
        case .changesSince(let changes, let onOpening):
            return showChanges(changes, onOpening: onOpening)
        case .waitingToSend(let changes, let settled):
            showWaiting(changes, settled: settled)
            return []
        case .link, .presence, .following, .theme, .notice, .draft:
            sessionNews(message)
            return []
        }
    }

    mutating func handleKey(_ key: Key, world: World, names: CountryNames) -> [Effect] {
        switch mode {
        case .detail(.incoming(let item)) where ["o", "l", "d"].map(Key.char).contains(key):
            return triageFromDetail(item, key, world: world, names: names)
        case .detail(.event(let seq)) where key == .enter:
            mode = .normal
            let e = world.eventIndex(ofSeq: seq).map { world.events[$0] }
            if let e { goTo(e.ref ?? e.crisis.map { "crisis:\($0)" }, world: world, names: names) }
            return []
        case .help where [.down, .up, .pageDown, .pageUp, .char("j"), .char("k")].contains(key):
            let step = key == .pageDown || key == .pageUp ? max(1, height - 8) : 1
            let forward = key == .down || key == .pageDown || key == .char("j")
            let last = max(0, Overlay.helpLines(self, width: width).count - max(1, height - 6))
            helpScroll = min(last, max(0, helpScroll + (forward ? step : -step)))
            return []
        case .help, .detail, .notices:
            closeOverlay()
            return []
        case .sinceLastLooked(let summary):
            return handleSinceKey(key, summary, world: world, names: names)
        case .waitingToSend(let list):
            return handleWaitingKey(key, list)
        case .confirm(let c):
            return answer(c, key, world: world)
        case .duplicate(let d):
            return handleDuplicateKey(key, d, world: world, names: names)
        case .form(let form):
            return handleFormKey(key, form: form, world: world, names: names)
        case .filtering(let pane):
            return handleFilterKey(key, pane: pane, world: world, names: names)
        case .briefing(let b):
            return handleBriefingKey(key, b, world: world)
        case .importPreview(var preview):
            switch key {
            case .escape, .char("q"):
                mode = .normal
                show("Import dropped: nothing saved")
            case .enter:
                mode = .normal
                guard !preview.operations.isEmpty else {
                    show(
                        preview.rejected > 0
                            ? "Nothing to save: every row was rejected"
                            : "Nothing to save: the store already holds these")
                    return []
                }
                saveState = .writing
                return [.commit(preview.operations, .importFile(label: preview.title, rows: preview.rows))]
            case .down, .char("j"): preview.scroll += 1
            case .up, .char("k"): preview.scroll = max(0, preview.scroll - 1)
            case .pageDown: preview.scroll += max(1, height - 8)
            case .pageUp: preview.scroll = max(0, preview.scroll - max(1, height - 8))
            default: break
            }
            if case .importPreview = mode { mode = .importPreview(preview) }
            return []
        case .normal:
            break
        }
        if case .mouse(let m) = key {
            handleMouse(m, world: world, names: names)
            return []
        }
        // A filter kept with Enter stays until Esc on its pane clears it.
        if key == .escape, let kept = filters[focus], !kept.isEmpty {
            filters[focus] = nil
            scroll[focus] = 0
            keepVisible(focus, world: world, names: names)
            show("Filter '\(kept)' cleared: every row of \(focus.title) again")
            return []
        }
        guard let command = KeyMap.command(for: key, readOnly: readOnly) else {
            if readOnly, KeyMap.command(for: key, readOnly: false) != nil {
                show("Read-only: changes are switched off here", role: .flashWarn)
            }
            return []
        }
        return perform(command, world: world, names: names)
    }

    mutating func perform(_ command: Command, world: World, names: CountryNames) -> [Effect] {
        // Only moving through the crises keeps the other panes held; anything else acts on what is selected.
        let movesCrises = focus == .crises && [.up, .down, .pageUp, .pageDown, .top, .bottom].contains(command)
        if !movesCrises { settle(world: world, names: names) }
        let rows = PaneRows(world: world, state: self, names: names)
        switch command {
        case .acknowledge: acknowledge(all: false)
        case .acknowledgeAll: acknowledge(all: true)
        case .quit: return askQuit()
        case .nextPane: focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
        case .previousPane: focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .focus5: focus = .log
        case .focus6: focus = .incoming
        case .openIncoming, .linkIncoming: return triageForm(command, rows: rows, world: world, names: names)
        case .focus1: focus = .crises
        case .focus2: focus = .countries
        case .focus3: focus = .checklist
        case .focus4: focus = .contacts
        case .up: move(by: -1, world: world, names: names)
        case .down: move(by: 1, world: world, names: names)
        case .pageUp: move(by: -max(1, layout.listHeight(focus) - 1), world: world, names: names)
        case .pageDown: move(by: max(1, layout.listHeight(focus) - 1), world: world, names: names)
        case .top: move(by: Int.min / 2, world: world, names: names)
        case .bottom: move(by: Int.max / 2, world: world, names: names)
        case .zoom: zoomed.toggle()
        case .help: mode = .help
        case .toggleAllContacts: toggleScope(rows)
        case .cycleKind: cycleLogKind()
        case .sinceLastLooked:
            return [.showChangesSince]
        case .waitingToSend:
            return askForWaiting()
        case .sort:
            sortColumn[focus, default: 0] += 1
            show("\(focus.title) sorted by \(PaneRows.sortName(focus, sortColumn[focus]!))")
        case .filter: mode = .filtering(focus)
        case .theme: return [.cycleTheme]
        case .briefing:
            mode = .briefing(BriefingState(shownAt: now, fromConsole: true))
        case .details: openDetails(rows)
        case .tick: return tickSelected(rows, world: world)
        case .add, .edit:
            return openForm(command == .add, rows: rows, world: world, names: names)
        case .delete:
            return askDelete(rows: rows, world: world)
        case .undo: return takeBack(redo: false)
        case .redo: return takeBack(redo: true)
        case .alertLevel: return openAlertForm(rows, world: world, names: names)
        case .redraw: return [.redraw]
        case .logEntry: return openForm(.log(rows.selectedCrisis?.id), world: world, names: names)
        case .importFile: return openForm(.importFile, world: world, names: names)
        }
        return []
    }

    /// c: in the Log, the selected crisis only or everything; elsewhere, the selected crisis's contacts or all.
    mutating func toggleScope(_ rows: PaneRows) {
        if focus == .log {
            logCrisisOnly.toggle()
            show(
                logCrisisOnly
                    ? "Log: \(rows.selectedCrisis?.title ?? "the selected crisis") only · c shows all"
                    : "Log: every crisis and the cell")
            scroll[.log] = 0
        } else {
            allContacts.toggle()
            show(allContacts ? "Contacts: all countries" : "Contacts: the selected crisis's countries")
        }
    }

    /// f in the Log: the next kind of entry, then all of them.
    mutating func cycleLogKind() {
        guard focus == .log else { return show("f picks a kind of entry in the log: press 5 for the log") }
        let kinds: [EventKind?] = [nil] + EventKind.allCases
        let i = kinds.firstIndex(of: logKind) ?? 0
        logKind = kinds[(i + 1) % kinds.count]
        show("Log: " + (logKind.map { "\($0.rawValue) entries only · f next kind" } ?? "every kind of entry"))
        scroll[.log] = 0
    }

    /// u takes back this console's last change, U does it again.
    mutating func takeBack(redo again: Bool) -> [Effect] {
        if again {
            guard let entry = redo.popLast() else {
                show("Nothing to redo")
                return []
            }
            saveState = .writing
            return [.commit(entry.redo, .redo(entry))]
        }
        guard let entry = undo.popLast() else {
            show("Nothing of yours to undo (this console's own changes only)")
            return []
        }
        saveState = .writing
        return [.commit(entry.undo, .undo(entry))]
    }

    /// l: the alert-level form of the selected country (or the selected crisis's first), the reason to type first.
    mutating func openAlertForm(_ rows: PaneRows, world: World, names: CountryNames) -> [Effect] {
        let code = focus == .countries ? selectedId(.countries, rows) : rows.selectedCrisis?.countries.first
        guard let code else {
            show("Select a country first")
            return []
        }
        let effects = openForm(.alert(code), world: world, names: names)
        if case .form(var form) = mode, let i = form.fields.firstIndex(where: { $0.key == "why" }) {
            form.focus = i
            mode = .form(form)
        }
        return effects
    }

    /// q quits at once unless changes still wait for the disk: then it asks, and says where they will go.
    mutating func askQuit() -> [Effect] {
        guard waiting > 0 else { return [.quit] }
        let n = waiting
        mode = .confirm(
            Confirmation(
                title: "Changes not saved yet",
                question:
                    "\(n) change\(n == 1 ? " is" : "s are") not saved yet: the data directory refuses \(n == 1 ? "it" : "them")"
                    + (waitingReason.map { " (\($0))" } ?? "")
                    + ". Quit anyway? They will be written to a file outside the data "
                    + "directory, to apply later with 'crisiscell import pending FILE'.",
                yes: "y quit and keep them in a file", no: "any other key stays (retrying)", action: .quitWithWaiting))
        return []
    }

    mutating func openDetails(_ rows: PaneRows) {
        guard let id = selectedId(focus, rows) else { return }
        switch focus {
        case .crises: mode = .detail(.crisis(id))
        case .countries: mode = .detail(.country(id))
        case .checklist: if let owner = rows.checklistOwner { mode = .detail(.item(owner, id)) }
        case .contacts: mode = .detail(.contact(id))
        case .log: if let seq = Int(id) { mode = .detail(.event(seq)) }
        case .incoming: mode = .detail(.incoming(id))
        }
    }

    /// Space on a checklist item ticks or unticks it; one someone changed a moment ago asks first, since the press
    /// may have been meant for what was there before.
    mutating func tickSelected(_ rows: PaneRows, world: World) -> [Effect] {
        guard focus == .checklist else {
            show("Space ticks checklist items: press 3 for the checklist")
            return []
        }
        guard let owner = rows.checklistOwner, let id = selectedId(.checklist, rows),
            let item = world.checklist(of: owner)?.first(where: { $0.id == id })
        else { return [] }
        let op = StoreOperation.setItemStatus(
            owner: owner, item: id, status: item.status == .done ? .open : .done, expected: item.status)
        guard isRecent(owner.markKey(id)) else { return edit([op]) }
        let who = item.doneBy ?? world.stamps[StampKey.item(owner, id, "status")]?.by ?? "someone"
        let now = item.status == .done ? "ticked" : "set it to \(item.status.rawValue)"
        mode = .confirm(
            Confirmation(
                title: "Just changed by \(who)",
                question:
                    "\(who) \(now) \"\(item.text)\" a moment ago. \(item.status == .done ? "Untick" : "Tick") it?",
                yes: "y \(item.status == .done ? "untick" : "tick")", no: "any other key leaves it",
                action: .commit([op], .edit(UndoEntry([op])))))
        return []
    }

    // MARK: Filter

    mutating func handleFilterKey(_ key: Key, pane: Pane, world: World, names: CountryNames) -> [Effect] {
        var text = filters[pane] ?? ""
        switch key {
        case .escape:
            filters[pane] = nil
            mode = .normal
            scroll[pane] = 0
        case .enter: mode = .normal
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            filters[pane] = text.isEmpty ? nil : text
        case .up: move(by: -1, world: world, names: names)
        case .down: move(by: 1, world: world, names: names)
        case .char(let c):
            text.append(c)
            filters[pane] = text
        default: break
        }
        scroll[pane] = 0
        keepVisible(pane, world: world, names: names)
        return []
    }

    // MARK: Briefing

    mutating func handleBriefingKey(_ key: Key, _ b: BriefingState, world: World) -> [Effect] {
        var b = b
        let count = BriefingSlides.count(world)
        switch key {
        case .char("q"), .escape:
            if b.fromConsole {
                mode = .normal
                return []
            }
            return [.quit]
        case .char(" "): b.paused.toggle()
        case .right, .char("l"), .down, .pageDown:
            b.slide = (b.slide + 1) % count
            b.shownAt = now
        case .left, .char("h"), .up, .pageUp:
            b.slide = (b.slide + count - 1) % count
            b.shownAt = now
        case .char("t"):
            mode = .briefing(b)
            return [.cycleTheme]
        case .char("x"): acknowledge(all: false)
        case .char("X"): acknowledge(all: true)
        default: break
        }
        mode = .briefing(b)
        return []
    }

    mutating func advanceBriefing(world: World) {
        guard case .briefing(var b) = mode, !b.paused, now.timeIntervalSince(b.shownAt) >= b.cycleSeconds else {
            return
        }
        b.slide = (b.slide + 1) % BriefingSlides.count(world)
        b.shownAt = now
        mode = .briefing(b)
    }
}
