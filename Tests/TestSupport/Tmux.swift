import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisStorage
import CrisisTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary in a real terminal: a private tmux server, keys sent with send-keys, the screen read with capture-pane.
public final class TmuxSession {
    public let socket: String
    /// The shell around the command writes the command's exit status here (tmux does not always learn it).
    private let statusFile: String
    private static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    public static var isAvailable: Bool { tmux != nil }

    /// Starts `command` (run by the shell) in a `width`x`height` window. Nil when tmux is missing.
    public init?(width: Int, height: Int, command: String, label: String = "e2e") {
        guard Self.tmux != nil else { return nil }
        // The tmux server hands this process's environment to the program: a moved clock goes with it.
        CellClock.shareWithChildren()
        socket = "cc-\(label)-\(getpid())-\(UUID().uuidString.prefix(6))"
        statusFile = NSTemporaryDirectory() + socket + ".status"
        let wrapped = "\(command); echo $? > \(shellQuote(statusFile))"
        // remain-on-exit is set before the window exists, so even a program that ends at once leaves its screen.
        run([
            "-f", "/dev/null", "start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";", "set-option", "-g",
            "escape-time", "0", ";",
            "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", wrapped,
        ])
    }

    deinit {
        // A console still running saves as it ends (SIGHUP); waiting for it keeps its late writes from
        // re-creating a test directory that tearDown has already removed.
        let program = exitStatus == nil ? programPid : nil
        run(["kill-server"])
        if let program { Self.waitGone(program, timeout: 3) }
        unlink(statusFile)
    }

    /// Until the process has ended (a zombie counts as ended: nobody may be left to reap it here).
    private static func waitGone(_ pid: Int32, timeout: TimeInterval) {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return }
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z") { return }
            usleep(20_000)
        }
    }

    @discardableResult
    private func run(_ args: [String]) -> String {
        // Output goes through a file and the child gets no inherited descriptors: the tmux server outlives
        // the command, and Foundation's Process waits for every descriptor it handed out to close.
        let out = NSTemporaryDirectory() + "tmux-out-\(UUID().uuidString)"
        defer { unlink(out) }
        guard spawnAndWait(Self.tmux!, ["-L", socket] + args, stdoutPath: out) >= 0 else { return "" }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    /// Keys in tmux's names: "Space", "Enter", "Escape", "Tab", "Down", "C-c", or literal text with `literal`.
    public func send(_ keys: String...) { run(["send-keys", "-t", "main"] + keys) }
    public func type(_ text: String) { run(["send-keys", "-t", "main", "-l", "--", text]) }

    /// Types text into a form and presses Enter once the text is on the screen: a state, not a time. (Text and an
    /// Enter that arrive together are a paste ending in a line break, which leaves the form open to be checked.)
    @discardableResult
    public func typeThenEnter(_ text: String, shown: String? = nil, timeout: TimeInterval = 10) -> Bool {
        type(text)
        let ok = waitFor(shown ?? String(text.suffix(12)), timeout: timeout).ok
        send("Enter")
        return ok
    }

    /// Every byte the program writes from now on is appended to `path` (tmux's pipe-pane).
    public func record(to path: String) { run(["pipe-pane", "-t", "main", "-o", "cat >> " + shellQuote(path)]) }

    /// Where the terminal's cursor is, as the terminal (tmux) holds it.
    public var cursor: (x: Int, y: Int)? {
        let parts = run(["display-message", "-p", "-t", "main", "#{cursor_x},#{cursor_y}"]).trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        .split(separator: ",").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// Pastes text as a terminal does: with bracketed-paste markers when the program asked for them
    /// (`paste-buffer -p`), or raw, as a terminal without bracketed paste sends it.
    public func paste(_ text: String, bracketed: Bool = true) {
        let file = NSTemporaryDirectory() + "paste-\(UUID().uuidString)"
        defer { unlink(file) }
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        run(["load-buffer", file])
        run(["paste-buffer", "-t", "main"] + (bracketed ? ["-p"] : []))
    }

    public func capture(colors: Bool = false) -> String {
        run(["capture-pane", "-p", "-t", "main"] + (colors ? ["-e"] : []))
    }

    /// Closes the terminal under the program, as an SSH drop does: the tmux server and its ptys go away.
    public func hangUp() { run(["kill-server"]) }

    public func resize(width: Int, height: Int) {
        run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The program's process id: the child of the pane's shell.
    public var programPid: Int32? {
        guard
            let shell = Int32(
                run(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(
                    in: .whitespacesAndNewlines)),
            let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        else { return nil }
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// The exit status once the program has ended (128 + signal when killed), else nil.
    public var exitStatus: Int32? {
        guard let text = try? String(contentsOfFile: statusFile, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen seen.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 10, _ predicate: (String) -> Bool) -> (ok: Bool, screen: String) {
        let end = Date().addingTimeInterval(timeout)
        var screen = ""
        repeat {
            screen = capture()
            if predicate(screen) { return (true, screen) }
            usleep(50_000)
        } while Date() < end
        return (false, screen)
    }

    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 10) -> (ok: Bool, screen: String) {
        waitFor(timeout: timeout) { $0.contains(text) }
    }

    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let end = Date().addingTimeInterval(timeout)
        repeat {
            if let s = exitStatus { return s }
            usleep(50_000)
        } while Date() < end
        return nil
    }
}

/// A shell-quoted word.
public func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// Runs a program with stdin from /dev/null, stdout (and with `errorsToo` stderr) to a file, no other descriptors.
public func spawnAndWait(_ path: String, _ args: [String], stdoutPath: String, errorsToo: Bool = false) -> Int32 {
    LocalProcess.spawnAndWait(path, args, stdoutPath: stdoutPath, errorsToo: errorsToo)
}
