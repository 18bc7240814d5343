import CrisisModel

/// A bordered box with a title: heavy lines when focused, so focus shows without colour.
public struct Block: Sendable {
    public var title: String
    public var info: String = ""
    public var focused: Bool = false

    public init(title: String, info: String = "", focused: Bool = false) {
        self.title = title
        self.info = info
        self.focused = focused
    }

    /// Draws the border and returns the inner area.
    @discardableResult
    public func draw(_ buf: inout ScreenBuffer, _ r: Rect) -> Rect {
        guard r.width >= 2, r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
        let (tl, tr, bl, br, h, v) = focused ? ("┏", "┓", "┗", "┛", "━", "┃") : ("╭", "╮", "╰", "╯", "─", "│")
        let role: Role = focused ? .borderFocus : .border
        let line = String(repeating: h, count: r.width - 2)
        buf.put(tl + line + tr, x: r.x, y: r.y, maxWidth: r.width, role: role)
        for y in (r.y + 1)..<(r.maxY - 1) {
            buf.put(v, x: r.x, y: y, role: role)
            buf.put(v, x: r.maxX - 1, y: y, role: role)
        }
        buf.put(bl + line + br, x: r.x, y: r.maxY - 1, maxWidth: r.width, role: role)
        let used = buf.put(
            " \(title) ", x: r.x + 1, y: r.y, maxWidth: r.width - 2, role: focused ? .titleFocus : .title)
        if !info.isEmpty {
            let room = r.width - 4 - used
            if room > 4 { buf.putRight(" \(info) ", right: r.maxX - 2, y: r.y, maxWidth: room, role: .muted) }
        }
        return r.inset(1)
    }
}

/// A column of a table.
public struct Column: Sendable {
    public enum Align: Sendable { case left, right }
    public var title: String
    public var width: Int
    public var align: Align
    /// Columns with the lowest priority are dropped first when the pane is narrow.
    public var priority: Int
    /// Takes the width left over (one per table).
    public var flex: Bool

    public init(_ title: String, _ width: Int, _ align: Align = .left, priority: Int = 5, flex: Bool = false) {
        self.title = title
        self.width = width
        self.align = align
        self.priority = priority
        self.flex = flex
    }
}

/// One table row: its cells' text and optional roles.
public struct TableRow: Sendable {
    public var cells: [String]
    public var roles: [Role?]
    public var role: Role
    /// Marker in the first column: "▸" for the cursor, "•" for a recent change.
    public var marker: String

    public init(_ cells: [String], roles: [Role?] = [], role: Role = .normal, marker: String = " ") {
        self.cells = cells
        self.roles = roles
        self.role = role
        self.marker = marker
    }
}

/// A table that fits its columns to the width, dropping the least important ones first.
public struct Table: Sendable {
    public var columns: [Column]

    public init(_ columns: [Column]) { self.columns = columns }

    /// Indices of the columns that fit, with their widths.
    public func fit(width: Int) -> [(index: Int, width: Int)] {
        var keep = Array(columns.indices)
        func needed(_ k: [Int]) -> Int { k.reduce(1) { $0 + columns[$1].width + 1 } }
        while needed(keep) > width, keep.count > 1 {
            let drop =
                keep.filter { !columns[$0].flex }.min { columns[$0].priority < columns[$1].priority } ?? keep.last!
            keep.removeAll { $0 == drop }
        }
        let spare = max(0, width - needed(keep))
        return keep.map { i in (i, columns[i].width + (columns[i].flex ? spare : 0)) }
    }

    public func drawHeader(_ buf: inout ScreenBuffer, x: Int, y: Int, width: Int) {
        var cx = x + 1
        for (i, w) in fit(width: width) {
            let c = columns[i]
            buf.put(TerminalText.fit(c.title, w, right: c.align == .right), x: cx, y: y, maxWidth: w, role: .header)
            cx += w + 1
        }
    }

    public func drawRow(_ buf: inout ScreenBuffer, _ row: TableRow, x: Int, y: Int, width: Int, selectedRole: Role?) {
        buf.fill(Rect(x: x, y: y, width: width, height: 1), role: selectedRole ?? row.role)
        buf.put(row.marker, x: x, y: y, maxWidth: 1, role: selectedRole ?? .marker)
        var cx = x + 1
        for (i, w) in fit(width: width) {
            let text = i < row.cells.count ? row.cells[i] : ""
            let role = selectedRole ?? ((i < row.roles.count ? row.roles[i] : nil) ?? row.role)
            // Right-aligned columns hold figures: a figure too wide is shortened, never clipped to wrong digits.
            let right = columns[i].align == .right
            buf.put(
                TerminalText.fit(right ? Format.fitNumber(text, width: w) : text, w, right: right), x: cx, y: y,
                maxWidth: w, role: role)
            cx += w + 1
        }
    }
}
