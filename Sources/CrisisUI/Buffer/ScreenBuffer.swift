/// One screen position. A wide character fills its cell and leaves the next as a continuation (width 0).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: UInt8
    public var role: Role

    public static let blank = Cell(text: " ", width: 1, role: .normal)
    public var isContinuation: Bool { width == 0 }
}

public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// The rect shrunk by `n` on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
    public func row(_ i: Int) -> Rect { Rect(x: x, y: y + i, width: width, height: i < height ? 1 : 0) }
    /// Splits into columns of the given widths; the last takes what is left.
    public func splitColumns(_ widths: [Int]) -> [Rect] {
        var out: [Rect] = []
        var cx = x
        for (i, w) in widths.enumerated() {
            let width = i == widths.count - 1 ? maxX - cx : min(w, maxX - cx)
            out.append(Rect(x: cx, y: y, width: width, height: height))
            cx += width
        }
        return out
    }
    public func splitRows(_ heights: [Int]) -> [Rect] {
        var out: [Rect] = []
        var cy = y
        for (i, h) in heights.enumerated() {
            let height = i == heights.count - 1 ? maxY - cy : min(h, maxY - cy)
            out.append(Rect(x: x, y: cy, width: width, height: height))
            cy += height
        }
        return out
    }
}

/// The frame: a grid of cells that render functions fill and the backend diffs and draws.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor rests: the focused row or field, so that screen readers' review cursors and
    /// screen magnifiers follow the focus instead of a corner. The last placement drawn wins (a form over a pane).
    public private(set) var cursor: Position?
    /// Shown as a block in a text field; on a list row it only marks the place (the row is highlighted already).
    public private(set) var cursorVisible = false

    public struct Position: Equatable, Sendable {
        public var x, y: Int
        public init(x: Int, y: Int) {
            self.x = x
            self.y = y
        }
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    public mutating func placeCursor(x: Int, y: Int, visible: Bool = false) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cursor = Position(x: x, y: y)
        cursorVisible = visible
    }

    /// Writes text at (x, y), sanitised, clipped to `maxWidth` columns and the buffer's edge.
    /// Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, role: Role = .normal) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(x + (maxWidth ?? width), width)
        var cx = x
        for cell in TerminalText.cells(text) {
            if cx + cell.width > limit {
                // A wide character that does not fit leaves a space rather than half a glyph.
                if cx < limit && cell.width == 2 {
                    set(cx, y, Cell(text: " ", width: 1, role: role))
                    cx += 1
                }
                break
            }
            if cx >= 0 { set(cx, y, Cell(text: cell.text, width: UInt8(cell.width), role: role)) }
            cx += cell.width
        }
        return max(0, cx - x)
    }

    /// Writes text right-aligned so it ends at column `right` (exclusive).
    @discardableResult
    public mutating func putRight(_ text: String, right: Int, y: Int, maxWidth: Int, role: Role = .normal) -> Int {
        let clipped = TerminalText.clip(text, to: maxWidth)
        let w = TerminalText.width(clipped)
        return put(clipped, x: right - w, y: y, maxWidth: w, role: role)
    }

    public mutating func fill(_ rect: Rect, with character: String = " ", role: Role = .normal) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { set(x, y, Cell(text: character, width: 1, role: role)) } }
    }

    /// Changes the role of every cell in a rect, keeping its text (a selected row, a flashed change).
    public mutating func paint(_ rect: Rect, role: Role) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { cells[y * width + x].role = role } }
    }

    public func clip(_ r: Rect) -> Rect {
        let x0 = max(0, r.x)
        let y0 = max(0, r.y)
        return Rect(x: x0, y: y0, width: min(width, r.maxX) - x0, height: min(height, r.maxY) - y0)
    }

    /// Sets one cell, repairing any wide character it cuts in half.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(text: " ", width: 1, role: cells[i - 1].role) }
        if cells[i].width == 2, x + 1 < width { cells[i + 1] = Cell(text: " ", width: 1, role: cells[i].role) }
        if cell.width == 2 {
            guard x + 1 < width else {
                cells[i] = Cell(text: " ", width: 1, role: cell.role)
                return
            }
            if cells[i + 1].width == 2, x + 2 < width {
                cells[i + 2] = Cell(text: " ", width: 1, role: cells[i + 1].role)
            }
            cells[i] = cell
            cells[i + 1] = Cell(text: "", width: 0, role: cell.role)
        } else {
            cells[i] = cell
        }
    }

    /// The text of one row (continuation cells add nothing).
    public func rowText(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += self[x, y].text }
        return s
    }

    /// The whole screen as text, one line per row: what screen tests compare.
    public var text: String { (0..<height).map(rowText).joined(separator: "\n") }

    /// The roles of one row, one letter per column, for tests that check styling without escape codes.
    public func rowRoles(_ y: Int) -> [Role] { (0..<width).map { self[$0, y].role } }

    /// Positions whose cell differs from `old` (all of them when sizes differ): what the backend redraws.
    public func changes(since old: ScreenBuffer?) -> [(x: Int, y: Int)] {
        guard let old, old.width == width, old.height == height else {
            return (0..<height).flatMap { y in (0..<width).map { (x: $0, y: y) } }
        }
        var out: [(x: Int, y: Int)] = []
        for i in 0..<cells.count where cells[i] != old.cells[i] { out.append((x: i % width, y: i / width)) }
        return out
    }
}
