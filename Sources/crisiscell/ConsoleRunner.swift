import ArgumentParser
import CrisisCore
import CrisisTerminal
import CrisisUI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Set from signal handlers; read by the loop between key reads (at most a fraction of a second later).
nonisolated(unsafe) private var pendingSignal: Int32 = 0

/// The console's loop: key -> reducer -> effects through the repository -> render -> terminal.
final class ConsoleRunner {
    let repository: any CellStore
    let operatorName: String
    let briefing: Bool
    let monoOnly: Bool
    let catalog: ThemeCatalog
    private let names = CountryNames.load()
    private lazy var zones = names.countryZones
    private let terminal: Terminal
    private var state: AppState
    private var currentTheme: Theme
    private var running = true
    /// Changes the disk refused (full, read-only): kept in order and retried; never shown as done until saved.
    private var pending: [(ops: [StoreOperation], purpose: Purpose)] = []
    private var lastRetry = CellClock.now()
    private var showingBriefing = false
    /// `--bell`: ring once for each alert-level change announced.
    private let rings: Bool
    /// Set when the terminal hung up: nothing more is drawn on it, and the console ends as on SIGHUP.
    private var terminalGone = false

    /// How long the crisis selection must rest before the panes that depend on it are redrawn for it.
    static let settleDelay: TimeInterval = 0.25
    /// At most this many queued keys are handled before the screen is drawn again (a paste, a flood).
    static let keysPerFrame = 2_000

    init(repository: any CellStore, operatorName: String, readOnly: Bool, briefing: Bool, cycleSeconds: Double, mouse: Bool,
         theme: Theme, monoOnly: Bool, catalog: ThemeCatalog, notices: [String], bell: Bool = false, cursor: Bool = false) throws {
        self.repository = repository; self.operatorName = operatorName; self.briefing = briefing; self.rings = bell
        self.monoOnly = monoOnly; self.catalog = catalog; self.currentTheme = theme
        do { terminal = try Terminal(theme: theme, mouse: mouse, forceMono: monoOnly) } catch { throw CommandFailure("\(error)") }
        terminal.cursorOnRows = cursor
        let size = terminal.size
        let refusal = readOnly || briefing ? nil : repository.writeRefusal
        state = AppState(operatorName: operatorName, now: CellClock.now(), width: size.width, height: size.height,
                         readOnly: readOnly || briefing || refusal != nil)
        state.themeName = theme.name
        if briefing { state.mode = .briefing(BriefingState(cycleSeconds: cycleSeconds, shownAt: CellClock.now(), fromConsole: false)) }
        let startNotices = repository.warnings + notices + (refusal.map { ["Read-only: \($0)."] } ?? [])
        if !startNotices.isEmpty && !briefing { state.mode = .notices(startNotices) }
        if briefing, let first = startNotices.first { state.show(first, role: .flashWarn, seconds: 10) }
    }

    func run() throws {
        for sig in [SIGTERM, SIGHUP, SIGINT] { signal(sig, { pendingSignal = $0 }) }
        defer { terminal.shutdown() }
        // Snapshots are written on another thread so a long one never holds up a key press.
        repository.compactsInline = false
        let watcher = JournalWatcher(directory: repository.directory)
        let presence = Presence(directory: repository.directory, operator: operatorName)
        defer { presence.leave() }
        var lastTick = Date.distantPast, lastBeat = Date.distantPast, settleDue = Date.distantPast
        // On opening: what changed while this operator was away (the first time, from now on).
        if !briefing {
            if let changes = changesSince() { perform(state.update(.changesSince(changes, onOpening: true), world: repository.store.world, names: names)) }
            else { markSeen() }
        }

        while running {
            applyBriefingLook()
            terminal.draw(Screen.render(state, RenderContext(world: repository.store.world, names: names, zones: zones)))
            // Sleep until a key, a change in the data directory (inotify) or a quarter second passes.
            var event = terminal.readKey(milliseconds: 0)
            let wait: Int32 = state.heldCrisis != nil ? 50 : watcher.fd == nil ? 200 : 250
            if event == nil {
                let woke = watcher.wait(input: STDIN_FILENO, also: repository.wakeDescriptor, milliseconds: wait)
                if woke.input { event = terminal.readKey(milliseconds: 30) }
                // The terminal went away (an SSH drop with no SIGHUP, a closed window): input says it is ready
                // but holds nothing, for ever. Stop cleanly instead of spinning on it.
                if woke.hangup || (woke.input && event == nil && Terminal.inputIsGone()) {
                    terminalGone = true
                    break
                }
            }
            // Handle everything already typed or pasted before drawing again. Keys that arrived together are
            // handed over together, so a paste from a terminal without bracketed paste is not run as commands.
            var handled = 0
            var keys: [Key] = []
            while let e = event, running, pendingSignal == 0 {
                handled += 1
                if case .key(let k) = e { keys.append(k) } else {
                    deliver(&keys)
                    handle(e)
                }
                // A moment for the rest of a burst whose first bytes arrived alone, so it is judged whole.
                event = handled < Self.keysPerFrame ? terminal.readKey(milliseconds: handled == 1 ? 8 : 0) : nil
            }
            deliver(&keys)
            // Ctrl-C in a form holding typed text asks first, as Esc does; a second one quits.
            if pendingSignal == SIGINT, case .form(let form) = state.mode, form.holdsChanges, !form.discardArmed {
                pendingSignal = 0
                perform(state.update(.key(.escape), world: repository.store.world, names: names))
                continue
            }
            if pendingSignal != 0 { break }
            let now = CellClock.now()
            if now.timeIntervalSince(lastBeat) >= 3 {
                presence.beat(now: now)
                state.othersPresent = repository.othersPresent ?? presence.others(now: now)
                lastBeat = now
            }
            if state.heldCrisis != nil {
                if handled > 0 { settleDue = now.addingTimeInterval(Self.settleDelay) }
                else if now >= settleDue { _ = state.update(.settle, world: repository.store.world, names: names) }
            }
            if now.timeIntervalSince(lastTick) >= 0.2 || handled == 0 {
                _ = state.update(.tick(now), world: repository.store.world, names: names)
                lastTick = now
            }
            follow()
            noteLink(repository.link)
            retryPending(now: now)
            if repository.wantsSnapshot { repository.startBackgroundSnapshot() }
            do { try repository.finishBackgroundSnapshot(wait: false) } catch {
                // The journal still holds everything; the next snapshot will try again.
                state.show("Snapshot not written (data is safe in the journal): \(error)", role: .flashWarn, seconds: 8)
            }
        }
        if terminalGone { terminal.abandon() } else { terminal.shutdown() }
        if !briefing { markSeen() }
        let kept = keepWaitingChanges()
        // A clean exit (q, SIGTERM, SIGHUP after an SSH drop) leaves a fresh snapshot.
        _ = try? repository.finishBackgroundSnapshot(wait: true)
        do { try repository.compact() } catch { Output.error("could not write the snapshot on exit: \(error)") }
        if pendingSignal != 0 && pendingSignal != SIGINT { Output.warn("stopped by signal \(pendingSignal); everything confirmed was saved") }
        if kept { throw ExitCode(3) }
    }

    /// Changes still waiting for the disk at exit go to a file outside the data directory, never nowhere.
    /// True when there were any (the exit status then says so).
    private func keepWaitingChanges() -> Bool {
        guard !pending.isEmpty else { return false }
        let ops = pending.flatMap(\.ops)
        do {
            let path = try PendingFile.write(ops, operator: operatorName, directory: repository.directory)
            Output.error("\(ops.count) change(s) were not saved (the data directory refused them) and are kept in \(path). "
                         + "Apply them when the disk takes writes again: crisiscell import pending \(path) --data \(repository.directory.path)")
        } catch {
            Output.error("\(ops.count) change(s) were not saved, and could not be kept in a file either (\(error)). They are:")
            for op in ops { if let line = try? JSONCoding.encoder().encode(op) { Output.error(String(decoding: line, as: UTF8.self)) } }
        }
        return true
    }

    private func deliver(_ keys: inout [Key]) {
        guard !keys.isEmpty else { return }
        let message: Message = keys.count == 1 ? .key(keys[0]) : .burst(keys)
        keys.removeAll()
        perform(state.update(message, world: repository.store.world, names: names))
    }

    private func handle(_ event: InputEvent) {
        switch event {
        case .key(let key):
            perform(state.update(.key(key), world: repository.store.world, names: names))
        case .paste(let text):
            perform(state.update(.paste(text), world: repository.store.world, names: names))
        case .resize:
            let s = terminal.size
            _ = state.update(.resize(width: s.width, height: s.height), world: repository.store.world, names: names)
        }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit: running = false
            case .cycleTheme:
                if monoOnly { state.show("Colour is off (NO_COLOR or --no-color)"); break }
                currentTheme = catalog.next(after: currentTheme.name)
                terminal.setTheme(currentTheme)
                state.themeName = currentTheme.name
                let next = catalog.next(after: currentTheme.name).name
                state.show("Theme: \(currentTheme.name) — \(currentTheme.description) · t for \(next) · to keep it, start with --theme \(currentTheme.name)")
            case .commit(let ops, let purpose):
                commit(ops, purpose)
            case .showChangesSince:
                if let changes = changesSince() { perform(state.update(.changesSince(changes, onOpening: false), world: repository.store.world, names: names)) }
                else { state.show("From now on, w shows what others change"); markSeen() }
            case .markSeen:
                markSeen()
            case .then(let keys):
                var rest = keys
                deliver(&rest)
            case .prepareImport(let kind, let path, let country):
                prepareImport(kind: kind, path: path, country: country)
            }
        }
    }

    /// What others changed since this operator last looked (kept per operator in the data directory).
    private func changesSince() -> ChangesSince? {
        guard let point = LastSeen.read(repository.directory, operator: operatorName) else { return nil }
        return repository.store.world.changes(since: point.seq, time: point.time, excluding: operatorName, names: names.name)
    }

    private func markSeen() {
        LastSeen.write(.init(seq: repository.store.seq, time: CellClock.now()), repository.directory, operator: operatorName)
    }

    /// Durable first: the screen shows the change only once the journal holds it.
    private func commit(_ ops: [StoreOperation], _ purpose: Purpose) {
        let world = { self.repository.store.world }
        do {
            switch try repository.save(ops, by: operatorName) {
            case .saved(let entries): perform(state.update(.committed(entries, purpose), world: world(), names: names))
            case .unchanged(let why): perform(state.update(.unchanged(why, purpose), world: world(), names: names))
            case .queued(let why): perform(state.update(.queued(why, purpose), world: world(), names: names))
            }
        } catch let refused as StoreError {
            perform(state.update(.refused(refused, purpose), world: world(), names: names))
        } catch {
            if case .form = state.mode {
                // The form stays open with the reason; Enter tries again.
                _ = state.update(.notSaved(Self.brief(error), purpose), world: world(), names: names)
            } else {
                pending.append((ops, purpose))
                lastRetry = CellClock.now()
                _ = state.update(.notSaved(Self.brief(error), purpose), world: world(), names: names)
                _ = state.update(.waiting(pending.count, reason: Self.brief(error)), world: world(), names: names)
            }
        }
    }

    /// Reads and checks a file for the console's import, then shows the preview pane (nothing saved yet).
    private func prepareImport(kind: String, path: String, country: String) {
        let file = (path as NSString).expandingTildeInPath
        let countries = names
        do {
            let text = try TextInput.read(path: file)
            let preview: ImportPreview
            if kind == "contacts" {
                var options = ContactsImport.Options()
                if !country.isEmpty {
                    guard let code = countries.code(for: country) else { throw CommandFailure("'\(country)' is not a country") }
                    options.defaultCountry = code
                }
                let plan = try ContactsImport.prepare(text: text, file: file, format: ContactsImport.guessFormat(path: file, text: text),
                                                      store: repository.store, countries: countries, options: options, now: CellClock.now())
                preview = ImportPreview(title: (file as NSString).lastPathComponent, lines: plan.preview(verbose: true, limit: 100_000).components(separatedBy: "\n"),
                                        operations: plan.operations, rows: plan.changingRows, rejected: plan.rejectedCount)
            } else {
                let plan = try CountsImport.prepare(text: text, file: file, store: repository.store, countries: countries, now: CellClock.now())
                preview = ImportPreview(title: (file as NSString).lastPathComponent,
                                        lines: plan.preview(names: countries, verbose: true, limit: 100_000).components(separatedBy: "\n"),
                                        operations: plan.operations, rows: plan.changingRows, rejected: plan.rejectedCount)
            }
            _ = state.update(.importReady(preview), world: repository.store.world, names: names)
        } catch {
            _ = state.update(.refused(.invalid(field: "import", reason: "\(error)"), .importFile(label: path, rows: 0)),
                             world: repository.store.world, names: names)
        }
    }

    /// A database's link: what the top bar says, and a refused waiting change said once, with how to settle it.
    private func noteLink(_ link: LinkStatus?) {
        if let link, let newest = link.refused.last, link.refused.count > (state.link?.refused.count ?? 0) {
            state.show("Not sent: \(newest). Settle it: crisiscell outbox --data \(repository.directory.path)", role: .flashError, seconds: 20)
        }
        if let busy = link?.busy, busy != state.link?.busy {
            state.show("Kept at this site: \(busy)", role: .flashWarn, seconds: 20)
        }
        if let problem = link?.problem, problem != state.link?.problem {
            state.show("The database refuses this site: \(problem). Changes are kept here until it is mended.", role: .flashError, seconds: 60)
        }
        state.link = link
    }

    /// Applies what other consoles and scripts wrote.
    private func follow() {
        do {
            let fresh = try repository.refresh()
            state.dataStale = false
            let banners = state.alertBanners.count
            if !fresh.isEmpty { _ = state.update(.external(fresh), world: repository.store.world, names: names) }
            if rings && state.alertBanners.count > banners { terminal.bell() }
        } catch {
            if !state.dataStale { state.show("Cannot read updates: \(error)", role: .flashError, seconds: 10) }
            state.dataStale = true
        }
    }

    private func retryPending(now: Date) {
        guard !pending.isEmpty, now.timeIntervalSince(lastRetry) >= 2 else { return }
        lastRetry = now
        let world = { self.repository.store.world }
        while let next = pending.first {
            do {
                let outcome = try repository.save(next.ops, by: operatorName)
                pending.removeFirst()
                switch outcome {
                case .saved(let entries): perform(state.update(.committed(entries, next.purpose), world: world(), names: names))
                case .unchanged(let why): perform(state.update(.unchanged(why, next.purpose), world: world(), names: names))
                case .queued(let why): perform(state.update(.queued(why, next.purpose), world: world(), names: names))
                }
            } catch let refused as StoreError {
                // Someone changed the values while it waited: said like any conflict, never forced through.
                pending.removeFirst()
                perform(state.update(.refused(refused, next.purpose), world: world(), names: names))
            } catch {
                _ = state.update(.waiting(pending.count, reason: Self.brief(error)), world: world(), names: names)
                state.saveState = .failed("\(Self.brief(error)) · \(pending.count) waiting, retrying")
                return
            }
        }
        _ = state.update(.waiting(0, reason: nil), world: world(), names: names)
    }

    /// Briefing mode takes the projector look while it lasts, then gives the console its theme back.
    private func applyBriefingLook() {
        let inBriefing: Bool
        if case .briefing = state.mode { inBriefing = true } else { inBriefing = false }
        if inBriefing && !showingBriefing {
            showingBriefing = true
            if !monoOnly && !briefing { terminal.setTheme(catalog.theme(named: "high-contrast") ?? BuiltinThemes.highContrast) }
        } else if !inBriefing && showingBriefing {
            showingBriefing = false
            terminal.setTheme(currentTheme)
        }
    }

    /// The heart of a storage error for the top bar: "cannot fsync: No space left on device".
    static func brief(_ error: Error) -> String {
        if case PersistenceError.io(_, let action, let code) = error { return "cannot \(action): \(String(cString: strerror(code)))" }
        return "\(error)"
    }
}
