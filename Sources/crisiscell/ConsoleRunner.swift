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
struct ConsoleRunner {
    /// The heart of a storage error for the top bar: "No space left on device".
    static func brief(_ error: Error) -> String {
        if case PersistenceError.io(_, let action, let code) = error { return "cannot \(action): \(String(cString: strerror(code)))" }
        return "\(error)"
    }

    let repository: Repository
    let operatorName: String
    let readOnly: Bool
    let briefing: Bool
    let cycleSeconds: Double
    let mouse: Bool
    let theme: Theme
    let monoOnly: Bool
    let catalog: ThemeCatalog
    /// Shown once at start: theme problems and fallbacks.
    let notices: [String]

    func run() throws {
        let names = CountryNames.load()
        let zones = CountryZones.load()
        let terminal: Terminal
        do { terminal = try Terminal(theme: theme, mouse: mouse, forceMono: monoOnly) } catch { throw CommandFailure("\(error)") }
        for sig in [SIGTERM, SIGHUP, SIGINT] { signal(sig, { pendingSignal = $0 }) }
        defer { terminal.shutdown() }

        let size = terminal.size
        var state = AppState(operatorName: operatorName, now: Date(), width: size.width, height: size.height, readOnly: readOnly || briefing)
        state.themeName = theme.name
        if briefing { state.mode = .briefing(BriefingState(cycleSeconds: cycleSeconds, shownAt: Date(), fromConsole: false)) }
        let startNotices = repository.warnings + notices
        if !startNotices.isEmpty && !briefing { state.mode = .notices(startNotices) }
        if briefing, let first = startNotices.first { state.show(first, role: .flashWarn, seconds: 10) }
        var currentTheme = theme
        let watcher = JournalWatcher(directory: repository.directory)
        let presence = Presence(directory: repository.directory, operator: operatorName)
        defer { presence.leave() }
        var lastTick = Date()
        var lastBeat = Date.distantPast
        var running = true

        var showingBriefing = false
        // Changes the disk refused (full, read-only): kept in order and retried; never shown as done until saved.
        var pending: [(op: StoreOperation, undo: StoreOperation?)] = []
        var lastRetry = Date()
        while running {
            // Briefing mode takes the projector look while it lasts, then gives the console its theme back.
            if case .briefing = state.mode, !showingBriefing {
                showingBriefing = true
                if !monoOnly && !briefing { terminal.setTheme(catalog.theme(named: "high-contrast") ?? BuiltinThemes.highContrast) }
            } else if showingBriefing, !{ if case .briefing = state.mode { return true } else { return false } }() {
                showingBriefing = false
                terminal.setTheme(currentTheme)
            }
            let ctx = RenderContext(world: repository.store.world, names: names, zones: zones)
            terminal.draw(Screen.render(state, ctx))
            // Sleep until a key, a change in the data directory (inotify) or a quarter second passes.
            var event = terminal.readKey(milliseconds: 0)
            if event == nil {
                let woke = watcher.wait(input: STDIN_FILENO, milliseconds: watcher.fd == nil ? 200 : 250)
                if woke.input { event = terminal.readKey(milliseconds: 30) }
            }
            if pendingSignal != 0 { break }
            var effects: [Effect] = []
            switch event {
            case .key(let key)?:
                effects = state.update(.key(key), world: repository.store.world, names: names)
            case .resize?:
                let s = terminal.size
                _ = state.update(.resize(width: s.width, height: s.height), world: repository.store.world, names: names)
            case nil:
                break
            }
            let now = Date()
            if now.timeIntervalSince(lastBeat) >= 3 {
                presence.beat(now: now)
                state.othersPresent = presence.others(now: now)
                lastBeat = now
            }
            if now.timeIntervalSince(lastTick) >= 0.2 || event == nil {
                _ = state.update(.tick(now), world: repository.store.world, names: names)
                lastTick = now
            }
            // Follow what other consoles and scripts write.
            do {
                let fresh = try repository.refresh()
                state.dataStale = false
                if !fresh.isEmpty { _ = state.update(.external(fresh), world: repository.store.world, names: names) }
            } catch {
                if !state.dataStale { state.show("Cannot read updates: \(error)", role: .flashError, seconds: 10) }
                state.dataStale = true
            }
            if !pending.isEmpty, now.timeIntervalSince(lastRetry) >= 2 {
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
                        break
                    }
                }
            }
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
                    // Durable first: the screen shows the change only once the journal holds it.
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
                            lastRetry = Date()
                            _ = state.update(.failed("\(Self.brief(error)) · \(pending.count) waiting, retrying", storage: true),
                                             world: repository.store.world, names: names)
                        }
                    }
                }
            }
        }
        terminal.shutdown()
        if !pending.isEmpty { Output.error("\(pending.count) change(s) could not be saved and are lost: the data directory refused them") }
        // A clean exit (q, SIGTERM, SIGHUP after an SSH drop) leaves a fresh snapshot.
        do { try repository.compact() } catch { Output.error("could not write the snapshot on exit: \(error)") }
        if pendingSignal != 0 && pendingSignal != SIGINT { Output.warn("stopped by signal \(pendingSignal); everything confirmed was saved") }
    }
}
