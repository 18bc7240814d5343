import ArgumentParser
import CrisisModel
import CrisisSession
import CrisisStorage
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

nonisolated(unsafe) private var plainSignal: Int32 = 0
nonisolated(unsafe) private var plainResized: Int32 = 0

/// The line mode's loop: a line in, the session's answer out, a change saved (durably) before it is said to
/// be; others' changes announced as whole lines between, the line being typed put back under them.
final class PlainRunner {
    let host: CellSession<Void>
    let operatorName: String
    let color: Bool
    private var repository: any CellStore { host.store }
    private var names: CountryNames { host.names }
    private var mode: LineTerminal.Mode
    private let terminal = LineTerminal()
    private var session: PlainSession
    private var editor: LineEditor?
    private var decoder = KeyDecoder()
    private var running = true
    private var failed = false
    private var conflicted = false
    private var lastTab: (line: String, cursor: Int)?
    static let prompt = "crisiscell> "

    init(repository: any CellStore, operatorName: String, readOnly: Bool, color: Bool) {
        self.operatorName = operatorName
        self.color = color
        mode = LineTerminal.mode(environment: ProcessInfo.processInfo.environment)
        host = CellSession(store: repository, operatorName: operatorName, announcesPresence: mode != .script)
        session = PlainSession(
            operatorName: operatorName, readOnly: readOnly || repository.writeRefusal != nil,
            interactive: mode != .script, names: host.names)
        if !readOnly { session.readOnlyReason = repository.writeRefusal }
    }

    func run() throws {
        for sig in [SIGTERM, SIGHUP, SIGINT] { signal(sig, { plainSignal = $0 }) }
        signal(SIGWINCH, { _ in plainResized = 1 })
        if mode == .editor {
            if terminal.enterRaw() {
                editor = LineEditor(
                    prompt: Self.prompt, columns: LineTerminal.columns(),
                    history: PlainHistory.read(operator: operatorName))
            } else {
                mode = .lines
            }
        }
        defer { terminal.restore() }
        let watcher = JournalWatcher(directory: repository.directory)
        defer { host.leave() }
        if mode != .script { greet() }
        showPrompt(mode)

        var pendingText: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while running && plainSignal == 0 {
            if mode != .script { follow() }
            if plainResized != 0 {
                plainResized = 0
                editor?.columns = LineTerminal.columns()
            }
            let woke = watcher.wait(
                input: STDIN_FILENO, also: repository.wakeDescriptor, milliseconds: decoder.isWaiting ? 40 : 250)
            _ = host.beat()
            guard woke.input else {
                // An Esc with nothing after it is a key the editor does not use.
                if decoder.isWaiting { decoder.flush() }
                continue
            }
            let n = read(STDIN_FILENO, &buffer, buffer.count)
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 {
                // End of input: a script's last line may lack its newline; a terminal gone or Ctrl-D.
                if !pendingText.isEmpty { execute(String(decoding: pendingText, as: UTF8.self)) }
                if mode != .script { say([PlainLine("")]) }
                break
            }
            let bytes = Array(buffer[0..<n])
            promptShowing = false
            if mode == .editor {
                handleKeys(bytes)
            } else {
                pendingText += bytes
                while let nl = pendingText.firstIndex(of: 0x0a) {
                    var line = Array(pendingText[..<nl])
                    pendingText.removeFirst(nl + 1)
                    if line.last == 0x0d { line.removeLast() }
                    execute(String(decoding: line, as: UTF8.self))
                    if !running { break }
                }
                if running { showPrompt(mode) }
            }
        }
        if let unanswered = session.endOfInput() { report(unanswered) }
        editor.map { PlainHistory.write($0.history, operator: operatorName) }
        if plainSignal != 0 && plainSignal != SIGINT {
            Output.warn("stopped by signal \(plainSignal); everything confirmed as saved is saved")
        }
        if mode != .script { host.markSeen() }
        if repository.wantsSnapshot {
            do { try repository.compact() } catch {
                Output.warn("snapshot not written (the journal holds everything): \(error)")
            }
        }
        // A script's status says whether every command went through; a person at a terminal was told each time.
        if failed && self.mode == .script { throw ExitCode(conflicted ? 3 : 1) }
    }

    // MARK: Input

    private func handleKeys(_ bytes: [UInt8]) {
        guard var ed = editor else { return }
        for key in decoder.feed(bytes) {
            var out = ""
            let result = ed.feed(key, out: &out)
            write(out)
            editor = ed
            switch result {
            case .editing: break
            case .endOfInput: running = false
            case .line(let line): execute(line)
            case .complete: complete()
            }
            guard running, let now = editor else { return }
            ed = now
        }
    }

    private func complete() {
        guard var ed = editor else { return }
        let result = PlainCompletion.complete(ed.text, cursor: ed.cursor, world: repository.store.world, names: names)
        var out = ""
        if let replacement = result.replacement {
            ed.replace(from: result.start, with: replacement, out: &out)
            write(out)
            editor = ed
            lastTab = nil
        } else if result.candidates.count > 1 {
            // A second Tab with nothing more to add lists what fits, under the line.
            let here = (ed.line, ed.cursor)
            if let last = lastTab, last == here {
                let shown =
                    result.candidates.prefix(30).joined(separator: ", ")
                    + (result.candidates.count > 30 ? ", and \(result.candidates.count - 30) more" : "")
                say([PlainLine(shown)])
            }
            lastTab = here
        }
    }

    /// Runs one line: the answer printed; a change saved before "Saved" is said.
    private func execute(_ line: String) {
        answering = true
        defer { answering = false }
        let world = repository.store.world
        if mode == .script && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            say([PlainLine(Self.prompt + line)])
        }
        let reply = session.handle(line, world: world, now: CellClock.now())
        report(reply)
        switch reply.action {
        case .commit(let ops, let change)?:
            let outcome = host.save(ops)
            report(session.finish(outcome, change, world: repository.store.world, now: CellClock.now()))
            repository.warnAboutSnapshot()
        case .since?:
            report(session.since(host.changesSince(), world: repository.store.world, now: CellClock.now()))
            host.markSeen()
        case .quit?: running = false
        case nil: break
        }
        editor?.prompt = session.isConfirming ? "yes or no> " : Self.prompt
        if mode == .editor, running {
            answering = false
            write(editor?.show() ?? "")
        }
    }

    private func report(_ reply: PlainReply) {
        if reply.failed {
            failed = true
            if reply.conflict { conflicted = true }
        }
        say(reply.lines)
    }

    // MARK: Others' changes

    private func follow() {
        switch host.follow() {
        case .fresh(let fresh), .recovered(let fresh):
            if !fresh.isEmpty { say(session.announce(fresh, world: repository.store.world, now: CellClock.now())) }
        case .failed(let problem):
            say([PlainLine("Cannot read others' changes: \(problem)", .problem)])
        case .quiet: break
        }
        if let news = host.linkNews() { say(session.linkLines(news, now: CellClock.now())) }
    }

    private func greet() {
        let world = repository.store.world
        let active = world.crisesByUrgency().filter(\.isActive)
        let top = world.countriesOrdered().filter { $0.alertLevel == .mandatoryEvacuation }.map { names.name($0.code) }
        var lines = [
            PlainLine(
                "CrisisCell line mode, \(world.cell.name), as \(operatorName)\(session.readOnly ? ", read-only" : "").",
                .heading),
            PlainLine(
                "\(PlainWords.plural(active.count, "active crisis", "active crises"))"
                    + (top.isEmpty ? "." : "; at alert level 4, mandatory evacuation: \(top.joined(separator: ", ")).")
                    + " Times are UTC."),
        ]
        if let looked = host.lastLooked, let changes = host.changesSince() {
            if !changes.lines.isEmpty {
                lines.append(
                    PlainLine(
                        "Since you last looked, \(PlainWords.ago(looked, now: CellClock.now())): "
                            + "\(PlainWords.plural(changes.lines.count, "change")). Type since to read them."))
            }
        }
        if let refusal = repository.writeRefusal {
            lines.append(PlainLine("Read-only: \(PlainWords.spoken(refusal)).", .problem))
        }
        if let link = host.linkNews()?.status {
            if !link.online {
                lines.append(
                    PlainLine(
                        "The database cannot be reached: you read this site's copy; changes are kept here and sent when it is back.",
                        .problem))
            }
            if link.waiting > 0 {
                lines.append(PlainLine("\(PlainWords.plural(link.waiting, "change")) made here wait to be sent."))
            }
            for refused in link.refused {
                lines.append(
                    PlainLine(
                        "Not sent: \(PlainWords.spoken(refused)). Settle it with crisiscell outbox --data \(repository.directory.path).",
                        .problem))
            }
        }
        lines.append(PlainLine("Type help for the commands, quit to leave."))
        say(lines)
    }

    // MARK: Output

    private func showPrompt(_ mode: LineTerminal.Mode) {
        switch mode {
        case .editor: write(editor?.show() ?? "")
        case .lines:
            write(session.isConfirming ? "yes or no> " : Self.prompt)
            promptShowing = true
        case .script: break
        }
    }

    /// Whole lines, sanitised. In the editor the line being typed is taken off first and put back after (unless a
    /// command's answer is still being printed); in an Emacs buffer an announcement gets a line and a prompt of its own.
    private func say(_ lines: [PlainLine]) {
        guard !lines.isEmpty else { return }
        var out = ""
        let editing = mode == .editor && editor != nil
        if editing { out += editor!.hide() }
        if mode == .lines && promptShowing { out += "\n" }
        for line in lines { out += paint(TerminalText.printable(line.text), line.tone) + "\n" }
        if editing && running && !answering { out += editor!.show() }
        if mode == .lines && promptShowing { out += session.isConfirming ? "yes or no> " : Self.prompt }
        write(out)
    }

    /// A command's answer is being printed: the prompt comes back once, after all of it.
    private var answering = false
    /// In an Emacs buffer (or a cooked terminal), the prompt is the last thing shown and nothing typed is sent yet.
    private var promptShowing = false

    private func paint(_ text: String, _ tone: PlainLine.Tone) -> String {
        guard color else { return text }
        let sgr: String
        switch tone {
        case .normal: return text
        case .heading: sgr = "1"
        case .saved: sgr = "32"
        case .problem: sgr = "31"
        case .announcement: sgr = "36"
        case .alert(let level): sgr = level >= .voluntaryReturn ? "1;31" : level >= .restriction ? "33" : "36"
        }
        return "\u{1b}[\(sgr)m" + text + "\u{1b}[0m"
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        Output.raw(text, to: STDOUT_FILENO)
    }
}
