import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal as the line mode uses it: raw input (keys one by one, no echo) for its own line editor, and back
/// again on the way out. Nothing here writes an escape sequence.
final class LineTerminal {
    private var saved: termios?

    /// How the line mode reads its input.
    enum Mode: Equatable {
        /// A terminal: keys one by one into the line editor (history, arrows, Tab).
        case editor
        /// A terminal that edits lines itself (an Emacs shell buffer): whole lines in, whole lines out.
        case lines
        /// Not a terminal (a file, a pipe): the commands run one after another, each answer printed.
        case script
    }

    static func mode(environment: [String: String]) -> Mode {
        guard isatty(STDIN_FILENO) == 1 else { return .script }
        // Emacs's shell and comint buffers send a line when Return is pressed and show output as it comes.
        if !(environment["INSIDE_EMACS"] ?? "").isEmpty || environment["TERM"] == "emacs" { return .lines }
        return .editor
    }

    /// Keys come one at a time, unechoed, and Ctrl-C, Ctrl-Z and Ctrl-D reach the editor as keys.
    func enterRaw() -> Bool {
        var t = termios()
        guard tcgetattr(STDIN_FILENO, &t) == 0 else { return false }
        saved = t
        t.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        t.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
        // Output keeps its line discipline: "\n" still ends a line on every terminal.
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        return tcsetattr(STDIN_FILENO, TCSADRAIN, &t) == 0
    }

    func restore() {
        guard var t = saved else { return }
        tcsetattr(STDIN_FILENO, TCSADRAIN, &t)
        saved = nil
    }

    deinit { restore() }

    /// Columns of the terminal on standard output (or input), else $COLUMNS, else 80.
    static func columns() -> Int {
        var size = winsize()
        for fd in [STDOUT_FILENO, STDIN_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }
}
