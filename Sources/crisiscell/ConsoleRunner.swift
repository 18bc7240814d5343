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
    let repository: Repository
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
    private var pending: [(op: StoreOperation, undo: StoreOperation?)] = []
    private var lastRetry = CellClock.now()
    private var showingBriefing = false

    /// How long the crisis selection must rest before the panes that depend on it are redrawn for it.
    static let settleDelay: TimeInterval = 0.25
    /// At most this many queued keys are handled before the screen is drawn again (a paste, a flood).
    static let keysPerFrame = 2_000

    init(repository: Repository, operatorName: String, readOnly: Bool, briefing: Bool, cycleSeconds: Double, mouse: Bool,
         theme: Theme, monoOnly: Bool, catalog: ThemeCatalog, notices: [String]) throws {
        self.repository = repository; self.operatorName = operatorName; self.briefing = briefing
        self.monoOnly = monoOnly; self.catalog = catalog; self.currentTheme = theme
        do { terminal = try Terminal(theme: theme, mouse: mouse, forceMono: monoOnly) } catch { throw CommandFailure("\(error)") }
        let size = terminal.size
        state = AppState(operatorName: operatorName, now: CellClock.now(), width: size.width, height: size.height, readOnly: readOnly || briefing)
        state.themeName = theme.name
        if briefing { state.mode = .briefing(BriefingState(cycleSeconds: cycleSeconds, shownAt: CellClock.now(), fromConsole: false)) }
        let startNotices = repository.warnings + notices
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

        while running {
            applyBriefingLook()
            terminal.draw(Screen.render(state, RenderContext(world: repository.store.world, names: names, zones: zones)))
            // Sleep until a key, a change in the data directory (inotify) or a quarter second passes.
            var event = terminal.readKey(milliseconds: 0)
            let wait: Int32 = state.heldCrisis != nil ? 50 : watcher.fd == nil ? 200 : 250
            if event == nil, watcher.wait(input: STDIN_FILENO, milliseconds: wait).input {
                event = terminal.readKey(milliseconds: 30)
            }
            // Handle everything already typed or pasted before drawing again.
            var handled = 0
            while let e = event, running, pendingSignal == 0 {
                handle(e)
                handled += 1
                event = handled < Self.keysPerFrame ? terminal.readKey(milliseconds: 0) : nil
            }
            if pendingSignal != 0 { break }
            let now = CellClock.now()
            if now.timeIntervalSince(lastBeat) >= 3 {
                presence.beat(now: now)
                state.othersPresent = presence.others(now: now)
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
            retryPending(now: now)
            if repository.wantsSnapshot { repository.startBackgroundSnapshot() }
            do { try repository.finishBackgroundSnapshot() } catch {
                // The journal still holds everything; the next snapshot will try again.
                state.show("Snapshot not written (data is safe in the journal): \(error)", role: .flashWarn, seconds: 8)
            }
        }
        terminal.shutdown()
        if !pending.isEmpty { Output.error("\(pending.count) change(s) could not be saved and are lost: the data directory refused them") }
        // A clean exit (q, SIGTERM, SIGHUP after an SSH drop) leaves a fresh snapshot.
        _ = try? repository.finishBackgroundSnapshot(wait: true)
        do { try repository.compact() } catch { Output.error("could not write the snapshot on exit: \(error)") }
        if pendingSignal != 0 && pendingSignal != SIGINT { Output.warn("stopped by signal \(pendingSignal); everything confirmed was saved") }
    }

    private func handle(_ event: InputEvent) {
        switch event {
        case .key(let key):
            perform(state.update(.key(key), world: repository.store.world, names: names))
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
                state.show("Theme: \(currentTheme.name) — \(currentTheme.description)")
            case .commit(let op, let undo):
                commit(op, undo: undo)
            case .commitBatch(let ops, let label, let rows):
                do {
                    try repository.commit(ops, by: operatorName)
                    state.saveState = .saved
                    state.show("Saved · \(label): \(rows) row\(rows == 1 ? "" : "s") as one batch")
                } catch let refused as StoreError {
                    state.saveState = .saved
                    state.show("Refused, nothing saved: \(refused)", role: .flashError, seconds: 10)
                } catch {
                    state.saveState = .failed(Self.brief(error))
                    state.show("NOT SAVED, import dropped: \(error)", role: .flashError, seconds: 10)
                }
            case .prepareImport(let kind, let path, let country):
                prepareImport(kind: kind, path: path, country: country)
            }
        }
    }

    /// Durable first: the screen shows the change only once the journal holds it.
    private func commit(_ op: StoreOperation, undo: StoreOperation?) {
        do {
            let entry = try repository.commit(op, by: operatorName)
            _ = state.update(.committed(entry, undo: undo), world: repository.store.world, names: names)
        } catch let refused as StoreError {
            _ = state.update(.failed(refused.description, storage: false), world: repository.store.world, names: names)
        } catch {
            if case .form = state.mode {
                // The form stays open with the reason; Enter tries again.
                _ = state.update(.failed("Not saved: \(error)", storage: true), world: repository.store.world, names: names)
            } else {
                pending.append((op, undo))
                lastRetry = CellClock.now()
                _ = state.update(.failed("\(Self.brief(error)) · \(pending.count) waiting, retrying", storage: true),
                                 world: repository.store.world, names: names)
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
            _ = state.update(.failed("\(error)", storage: false), world: repository.store.world, names: names)
        }
    }

    /// Applies what other consoles and scripts wrote.
    private func follow() {
        do {
            let fresh = try repository.refresh()
            state.dataStale = false
            if !fresh.isEmpty { _ = state.update(.external(fresh), world: repository.store.world, names: names) }
        } catch {
            if !state.dataStale { state.show("Cannot read updates: \(error)", role: .flashError, seconds: 10) }
            state.dataStale = true
        }
    }

    private func retryPending(now: Date) {
        guard !pending.isEmpty, now.timeIntervalSince(lastRetry) >= 2 else { return }
        lastRetry = now
        while let next = pending.first {
            do {
                let entry = try repository.commit(next.op, by: operatorName)
                pending.removeFirst()
                _ = state.update(.committed(entry, undo: next.undo), world: repository.store.world, names: names)
            } catch let refused as StoreError {
                pending.removeFirst()
                state.show("A waiting change no longer applies and was dropped: \(refused)", role: .flashError, seconds: 10)
            } catch {
                state.saveState = .failed("\(Self.brief(error)) · \(pending.count) waiting, retrying")
                return
            }
        }
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
