import CNcursesw
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `crisiscell doctor` asks of the terminal without taking it over: whether TERM's description exists and
/// addresses the cursor, how many colours it claims, and whether the terminal answers for bracketed paste.
public enum TerminalProbe {
    public struct Description: Equatable, Sendable {
        /// TERM has a terminfo entry this machine can read.
        public var known: Bool
        /// The entry moves the cursor (cup): a full-screen program can run.
        public var addressable: Bool
        public var colors: Int
        /// Frames are written as plain ECMA-48 (see `DirectDrawing`), not by ncurses.
        public var direct: Bool = false
        /// Direct drawing may set tab stops of its own (terminfo and the terminal's output settings allow it).
        public var tabs: Bool = false
    }

    public static func describe(term: String) -> Description {
        var err: Int32 = 0
        guard !term.isEmpty, setupterm(term, STDOUT_FILENO, &err) == cc_ok() else {
            return Description(known: false, addressable: false, colors: 0)
        }
        let addressable = DirectDrawing.capability("cup") != nil
        let colors = max(0, Int(tigetnum("colors")))
        let env = ProcessInfo.processInfo.environment
        // NO_COLOR counts when it is set to something, as the console reads it.
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let direct = DirectDrawing.abilities(colors: noColor ? 0 : colors, env: env) != nil
        return Description(
            known: true, addressable: addressable, colors: colors, direct: direct,
            tabs: direct && DirectDrawing.tabStopsUsable())
    }

    /// Asks the terminal whether it knows mode 2004 (DECRQM): true, false, or nil when it does not answer within
    /// `timeout` (many do not answer this question, and paste may still work). Needs a terminal on both ends.
    public static func answersBracketedPaste(timeout: TimeInterval = 0.5) -> Bool? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        let ask = "\u{1B}[?2004$p"
        _ = ask.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        var answer: [UInt8] = []
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, Int32(max(1, end.timeIntervalSinceNow * 1000))) > 0 else { break }
            var byte: UInt8 = 0
            guard read(STDIN_FILENO, &byte, 1) == 1 else { break }
            answer.append(byte)
            if byte == UInt8(ascii: "y") { break }
        }
        // ESC [ ? 2004 ; Ps $ y: 1 set, 2 reset (both known), 0 not recognised, 3 and 4 permanently set or reset.
        let text = String(decoding: answer, as: UTF8.self)
        guard let range = text.range(of: "[?2004;"), let ps = text[range.upperBound...].first else { return nil }
        return ps != "0"
    }
}
