import ArgumentParser
import CrisisModel
import CrisisSession
import CrisisStorage
import CrisisTerminal
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Set from signal handlers; read by the loop between key reads (at most a fraction of a second later).
nonisolated(unsafe) private var pendingSignal: Int32 = 0

/// The console's loop: key -> reducer -> effects through the session -> render -> terminal. It holds no rules of
/// its own: what to save, keep, retry and say lives in the session and the reducer.
final class ConsoleRunner {
    let session: CellSession<Purpose>
    let briefing: Bool
    let monoOnly: Bool
    let catalog: ThemeCatalog
    private var repository: any CellStore { session.store }
    private var names: CountryNames { session.names }
    private lazy var zones = names.countryZones
    private let terminal: Terminal
    private var state: AppState
    private var currentTheme: Theme
    private var running = true
    private var showingBriefing = false
    /// `--bell`: ring once for each alert-level change announced.
    private let rings: Bool
    /// Set when the terminal hung up: nothing more is drawn on it, and the console ends as on SIGHUP.
    private var terminalGone = false

    /// How long the crisis selection must rest before the panes that depend on it are redrawn for it.
    static let settleDelay: TimeInterval = 0.25
    /// At most this many queued keys are handled before the screen is drawn again (a paste, a flood).
    static let keysPerFrame = 2_000

    init(
        repository: any CellStore, operatorName: String, readOnly: Bool, briefing: Bool, cycleSeconds: Double,
        mouse: Bool,
        theme: Theme, monoOnly: Bool, catalog: ThemeCatalog, notices: [String], bell: Bool = false, cursor: Bool = false
    ) throws {
        session = CellSession(store: repository, operatorName: operatorName)
        self.briefing = briefing
        self.rings = bell
        self.monoOnly = monoOnly
        self.catalog = catalog
        self.currentTheme = theme
        do { terminal = try Terminal(theme: theme, mouse: mouse, forceMono: monoOnly) } catch {
            throw CommandFailure("\(error)")
        }
        terminal.cursorOnRows = cursor
        let size = terminal.size
        let refusal = readOnly || briefing ? nil : repository.writeRefusal
        let startNotices = repository.warnings + notices + (refusal.map { ["Read-only: \($0)."] } ?? [])
        state = AppState(
            operatorName: operatorName, now: CellClock.now(), width: size.width, height: size.height,
            readOnly: readOnly || briefing || refusal != nil, themeName: theme.name,
            briefing: briefing
                ? BriefingState(cycleSeconds: cycleSeconds, shownAt: CellClock.now(), fromConsole: false) : nil,
            notices: startNotices, viewerLogin: refusal != nil)
    }

    func run() throws {
        for sig in [SIGTERM, SIGHUP, SIGINT] { signal(sig, { pendingSignal = $0 }) }
        defer { terminal.shutdown() }
        // Snapshots are written on another thread so a long one never holds up a key press.
        repository.compactsInline = false
        let watcher = JournalWatcher(directory: repository.directory)
        defer { session.leave() }
        var lastTick = Date.distantPast
        var settleDue = Date.distantPast
        // On opening: what changed while this operator was away (the first time, from now on).
        if !briefing {
            if let changes = session.changesSince() {
                send(.changesSince(changes, onOpening: true))
            } else {
                session.markSeen()
            }
            if let kept = session.draft() { send(.draft(kept)) }
        }

        while running {
            fetcher?.note(followsFeeds: !repository.store.world.watch.feeds.isEmpty)
            applyBriefingLook()
            terminal.draw(
                Screen.render(state, RenderContext(world: repository.store.world, names: names, zones: zones)))
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
            let handled = readInput(first: event)
            // Ctrl-C in a form holding typed text asks first, as Esc does; a second one quits.
            if pendingSignal == SIGINT, case .form(let form) = state.mode, form.holdsChanges, !form.discardArmed {
                pendingSignal = 0
                send(.key(.escape))
                continue
            }
            if pendingSignal != 0 { break }
            let now = CellClock.now()
            if let others = session.beat(now: now) { send(.presence(others)) }
            if state.heldCrisis != nil {
                if handled > 0 {
                    settleDue = now.addingTimeInterval(Self.settleDelay)
                } else if now >= settleDue {
                    send(.settle)
                }
            }
            if now.timeIntervalSince(lastTick) >= 0.2 || handled == 0 {
                send(.tick(now))
                lastTick = now
            }
            follow()
            if let news = session.linkNews() { send(.link(news)) }
            retryWaiting(now: now)
            // The journal (or, for a new site's copy, the database) holds everything; it is tried again.
            if let problem = session.tendSnapshots() {
                send(.notice("Snapshot not written (nothing lost; tried again): \(problem)", .flashWarn, seconds: 8))
            }
        }
        if terminalGone { terminal.abandon() } else { terminal.shutdown() }
        keepDraft()
        let kept = keepWaitingChanges()
        // A clean exit (q, SIGTERM, SIGHUP after an SSH drop) leaves a fresh snapshot.
        if let problem = session.close(looked: !briefing && state.sinceWaiting == nil) {
            Output.error("could not write the snapshot on exit: \(problem)")
        }
        if pendingSignal != 0 && pendingSignal != SIGINT {
            Output.warn("stopped by signal \(pendingSignal); everything confirmed was saved")
        }
        if kept { throw ExitCode(3) }
        // A hang-up is no clean quit: whoever started the console (a script, a supervisor) is told so.
        if terminalGone || pendingSignal == SIGHUP { throw ExitCode(129) }
    }

    /// Handles everything already typed or pasted before drawing again; how many events that was. Keys that
    /// arrived together are handed over together, so a paste from a terminal without bracketed paste is not run
    /// as commands.
    /// One fetcher per directory: this console, when it is the first and may write (a database's sites run
    /// `feeds fetch`). Started by the first turn of the loop.
    private lazy var fetcher: ConsoleFetcher? = startFetcher()

    private func startFetcher() -> ConsoleFetcher? {
        guard repository is Repository, !state.readOnly else { return nil }
        return ConsoleFetcher.start(directory: repository.directory, operatorName: session.operatorName)
    }

    private func readInput(first: InputEvent?) -> Int {
        var event = first
        var handled = 0
        var keys: [Key] = []
        while let e = event, running, pendingSignal == 0 {
            handled += 1
            if case .key(let k) = e {
                keys.append(k)
            } else {
                deliver(&keys)
                handle(e)
            }
            // A moment for the rest of a burst whose first bytes arrived alone, so it is judged whole.
            event = handled < Self.keysPerFrame ? terminal.readKey(milliseconds: handled == 1 ? 8 : 0) : nil
        }
        deliver(&keys)
        return handled
    }

    /// Stopped from outside (a hang-up, a gone terminal, SIGTERM) with typed text in a form: the text is kept, and
    /// offered back when this operator next opens that form.
    private func keepDraft() {
        let stoppedFromOutside = terminalGone || pendingSignal == SIGHUP || pendingSignal == SIGTERM
        guard stoppedFromOutside, case .form(let form) = state.mode, form.holdsChanges else { return }
        let changed = form.fields.filter { $0.changed && !$0.follows }
        let values = Dictionary(changed.map { ($0.key, $0.value) }) { first, _ in first }
        if let problem = session.keepDraft(form: String(describing: form.target), title: form.title, values: values) {
            Output.error("what was typed in \(form.title) could not be kept: \(problem)")
        } else if !terminalGone {
            Output.warn("what was typed in \(form.title) is kept; open that form again to get it back")
        }
    }

    /// Changes still waiting for the disk at exit go to a file outside the data directory, never nowhere.
    /// True when there were any (the exit status then says so).
    private func keepWaitingChanges() -> Bool {
        guard let kept = session.keepWaiting() else { return false }
        if let path = kept.path {
            Output.error(
                "\(kept.count) change(s) were not saved (the data directory refused them) and are kept in \(path). "
                    + "Apply them when the disk takes writes again: crisiscell import pending \(path) --data \(repository.directory.path)"
            )
        } else {
            Output.error(
                "\(kept.count) change(s) were not saved, and could not be kept in a file either (\(kept.problem ?? "")). They are:"
            )
            for line in kept.lines { Output.error(line) }
        }
        return true
    }

    private func send(_ message: Message) {
        perform(state.update(message, world: repository.store.world, names: names))
    }

    private func deliver(_ keys: inout [Key]) {
        guard !keys.isEmpty else { return }
        let message: Message = keys.count == 1 ? .key(keys[0]) : .burst(keys)
        keys.removeAll()
        send(message)
    }

    private func handle(_ event: InputEvent) {
        switch event {
        case .key(let key): send(.key(key))
        case .paste(let text): send(.paste(text))
        case .resize:
            let s = terminal.size
            send(.resize(width: s.width, height: s.height))
        }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit: running = false
            case .cycleTheme: cycleTheme()
            case .redraw: terminal.invalidate()
            case .dropDraft: session.dropDraft()
            case .commit(let ops, let purpose):
                // In a form the change is not kept to retry: the form stays open with the reason, Enter tries again.
                if case .form = state.mode {
                    send(.saved(session.save(ops), purpose))
                } else {
                    let outcome = session.saveOrKeep(ops, tag: purpose)
                    send(.saved(outcome, purpose))
                    if case .failed(let why) = outcome { send(.waiting(session.waiting.count, reason: why)) }
                }
            case .showChangesSince:
                if let changes = session.changesSince() {
                    send(.changesSince(changes, onOpening: false))
                } else {
                    send(.notice("From now on, w shows what others change", .flashInfo, seconds: 4))
                    session.markSeen()
                }
            case .showWaiting:
                switch session.waitingToSend() {
                case .success(let changes): send(.waitingToSend(changes, settled: nil))
                case .failure(let problem): send(.notice(problem.text, .flashError, seconds: 10))
                }
            case .settleWaiting(let id, let keepMine):
                let outcome = session.settle(id, keepMine: keepMine)
                let settled = try? outcome.get()
                if case .success(let changes) = session.waitingToSend() {
                    send(.waitingToSend(changes, settled: settled))
                }
                if case .failure(let problem) = outcome { send(.notice(problem.text, .flashError, seconds: 15)) }
                if let news = session.linkNews() { send(.link(news)) }
            case .markSeen:
                session.markSeen()
            case .then(let keys):
                var rest = keys
                deliver(&rest)
            case .prepareImport(let kind, let path, let country):
                do { send(.importReady(try session.prepareImport(kind, path: path, country: country))) } catch {
                    send(
                        .saved(
                            .refused(.invalid(field: "import", reason: "\(error)")), .importFile(label: path, rows: 0)))
                }
            }
        }
    }

    private func cycleTheme() {
        if monoOnly { return send(.notice("Colour is off (NO_COLOR or --no-color)", .flashInfo, seconds: 4)) }
        currentTheme = catalog.next(after: currentTheme.name)
        terminal.setTheme(currentTheme)
        let next = catalog.next(after: currentTheme.name).name
        send(
            .theme(
                name: currentTheme.name,
                notice:
                    "Theme: \(currentTheme.name) — \(currentTheme.description) · t for \(next) · to keep it, start with --theme \(currentTheme.name)"
            ))
    }

    /// Applies what other consoles and scripts wrote.
    private func follow() {
        switch session.follow() {
        case .fresh(let entries): external(entries)
        case .recovered(let entries):
            send(.following(problem: nil))
            external(entries)
        case .failed(let problem): send(.following(problem: problem))
        case .quiet: break
        }
    }

    private func external(_ entries: [JournalEntry]) {
        guard !entries.isEmpty else { return }
        let banners = state.alertBanners.count
        send(.external(entries))
        if rings && state.alertBanners.count > banners { terminal.bell() }
    }

    private func retryWaiting(now: Date) {
        guard let retry = session.retryWaiting(now: now) else { return }
        for (outcome, purpose) in retry.settled { send(.saved(outcome, purpose)) }
        send(.waiting(retry.waiting, reason: retry.stillFailing))
    }

    /// Briefing mode takes the projector look while it lasts, then gives the console its theme back.
    private func applyBriefingLook() {
        let inBriefing: Bool
        if case .briefing = state.mode { inBriefing = true } else { inBriefing = false }
        if inBriefing && !showingBriefing {
            showingBriefing = true
            if !monoOnly && !briefing {
                terminal.setTheme(catalog.theme(named: "high-contrast") ?? BuiltinThemes.highContrast)
            }
        } else if !inBriefing && showingBriefing {
            showingBriefing = false
            terminal.setTheme(currentTheme)
        }
    }
}
