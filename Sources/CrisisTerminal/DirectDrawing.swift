@preconcurrency import CNcursesw
import CrisisUI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Whether the terminal speaks ECMA-48 as xterm, tmux, screen, VTE and the Linux console do, so frames can be
/// written by `FrameEncoder` rather than by ncurses (see there for why). Decided from terminfo alone: the
/// terminal's own descriptions of cursor addressing, erasing and colour must be exactly the sequences the
/// encoder writes; anything else (padding, another dialect) keeps ncurses' drawing.
/// `CRISISCELL_DRAW=curses` keeps ncurses' drawing everywhere, for comparison or should a terminal disagree.
enum DirectDrawing {
    /// `colors`: 0 when the console draws without colour.
    static func abilities(colors: Int, env: [String: String]) -> EncoderAbilities? {
        guard env["CRISISCELL_DRAW"] != "curses" else { return nil }
        guard capability("cup") == "\u{1b}[%i%p1%d;%p2%dH", capability("el") == "\u{1b}[K",
            let clear = capability("clear"), ["\u{1b}[H\u{1b}[2J", "\u{1b}[H\u{1b}[J"].contains(clear),
            let sgr0 = capability("sgr0"), sgr0.contains("\u{1b}[m") || sgr0.contains("\u{1b}[0m")
        else { return nil }
        guard colorsAgree(colors) else { return nil }
        // Autowrap stays on (a suspended console must leave the shell as it found it): the bottom-right cell is
        // written only where the terminal holds the wrap until the next character (xenl), as all of these do.
        let heldWrap = tigetflag("xenl") > 0 || tigetflag("am") <= 0
        return EncoderAbilities(
            colors: colors, backColorErase: tigetflag("bce") > 0,
            eraseCharacters: capability("ech") == "\u{1b}[%p1%dX", lastCellSafe: heldWrap)
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
            let pen = pen(for: theme.screenStyle(role), depth: depth)
            pens[role] = depth == .none ? pen : shownAttributes(pen)
        }
        return pens
    }

    /// A style's colours and attributes at a colour depth: the one rule both ways of drawing follow.
    static func pen(for style: RoleStyle, depth: ColorDepth) -> Pen {
        if depth == .none { return Pen(attrs: style.mono) }
        var attrs = style.attrs
        // On 8 colours bright foregrounds become bold, as the Linux console shows them.
        if depth == .eight, case .ansi(let n) = style.fg, n >= 8 { attrs.insert(.bold) }
        return Pen(fg: style.fg.number(at: depth), bg: style.bg.number(at: depth), attrs: attrs)
    }

    /// Only the attributes the terminal says it has, and none it cannot combine with colour (ncv), as ncurses
    /// would draw them: the Linux console shows underline and dim as colours of their own.
    static func shownAttributes(_ pen: Pen) -> Pen {
        var p = pen
        let kinds: [(Attributes, String, Int32)] = [
            (.bold, "bold", 32), (.dim, "dim", 16), (.italic, "sitm", 0x8000), (.underline, "smul", 2),
            (.reverse, "rev", 4),
        ]
        let ncv = max(0, tigetnum("ncv"))
        let colored = p.fg != -1 || p.bg != -1
        for (attr, cap, bit) in kinds where p.attrs.contains(attr) {
            if capability(cap) == nil || (colored && ncv & bit != 0) { p.attrs.remove(attr) }
        }
        return p
    }

    /// The terminal's output settings add no carriage return to a line feed (ncurses' nonl() turns that off).
    static func lineFeedMovesDown() -> Bool {
        var t = termios()
        guard tcgetattr(STDOUT_FILENO, &t) == 0 else { return false }
        return t.c_oflag & tcflag_t(OPOST) == 0 || t.c_oflag & tcflag_t(ONLCR) == 0
    }

    /// Tab stops may be used (see `FrameEncoder.planTabStops`): terminfo's tab, set-stop and clear-stops are the
    /// ECMA-48 ones, and the line discipline passes a tab as it is (TAB3 would turn it into spaces, which
    /// overwrite what the cursor passes).
    static func tabStopsUsable() -> Bool {
        guard capability("ht") == "\t", capability("hts") == "\u{1b}H", capability("tbc") == "\u{1b}[3g" else {
            return false
        }
        var t = termios()
        guard tcgetattr(STDOUT_FILENO, &t) == 0 else { return false }
        return t.c_oflag & tcflag_t(OPOST) == 0 || t.c_oflag & tcflag_t(TABDLY) != tcflag_t(TAB3)
    }

    /// The bytes that put the stops back as the shell had them (every `it` columns), written once the encoder
    /// has moved them: on leaving, and on Ctrl-Z from the signal handler (hence made once, beforehand).
    static func prepareTabRestore() {
        guard tabRestore == nil else { return }
        let every = tigetnum("it") > 0 ? Int(tigetnum("it")) : 8
        let bytes = FrameEncoder.defaultTabStops(every: every)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        tabRestore = buffer
    }

    /// Writes the default stops back when the encoder has changed them.
    static func restoreTabStops() {
        guard tabStopsMoved.load(ordering: .relaxed), let tabRestore else { return }
        write(Array(tabRestore))
    }

    static func capability(_ name: String) -> String? {
        guard let p = tigetstr(name), Int(bitPattern: p) != -1 else { return nil }
        return String(cString: p)
    }

    /// Writes all of `bytes` to the terminal, after anything still held in stdio's buffer: frames, and the mode
    /// switches ncurses does not know to send.
    static func write(_ bytes: [UInt8]) {
        fflush(stdout)
        var done = 0
        // A terminal that takes nothing for five seconds is gone; the hang-up check then ends the console.
        var waits = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + done, $0.count - done) }
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN && waits < 5_000 {
                waits += 1
                usleep(1_000)
            } else {
                return
            }
        }
    }
}

/// Set on SIGTSTP and SIGCONT: after a suspension ncurses repaints what it believes is on screen, which in direct
/// drawing is nothing, and the pen is unknown; the next frame is drawn whole. An atomic, as a signal handler may
/// touch nothing else.
let terminalResumed = Atomic<Bool>(false)

/// Set once the encoder has changed the terminal's tab stops: leaving (or Ctrl-Z) puts them back.
let tabStopsMoved = Atomic<Bool>(false)

/// `FrameEncoder.defaultTabStops`, made before the SIGTSTP handler may need it (it may not allocate).
nonisolated(unsafe) private var tabRestore: UnsafeMutableBufferPointer<UInt8>?

/// ncurses' own SIGTSTP handler (it restores the terminal and stops the process), called after ours.
nonisolated(unsafe) private var ncursesStop: (@convention(c) (Int32) -> Void)?

extension DirectDrawing {
    /// Before ncurses hands the terminal back on Ctrl-Z, the pen is reset (ncurses believes it already is), so
    /// the shell's prompt is not drawn in the console's last colours; after `fg` the frame is drawn whole.
    static func watchSuspension() {
        // Globals are made on first use, which must not happen inside the signal handler.
        _ = terminalResumed.load(ordering: .relaxed)
        _ = tabStopsMoved.load(ordering: .relaxed)
        var old = sigaction()
        sigaction(SIGTSTP, nil, &old)
        ncursesStop = old.__sigaction_handler.sa_handler
        var act = sigaction()
        prepareTabRestore()
        act.__sigaction_handler.sa_handler = { sig in
            let reset: [UInt8] = [0x1b, 0x5b, 0x6d]
            _ = reset.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, 3) }
            if tabStopsMoved.load(ordering: .relaxed), let tabs = tabRestore {
                _ = Glibc.write(STDOUT_FILENO, tabs.baseAddress, tabs.count)
            }
            terminalResumed.store(true, ordering: .relaxed)
            if let stop = ncursesStop { stop(sig) } else { raise(SIGSTOP) }
        }
        act.sa_flags = old.sa_flags
        act.sa_mask = old.sa_mask
        sigaction(SIGTSTP, &act, nil)
        signal(SIGCONT) { _ in terminalResumed.store(true, ordering: .relaxed) }
    }
}
