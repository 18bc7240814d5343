/// What one cell is drawn with on an ECMA-48 terminal: colour numbers (-1 the terminal's own) and attributes.
public struct Pen: Equatable, Hashable, Sendable {
    public var fg: Int
    public var bg: Int
    public var attrs: Attributes
    public init(fg: Int = -1, bg: Int = -1, attrs: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }
    public static let plain = Pen()
}

/// What the terminal in front of us can do, as far as the encoder cares; read from terminfo by the terminal target.
public struct EncoderAbilities: Equatable, Sendable {
    /// Colours the terminal has (0, 8, 16 or 256): how a colour number becomes SGR parameters.
    public var colors: Int
    /// Erasing (ECH, EL, clear) fills with the current background ("back colour erase").
    public var backColorErase: Bool
    /// `ESC [ n X` erases n characters.
    public var eraseCharacters: Bool
    /// Writing the bottom-right cell is safe (autowrap off, or the wrap is held until the next character).
    public var lastCellSafe: Bool
    /// A line feed moves straight down (the line discipline adds no carriage return): one byte for a row down.
    public var lineFeedMovesDown: Bool
    /// Tab stops can be cleared (TBC) and set (HTS), and a tab (HT) reaches the terminal as it is (the line
    /// discipline does not expand it to spaces, which would overwrite what the cursor passes).
    public var tabStops: Bool
    public init(
        colors: Int, backColorErase: Bool, eraseCharacters: Bool, lastCellSafe: Bool, lineFeedMovesDown: Bool = false,
        tabStops: Bool = false
    ) {
        self.colors = colors
        self.backColorErase = backColorErase
        self.eraseCharacters = eraseCharacters
        self.lastCellSafe = lastCellSafe
        self.lineFeedMovesDown = lineFeedMovesDown
        self.tabStops = tabStops
    }
}

/// Turns the difference between two frames into the fewest bytes an ECMA-48 terminal needs, for a slow line.
///
/// Why not ncurses' own drawing: ncurses resets every attribute (SGR 0) to turn one off, and then sends the
/// foreground and the background again at every change of colour, so a painted background travels once per
/// colour change. Here an attribute is turned off on its own (SGR 22, 23, 24, 27), a colour is sent only when
/// it changes, and the pen stays set between frames.
public struct FrameEncoder: Sendable {
    public var abilities: EncoderAbilities
    /// The pen the terminal has now; nil when unknown (the first frame, after something else wrote).
    private var pen: Pen?
    /// Where the terminal's cursor is; nil when unknown (after a held wrap or a cluster of several characters).
    var cursor: (x: Int, y: Int)?
    /// The terminal's tab stops, ascending, as this encoder set them; nil when unknown (none set yet, or after
    /// a resize or a suspension), and then no tab is written.
    var stops: [Int]?
    /// The encoder has changed the terminal's tab stops: the terminal puts them back (`defaultTabStops`) on leaving.
    public internal(set) var changedTabStops = false
    var out: [UInt8] = []

    public init(abilities: EncoderAbilities) { self.abilities = abilities }

    /// Forgets what the terminal shows, so the next frame starts from a clear screen.
    public mutating func forget() {
        pen = nil
        cursor = nil
        stops = nil
    }

    /// The bytes that turn `previous` (nil: unknown) into `next`, each cell drawn with `pens(role)`.
    public mutating func encode(_ next: ScreenBuffer, previous: ScreenBuffer?, pens: (Role) -> Pen) -> [UInt8] {
        out.removeAll(keepingCapacity: true)
        var old = previous
        if old == nil || old!.width != next.width || old!.height != next.height {
            if old != nil { stops = nil }
            old = clear(next, pen: pens(.normal))
        } else if abilities.tabStops, let old {
            planTabStops(next, old)
        }
        for y in 0..<next.height { row(y, next, old, pens) }
        placeCursor(next)
        return out
    }

    /// Clears the screen with the normal pen; returns the frame the screen now shows, or nil when the clear
    /// cannot paint a background (every cell is then written).
    private mutating func clear(_ next: ScreenBuffer, pen normal: Pen) -> ScreenBuffer? {
        pen = nil
        setPen(normal)
        append("\u{1b}[H\u{1b}[2J")
        cursor = (0, 0)
        guard abilities.backColorErase || normal.bg == -1, normal.attrs.isDisjoint(with: [.underline, .reverse])
        else { return nil }
        return ScreenBuffer(width: next.width, height: next.height)
    }

    private mutating func row(_ y: Int, _ next: ScreenBuffer, _ old: ScreenBuffer?, _ pens: (Role) -> Pen) {
        let w = next.width
        let base = y * w
        let cells = next.cells
        var x = 0
        while x < w {
            let cell = cells[base + x]
            if let old, old.cells[base + x] == cell || cell.isContinuation {
                x += 1
                continue
            }
            if !abilities.lastCellSafe && y == next.height - 1 && x + max(1, Int(cell.width)) >= w { break }
            let p = pens(cell.role)
            let run = blankRun(cells, from: base + x, limit: base + w)
            // Erasing leaves the cursor where it was: worth it when the run is longer than the erase and the move
            // past it, or runs to the end of the line.
            let resumes = x + run < w && (old == nil || old!.cells[base + x + run] != cells[base + x + run])
            let worth = x + run == w ? run > 3 : run > (resumes ? 10 : 5)
            if worth && abilities.eraseCharacters && (abilities.backColorErase || p.bg == -1)
                && p.attrs.isDisjoint(with: [.underline, .reverse])
            {
                move(x, y, next, pens)
                // An erase shows only the background: any pen that shows the same one will do.
                if let pen, Self.showsSame(pen, p) {} else { setPen(p) }
                append(x + run == w ? "\u{1b}[K" : "\u{1b}[\(run)X")
                x += run
                continue
            }
            move(x, y, next, pens)
            setPen(cell.text == " " ? blankPen(p, next: x + 1 < w ? cells[base + x + 1] : nil, pens) : p)
            put(cell, x: x, y: y, width: w)
            x += max(1, Int(cell.width))
        }
    }

    /// A space shows only its background: it is drawn in the pen already set, or the next cell's, when they
    /// show the same background, saving a change of pen and back.
    private func blankPen(_ own: Pen, next: Cell?, _ pens: (Role) -> Pen) -> Pen {
        if let pen, Self.showsSame(pen, own) { return pen }
        if let next, next.width >= 1, next.text != " " {
            let p = pens(next.role)
            if Self.showsSame(p, own) { return p }
        }
        return own
    }

    static func showsSame(_ a: Pen, _ b: Pen) -> Bool {
        let visible: Attributes = [.underline, .reverse]
        return a.bg == b.bg && a.attrs.isDisjoint(with: visible) && b.attrs.isDisjoint(with: visible)
    }

    /// Cells from `i` that are the same plain blank (a space in one role).
    private func blankRun(_ cells: [Cell], from i: Int, limit: Int) -> Int {
        let first = cells[i]
        guard first.text == " ", first.width == 1 else { return 0 }
        var j = i + 1
        while j < limit, cells[j] == first { j += 1 }
        return j - i
    }

    private mutating func put(_ cell: Cell, x: Int, y: Int, width: Int) {
        write(cell)
        let next = x + max(1, Int(cell.width))
        // A cluster of several characters may be measured differently by the terminal: place the next one anew.
        let simple = cell.text.unicodeScalars.count == 1
        cursor = next < width && simple ? (next, y) : nil
    }

    /// Moves the cursor to (x, y) the cheapest way: rewriting a short gap in the current pen, or a cursor move.
    private mutating func move(
        _ x: Int, _ y: Int, _ next: ScreenBuffer, _ pens: (Role) -> Pen, rewrite: Bool = true
    ) {
        if let c = cursor, c.y == y, c.x == x { return }
        let jump = Self.cheapestMove(
            from: cursor, to: (x, y), lineFeed: abilities.lineFeedMovesDown && y < next.height - 1, stops: stops ?? [])
        if rewrite, let c = cursor, c.y == y, c.x < x, x - c.x <= min(3, jump.utf8.count), let pen,
            rewritable(next, from: c.x, to: x, y: y, pen: pen, pens)
        {
            for gx in c.x..<x { write(next[gx, y]) }
        } else {
            append(jump)
        }
        cursor = (x, y)
    }

    /// Absolute (CUP) or relative (up or down, then CR, CUF, CUB, CHA or tabs), whichever is shorter.
    static func cheapestMove(
        from: (x: Int, y: Int)?, to: (x: Int, y: Int), lineFeed: Bool = false, stops: [Int] = []
    ) -> String {
        let absolute = to.x == 0 ? "\u{1b}[\(to.y + 1)H" : "\u{1b}[\(to.y + 1);\(to.x + 1)H"
        guard let from else { return absolute }
        let dy = to.y - from.y
        var vertical = dy == 0 ? "" : "\u{1b}[\(abs(dy) == 1 ? "" : String(abs(dy)))\(dy > 0 ? "B" : "A")"
        if lineFeed && dy > 0 && dy < 3 { vertical = String(repeating: "\n", count: dy) }
        let dx = to.x - from.x
        var horizontal = ""
        if to.x == 0 && dx != 0 {
            horizontal = "\r"
        } else if dx != 0 {
            let relative = "\u{1b}[\(abs(dx) == 1 ? "" : String(abs(dx)))\(dx > 0 ? "C" : "D")"
            let column = "\u{1b}[\(to.x + 1)G"
            horizontal = relative.utf8.count <= column.utf8.count ? relative : column
            for tabbed in [
                tabs(from: from.x, to: to.x, stops: stops), tabs(from: 0, to: to.x, stops: stops).map { "\r" + $0 },
            ]
            where tabbed != nil && tabbed!.utf8.count < horizontal.utf8.count {
                horizontal = tabbed!
            }
        }
        let relative = vertical + horizontal
        return relative.utf8.count < absolute.utf8.count ? relative : absolute
    }

    /// True when the cells of a gap are plain single characters already in `pen`: writing them again moves the
    /// cursor in fewer bytes than a cursor move would.
    private func rewritable(
        _ next: ScreenBuffer, from: Int, to: Int, y: Int, pen: Pen, _ pens: (Role) -> Pen
    ) -> Bool {
        for gx in from..<to {
            let c = next[gx, y]
            guard c.width == 1, c.text.utf8.count == 1, pens(c.role) == pen else { return false }
        }
        return true
    }

    private mutating func placeCursor(_ next: ScreenBuffer) {
        guard let at = next.cursor else { return }
        move(at.x, at.y, next, { _ in Pen.plain }, rewrite: false)
    }

    /// One SGR sequence from the current pen to `p`, naming only what changes.
    private mutating func setPen(_ p: Pen) {
        if pen == p { return }
        var params: [String] = []
        var from = pen ?? Pen.plain
        if pen == nil { params.append("0") }
        let off = from.attrs.subtracting(p.attrs)
        if !off.isDisjoint(with: [.bold, .dim]) {
            params.append("22")
            from.attrs.subtract([.bold, .dim])
        }
        if off.contains(.italic) { params.append("23") }
        if off.contains(.underline) { params.append("24") }
        if off.contains(.reverse) { params.append("27") }
        let on = p.attrs.subtracting(from.attrs)
        for (a, code) in [(Attributes.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7")]
        where on.contains(a) {
            params.append(code)
        }
        if p.fg != from.fg || pen == nil && p.fg != -1 { params.append(color(p.fg, base: 30)) }
        if p.bg != from.bg || pen == nil && p.bg != -1 { params.append(color(p.bg, base: 40)) }
        pen = p
        if params == ["0"] {
            append("\u{1b}[m")
        } else if !params.isEmpty {
            append("\u{1b}[" + params.joined(separator: ";") + "m")
        }
    }

    /// SGR parameters for a colour: 30-37/40-47, 90-97/100-107 on 16 colours, 38;5;n/48;5;n, 39/49 the default.
    private func color(_ n: Int, base: Int) -> String {
        if n < 0 { return String(base + 9) }
        if n < 8 { return String(base + n) }
        if n < 16 && abilities.colors >= 16 { return String(base + 60 + n - 8) }
        return "\(base + 8);5;\(n)"
    }

    mutating func append(_ s: String) { out.append(contentsOf: s.utf8) }

    /// A cell's text. Cells hold sanitised text; a control character here would be a bug, and never reaches
    /// the terminal.
    private mutating func write(_ cell: Cell) {
        if cell.text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            out.append(UInt8(ascii: "?"))
        } else {
            out.append(contentsOf: cell.text.utf8)
        }
    }
}
