@preconcurrency import CNcursesw
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case unsupported(String)
    case locale(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return
                "the console needs a terminal (standard input and output are not a TTY). Use 'crisiscell --plain' (it reads commands from a file or a pipe too) or 'crisiscell brief' in scripts."
        case .unsupported(let term):
            return
                "terminal type '\(term)' cannot run a full-screen program (it needs cursor addressing). Set TERM to your terminal, e.g. TERM=xterm-256color, or use the line mode, 'crisiscell --plain', which needs none."
        case .locale(let why): return why
        }
    }
}

/// The only code that talks to ncurses: set-up and teardown, colours, drawing changed cells, reading keys.
public final class Terminal {
    public private(set) var depth: ColorDepth
    private var screen: OpaquePointer?
    private var last: ScreenBuffer?
    private var theme: Theme
    private var pairs: [Int64: Int32] = [:]
    private let mouse: Bool
    private var active = false
    private var cursorShown: Int32 = 0
    /// Keep the cursor visible on the selected row too (`--cursor`), for magnifiers that follow only a visible one.
    public var cursorOnRows = false
    /// Set on an ECMA-48 terminal: frames are written by it rather than by ncurses (see `DirectDrawing`).
    private var encoder: FrameEncoder?
    private var pens: [Role: Pen] = [:]
    /// Keys are read from a pad in direct drawing: reading from stdscr would let ncurses repaint its own idea of
    /// the screen (empty) over ours after a resize.
    private var input: UnsafeMutablePointer<WINDOW>?
    /// How frames are written: "direct" (ECMA-48 by the encoder) or "curses"; `crisiscell doctor` says which.
    public var drawing: String { encoder == nil ? "curses" : "direct" }

    /// Checks the terminal before touching it, so a bad TERM gives a message rather than garbage.
    public init(theme: Theme, mouse: Bool, forceMono: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else { throw TerminalError.unsupported(term.isEmpty ? "(unset)" : term) }
        try Terminal.ensureUTF8Locale()
        var err: Int32 = 0
        guard setupterm(term, STDOUT_FILENO, &err) == cc_ok(), DirectDrawing.capability("cup") != nil else {
            throw TerminalError.unsupported(term)
        }
        guard let scr = newterm(term, stdout, stdin) else { throw TerminalError.unsupported(term) }
        screen = scr
        set_term(scr)
        active = true
        self.theme = theme
        self.mouse = mouse
        self.depth = .none
        cbreak()
        noecho()
        nonl()
        keypad(cc_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        cursorShown = 0
        if !forceMono && has_colors() {
            start_color()
            use_default_colors()
            let colors = cc_colors()
            let env = ProcessInfo.processInfo.environment
            let truecolor = env["COLORTERM"] == "truecolor" || env["COLORTERM"] == "24bit"
            depth =
                colors >= 256
                ? (truecolor ? .truecolor : .indexed256) : colors >= 16 ? .sixteen : colors >= 8 ? .eight : .none
        }
        paintBackground()
        startDirectDrawing()
        if mouse {
            mousemask(cc_button1_pressed() | cc_button4_pressed() | cc_button5_pressed(), nil)
            mouseinterval(0)
        }
        // Bracketed paste: the terminal wraps pasted text in markers, so it reaches a field as text and never
        // runs as keys. Terminals that do not know the mode ignore it.
        define_key("\u{1b}[200~", cc_key_paste_begin())
        define_key("\u{1b}[201~", cc_key_paste_end())
        Terminal.writeRaw(Terminal.pasteOn)
    }

    private func startDirectDrawing() {
        guard
            let abilities = DirectDrawing.abilities(
                colors: depth == .none ? 0 : Int(cc_colors()), env: ProcessInfo.processInfo.environment)
        else { return }
        // ncurses switches to the alternate screen and clears it on its first refresh; after that it draws nothing.
        wrefresh(cc_stdscr())
        guard let pad = newpad(1, 1) else { return }
        keypad(pad, true)
        input = pad
        encoder = FrameEncoder(abilities: abilities)
        makePens()
        DirectDrawing.watchSuspension()
    }

    private func makePens() { pens = DirectDrawing.pens(theme, depth: depth) }

    private var keys: UnsafeMutablePointer<WINDOW> { input ?? cc_stdscr() }

    static let pasteOn = "\u{1b}[?2004h"
    static let pasteOff = "\u{1b}[?2004l"

    /// Bytes for the terminal that ncurses does not know to send (mode switches), straight to the descriptor.
    static func writeRaw(_ text: String) { DirectDrawing.write(Array(text.utf8)) }

    deinit { shutdown() }

    /// Lets go of a terminal that has gone away, writing nothing more to it.
    public func abandon() {
        guard active else { return }
        active = false
        if let screen { delscreen(screen) }
        screen = nil
    }

    /// True when standard input is readable yet holds nothing: end of file, or a hung-up terminal.
    public static func inputIsGone() -> Bool {
        var pending: Int32 = 0
        if ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) != 0 { return true }
        guard pending == 0 else { return false }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, 0) > 0 else { return false }
        return fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 || fds[0].revents & Int16(POLLIN) != 0
    }

    /// Restores the terminal. Safe to call more than once.
    public func shutdown() {
        guard active else { return }
        active = false
        if encoder != nil {
            // ncurses believes the pen is plain and the cursor where it left it: make both so before it leaves,
            // and the shell finds its tab stops where they were.
            DirectDrawing.restoreTabStops()
            Terminal.writeRaw("\u{1b}[m\u{1b}[\(max(1, size.height))H")
        }
        curs_set(1)
        endwin()
        Terminal.writeRaw(Terminal.pasteOff)
        if let screen { delscreen(screen) }
        screen = nil
    }

    public var size: (width: Int, height: Int) { (Int(cc_cols()), Int(cc_lines())) }

    public func setTheme(_ theme: Theme) {
        self.theme = theme
        last = nil
        encoder?.forget()
        if encoder != nil { makePens() }
        paintBackground()
    }

    /// What the screen is cleared to (and what a terminal's "erase to end of line" leaves): the theme's own
    /// background when it paints one, so a light theme stays light on a dark terminal to the last column.
    private func paintBackground() {
        guard active else { return }
        var cc = cchar_t()
        var blank: [wchar_t] = [wchar_t(32), 0]
        let (attrs, pair) = attributes(for: theme.screenStyle(.normal))
        _ = blank.withUnsafeMutableBufferPointer {
            setcchar(&cc, $0.baseAddress, attrs, Int16(truncatingIfNeeded: pair), nil)
        }
        wbkgrndset(cc_stdscr(), &cc)
    }

    /// Waits up to `milliseconds` for a key. Nil on timeout; `.resize` is reported through `resized`.
    public func readKey(milliseconds: Int32) -> InputEvent? {
        wtimeout(keys, milliseconds)
        var ch: wint_t = 0
        let r = wget_wch(keys, &ch)
        if r == cc_err() { return nil }
        if r == cc_key_code_yes() {
            let code = Int32(ch)
            if code == cc_key_paste_begin() { return .paste(readPaste()) }
            if code == cc_key_paste_end() { return nil }
            if code == cc_key_resize() {
                last = nil
                encoder?.forget()
                return .resize
            }
            if code == cc_key_mouse() { return mouseEvent().map { .key(.mouse($0)) } }
            return KeyDecoder.special(code).map { .key($0) }
        }
        return KeyDecoder.character(UInt32(ch)).map { .key($0) }
    }

    /// The text between the paste markers, exactly: Enter, Tab and Esc inside it are text. A paste whose end
    /// marker never comes ends after a second without input, so a lost marker cannot swallow the keyboard.
    private func readPaste() -> String {
        var scalars = String.UnicodeScalarView()
        wtimeout(keys, 1000)
        defer { wtimeout(keys, 0) }
        while scalars.count < 1_000_000 {
            var ch: wint_t = 0
            let r = wget_wch(keys, &ch)
            if r == cc_err() { break }
            if r == cc_key_code_yes() {
                let code = Int32(ch)
                if code == cc_key_paste_end() { break }
                // The screen changed size under the paste: the next frame is drawn whole.
                if code == cc_key_resize() { invalidate() }
                if code == KEY_ENTER { scalars.append("\n") }
                continue
            }
            if let s = Unicode.Scalar(UInt32(ch)) { scalars.append(s) }
        }
        return String(scalars)
    }

    private func mouseEvent() -> MouseEvent? {
        var ev = MEVENT()
        guard getmouse(&ev) == cc_ok() else { return nil }
        let state = UInt(ev.bstate)
        let kind: MouseEvent.Kind
        if state & UInt(cc_button4_pressed()) != 0 {
            kind = .wheelUp
        } else if state & UInt(cc_button5_pressed()) != 0 {
            kind = .wheelDown
        } else {
            kind = .press
        }
        return MouseEvent(kind: kind, x: Int(ev.x), y: Int(ev.y))
    }

    /// Draws a frame, sending only cells that changed since the last one.
    public func draw(_ frame: ScreenBuffer) {
        if encoder != nil { return drawDirect(frame) }
        let changes = frame.changes(since: last)
        if last == nil || last!.width != frame.width || last!.height != frame.height { werase(cc_stdscr()) }
        var cc = cchar_t()
        for (x, y) in changes {
            let cell = frame[x, y]
            if cell.isContinuation { continue }
            let style = theme.screenStyle(cell.role)
            var wide = Array(cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) })
            wide.append(0)
            let (attrs, pair) = attributes(for: style)
            _ = wide.withUnsafeBufferPointer {
                setcchar(&cc, $0.baseAddress, attrs, Int16(truncatingIfNeeded: pair), nil)
            }
            // The bottom-right cell may report ERR because the cursor cannot advance past it; it is drawn all the same.
            _ = mvwadd_wch(cc_stdscr(), Int32(y), Int32(x), &cc)
        }
        placeCursor(frame)
        wnoutrefresh(cc_stdscr())
        doupdate()
        last = frame
    }

    private func drawDirect(_ frame: ScreenBuffer) {
        if terminalResumed.exchange(false, ordering: .relaxed) {
            last = nil
            encoder?.forget()
        }
        if last == nil {
            encoder?.abilities.lineFeedMovesDown = DirectDrawing.lineFeedMovesDown()
            encoder?.abilities.tabStops = DirectDrawing.tabStopsUsable()
        }
        let pens = self.pens
        let bytes = encoder!.encode(frame, previous: last, pens: { pens[$0] ?? Pen.plain })
        if encoder!.changedTabStops { tabStopsMoved.store(true, ordering: .relaxed) }
        DirectDrawing.write(bytes)
        showCursor(frame.cursor != nil && (frame.cursorVisible || cursorOnRows))
        last = frame
    }

    /// The terminal's cursor goes where the frame puts the focus (a screen reader's review cursor and a magnifier
    /// follow it), shown in a text field, hidden on a highlighted row unless `cursorOnRows` asks for it.
    private func placeCursor(_ frame: ScreenBuffer) {
        if let at = frame.cursor {
            wmove(cc_stdscr(), Int32(at.y), Int32(at.x))
        } else {
            wmove(cc_stdscr(), 0, 0)
        }
        showCursor(frame.cursor != nil && (frame.cursorVisible || cursorOnRows))
    }

    private func showCursor(_ shown: Bool) {
        let visibility: Int32 = shown ? 1 : 0
        if visibility != cursorShown {
            curs_set(visibility)
            cursorShown = visibility
        }
    }

    /// Rings the terminal's bell (or flashes it, where it has no bell).
    public func bell() { if active { beep() } }

    /// Forgets what is on screen so the next frame is drawn in full (after a theme change or Ctrl-L).
    public func invalidate() {
        last = nil
        encoder?.forget()
        clearok(cc_stdscr(), true)
    }

    private func attributes(for style: RoleStyle) -> (attr_t, Int32) {
        let pen = DirectDrawing.pen(for: style, depth: depth)
        return (curses(pen.attrs), pair(pen.fg, pen.bg))
    }

    private func pair(_ fg: Int, _ bg: Int) -> Int32 {
        if fg == -1 && bg == -1 { return 0 }
        let key = Int64(fg) << 32 | Int64(bg & 0xffff_ffff)
        if let p = pairs[key] { return p }
        let p = alloc_pair(Int32(fg), Int32(bg))
        let value = p < 0 ? 0 : p
        pairs[key] = value
        return value
    }

    private func curses(_ a: Attributes) -> attr_t {
        var out = cc_a_normal()
        if a.contains(.bold) { out |= cc_a_bold() }
        if a.contains(.underline) { out |= cc_a_underline() }
        if a.contains(.reverse) { out |= cc_a_reverse() }
        if a.contains(.dim) { out |= cc_a_dim() }
        if a.contains(.italic) { out |= cc_a_italic() }
        return out
    }

    /// Wide characters need a UTF-8 locale; fall back to C.UTF-8 when the user's is not UTF-8.
    static func ensureUTF8Locale() throws {
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" { return }
        if setlocale(LC_ALL, "C.UTF-8") != nil, String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" { return }
        throw TerminalError.locale(
            "no UTF-8 locale is available (LANG=\(ProcessInfo.processInfo.environment["LANG"] ?? "unset")); install one or set LANG=C.UTF-8"
        )
    }
}

public enum InputEvent: Equatable {
    case key(Key)
    /// Text pasted between bracketed-paste markers.
    case paste(String)
    case resize
}

/// Turns what get_wch returns into keys.
enum KeyDecoder {
    static func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    static func character(_ c: UInt32) -> Key? {
        switch c {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(c + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(c) else { return nil }
            return .char(Character(scalar))
        }
    }
}
