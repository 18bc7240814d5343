@preconcurrency import CNcursesw
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether the terminal speaks ECMA-48 as xterm, tmux, screen, VTE and the Linux console do, so frames can be
/// written by `FrameEncoder` rather than by ncurses (see there for why). Decided from terminfo alone: the
/// terminal's own descriptions of cursor addressing, erasing and colour must be exactly the sequences the
/// encoder writes; anything else (padding, another dialect) keeps ncurses' drawing.
/// `CRISISCELL_DRAW=curses` keeps ncurses' drawing everywhere, for comparison or should a terminal disagree.
enum DirectDrawing {
    static let autowrapOff = "\u{1b}[?7l"
    static let autowrapOn = "\u{1b}[?7h"

    /// `colors`: 0 when the console draws without colour.
    static func abilities(colors: Int, env: [String: String]) -> (EncoderAbilities, wrapsOff: Bool)? {
        guard env["CRISISCELL_DRAW"] != "curses" else { return nil }
        guard capability("cup") == "\u{1b}[%i%p1%d;%p2%dH", capability("el") == "\u{1b}[K",
            let clear = capability("clear"), ["\u{1b}[H\u{1b}[2J", "\u{1b}[H\u{1b}[J"].contains(clear),
            let sgr0 = capability("sgr0"), sgr0.contains("\u{1b}[m") || sgr0.contains("\u{1b}[0m")
        else { return nil }
        guard colorsAgree(colors) else { return nil }
        let wrapsOff = capability("rmam") == autowrapOff
        let heldWrap = tigetflag("xenl") > 0 || tigetflag("am") <= 0
        let abilities = EncoderAbilities(
            colors: colors, backColorErase: tigetflag("bce") > 0,
            eraseCharacters: capability("ech") == "\u{1b}[%p1%dX", lastCellSafe: wrapsOff || heldWrap)
        return (abilities, wrapsOff)
    }

    /// The terminal's own colour sequences are the ones the encoder would write, for each kind of number.
    private static func colorsAgree(_ colors: Int) -> Bool {
        guard colors > 0 else { return true }
        guard let setaf = capability("setaf"), let setab = capability("setab") else { return false }
        var probes = [(1, "31", "41")]
        if colors >= 16 { probes.append((9, "91", "101")) }
        if colors >= 256 { probes.append((200, "38;5;200", "48;5;200")) }
        for (n, fg, bg) in probes {
            guard expand(setaf, n) == "\u{1b}[\(fg)m", expand(setab, n) == "\u{1b}[\(bg)m" else { return false }
        }
        return true
    }

    private static func expand(_ cap: String, _ n: Int) -> String? {
        cap.withCString { cc_tiparm1($0, Int32(n)) }.map { String(cString: $0) }
    }

    /// Each role's pen at the terminal's colour depth, as ncurses' drawing would show it.
    static func pens(_ theme: Theme, depth: ColorDepth) -> [Role: Pen] {
        var pens: [Role: Pen] = [:]
        for role in Role.allCases {
            let style = theme.screenStyle(role)
            if depth == .none {
                pens[role] = Pen(attrs: style.mono)
                continue
            }
            var attrs = style.attrs
            // On 8 colours bright foregrounds become bold, as the Linux console shows them.
            if depth == .eight, case .ansi(let n) = style.fg, n >= 8 { attrs.insert(.bold) }
            pens[role] = Pen(fg: style.fg.number(at: depth), bg: style.bg.number(at: depth), attrs: attrs)
        }
        return pens
    }

    /// The terminal's output settings add no carriage return to a line feed (ncurses' nonl() turns that off).
    static func lineFeedMovesDown() -> Bool {
        var t = termios()
        guard tcgetattr(STDOUT_FILENO, &t) == 0 else { return false }
        return t.c_oflag & tcflag_t(OPOST) == 0 || t.c_oflag & tcflag_t(ONLCR) == 0
    }

    static func capability(_ name: String) -> String? {
        guard let p = tigetstr(name), Int(bitPattern: p) != -1 else { return nil }
        return String(cString: p)
    }

    /// Writes all of `bytes` to the terminal, after anything ncurses still holds in its buffer.
    static func write(_ bytes: [UInt8]) {
        fflush(stdout)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + done, $0.count - done) }
            if n > 0 {
                done += n
            } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                if errno == EAGAIN { usleep(1_000) }
                continue
            } else {
                return
            }
        }
    }
}

/// Set by SIGCONT: after a suspension ncurses repaints what it believes is on screen, which in direct drawing is
/// nothing, so the next frame is drawn whole.
nonisolated(unsafe) var terminalResumed: sig_atomic_t = 0
