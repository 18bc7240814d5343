/// Tab stops where a frame's changes begin on many rows (a column of figures, a table's column): the cursor then
/// reaches such a column in one byte (HT) from its left, where a move costs three to five. On a 200x60 terminal
/// a crisis switch redraws the same few columns of two dozen contact rows; tabs take a quarter off its bytes.
extension FrameEncoder {
    /// Rows on which changes must begin at a column before it is worth a stop (setting one costs a move and two
    /// bytes; each use saves two or more).
    static let rowsForTabStop = 4
    /// More stops than this and they are cleared and set afresh: each stop passed costs a tab.
    static let mostTabStops = 24
    /// No stop at or past this column: the Linux console keeps stops for its first 256 columns only.
    static let tabStopColumns = 256

    /// Sets stops at the columns where the changes from `old` to `next` begin on `rowsForTabStop` rows or more,
    /// keeping the stops already set while there is room for them.
    mutating func planTabStops(_ next: ScreenBuffer, _ old: ScreenBuffer) {
        let w = next.width
        var starts = [Int](repeating: 0, count: w)
        for y in 0..<next.height {
            let base = y * w
            var inRun = true // column 0 needs no stop: a carriage return reaches it
            for x in 0..<w where !next.cells[base + x].isContinuation {
                let changed = next.cells[base + x] != old.cells[base + x]
                if changed && !inRun { starts[x] += 1 }
                inRun = changed
            }
        }
        var wanted = (1..<max(1, min(w, Self.tabStopColumns))).filter { starts[$0] >= Self.rowsForTabStop }
        if wanted.count > Self.mostTabStops {
            wanted = Array(wanted.sorted { starts[$0] > starts[$1] }.prefix(Self.mostTabStops)).sorted()
        }
        var known = stops ?? []
        let missing = wanted.filter { !known.contains($0) }
        guard !missing.isEmpty else { return }
        var setting = missing
        if stops == nil || known.count + missing.count > Self.mostTabStops {
            append("\u{1b}[3g")
            known = []
            setting = wanted
        }
        // Set while the stops are in flux, the moves to each use none.
        stops = []
        let row = cursor?.y ?? 0
        for x in setting {
            append(Self.cheapestMove(from: cursor, to: (x, row)))
            append("\u{1b}H")
            cursor = (x, row)
        }
        stops = (known + setting).sorted()
        changedTabStops = true
    }

    /// Tabs from column `from` to the last stop at or before `to`, then a move over the rest; nil when no stop
    /// lies between. A tab only moves the cursor: what it passes stays as it was.
    static func tabs(from: Int, to: Int, stops: [Int]) -> String? {
        var count = 0
        var last = from
        for s in stops where s > from && s <= to {
            count += 1
            last = s
        }
        guard count > 0 else { return nil }
        let rest = to - last
        return String(repeating: "\t", count: count) + (rest == 0 ? "" : rest == 1 ? "\u{1b}[C" : "\u{1b}[\(rest)C")
    }

    /// The bytes that put a terminal's tab stops back every `every` columns (terminfo's `it`, 8 everywhere), as a
    /// shell expects them, for terminals up to `width` columns wide. The cursor ends on its row, column unknown.
    /// Only columns on screen can be reached: a terminal widened later has no stops past today's width (as after
    /// `tabs` or `reset`), and one narrower than `width` gets a harmless stop at its last column.
    public static func defaultTabStops(every: Int = 8, width: Int = 1024) -> [UInt8] {
        var s = "\u{1b}[3g\r"
        for _ in stride(from: every, to: width, by: every) { s += "\u{1b}[\(every)C\u{1b}H" }
        return Array(s.utf8)
    }
}
