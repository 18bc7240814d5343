import Foundation

/// A key the line editor acts on, decoded from the bytes a terminal sends.
public enum EditKey: Equatable, Sendable {
    case text(String)
    case enter, backspace, delete, left, right, home, end, up, down, tab
    case killToEnd, killToStart, killWord, redraw, interrupt, endOfInput
}

/// What a key came to.
public enum EditResult: Equatable, Sendable {
    case editing
    /// A whole line was entered (and is already in the history).
    case line(String)
    /// Ctrl-D on an empty line.
    case endOfInput
    /// Tab: the runner works out completions and calls `complete`.
    case complete
}

/// The line mode's line editor: history, the arrows, Ctrl-A/E/K/U/W, and a line that scrolls sideways when it
/// is longer than the terminal is wide. It draws with nothing but printable text, carriage return, backspace
/// and spaces: no escape sequence at all, so a dumb terminal, a braille display or a screen reader's echo sees
/// exactly the characters typed and never a cursor-addressing code.
public struct LineEditor {
    public var prompt: String
    /// Columns of the terminal; the line never reaches the last one (no terminal then wraps or scrolls).
    public var columns: Int
    public private(set) var text: [Character] = []
    public private(set) var cursor = 0
    public private(set) var history: [String] = []
    private var historyIndex: Int?
    private var draft: [Character] = []
    /// The first character shown when the line scrolls sideways.
    private var scroll = 0
    /// What the terminal shows now on this row, and the column its cursor is at.
    private var shown: [String] = []
    private var shownCursor = 0

    public static let historyLimit = 500

    public init(prompt: String, columns: Int, history: [String] = []) {
        self.prompt = prompt
        self.columns = max(20, columns)
        self.history = Array(history.suffix(Self.historyLimit))
    }

    public var line: String { String(text) }

    /// Feeds one key; the bytes to write go to `out`.
    public mutating func feed(_ key: EditKey, out: inout String) -> EditResult {
        switch key {
        case .text(let s):
            let chars = Array(s).filter { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
            text.insert(contentsOf: chars, at: cursor)
            cursor += chars.count
        case .backspace:
            if cursor > 0 {
                text.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < text.count { text.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        case .killToEnd: text.removeSubrange(cursor...)
        case .killToStart:
            text.removeSubrange(..<cursor)
            cursor = 0
        case .killWord:
            var i = cursor
            while i > 0, text[i - 1] == " " { i -= 1 }
            while i > 0, text[i - 1] != " " { i -= 1 }
            text.removeSubrange(i..<cursor)
            cursor = i
        case .up: recall(-1)
        case .down: recall(+1)
        case .tab: return .complete
        case .redraw:
            out += "\n"
            shown = []
            shownCursor = 0
        case .interrupt:
            // As a shell does: the line is dropped, and a fresh prompt starts under it.
            out += clearing() + prompt + String(text) + "^C\n"
            text = []
            cursor = 0
            historyIndex = nil
            scroll = 0
            shown = []
            shownCursor = 0
        case .endOfInput:
            if text.isEmpty {
                out += "\n"
                shown = []
                shownCursor = 0
                return .endOfInput
            }
            if cursor < text.count { text.remove(at: cursor) }
        case .enter:
            let entered = String(text)
            // The whole line shows as typed before the answer comes under it.
            scroll = 0
            out += draw(full: true) + "\n"
            shown = []
            shownCursor = 0
            text = []
            cursor = 0
            historyIndex = nil
            scroll = 0
            let trimmed = entered.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && history.last != trimmed {
                history.append(trimmed)
                if history.count > Self.historyLimit { history.removeFirst() }
            }
            return .line(entered)
        }
        out += draw()
        return .editing
    }

    /// Replaces the word before the cursor (from `start`) with a completion.
    public mutating func replace(from start: Int, with completion: String, out: inout String) {
        let s = max(0, min(start, cursor))
        text.replaceSubrange(s..<cursor, with: Array(completion))
        cursor = s + completion.count
        out += draw()
    }

    /// Takes the line off the screen, so whole lines (an announcement, completions) can be printed in its place.
    public mutating func hide() -> String {
        let bytes = clearing()
        shown = []
        shownCursor = 0
        return bytes
    }

    /// Puts the prompt and the text typed so far back, after `hide`.
    public mutating func show() -> String { draw() }

    private func clearing() -> String {
        guard !shown.isEmpty else { return "" }
        return "\r" + String(repeating: " ", count: shown.reduce(0) { $0 + width($1) }) + "\r"
    }

    private mutating func recall(_ step: Int) {
        guard !history.isEmpty else { return }
        var i = historyIndex ?? history.count
        if historyIndex == nil { draft = text }
        i = min(max(0, i + step), history.count)
        historyIndex = i == history.count ? nil : i
        text = i == history.count ? draft : Array(history[i])
        cursor = text.count
    }

    /// The row as it should be: the prompt and the part of the line around the cursor, "<" marking text scrolled
    /// off to the left. Only what differs from the row shown is written.
    private mutating func draw(full: Bool = false) -> String {
        let promptCells = prompt.map { String($0) }
        let room = max(4, columns - 1 - promptCells.reduce(0) { $0 + width($1) })
        let cells = text.map { String($0) }
        var visible: [String]
        var cursorCol: Int
        if full || cells.reduce(0, { $0 + width($1) }) < room {
            scroll = 0
            visible = cells
            cursorCol = cells[..<cursor].reduce(0) { $0 + width($1) }
        } else {
            // Keep the cursor inside the window, a few characters from its edges.
            if cursor < scroll + 1 { scroll = max(0, cursor - room / 3) }
            while cells[scroll..<cursor].reduce(0, { $0 + width($1) }) > room - 2 { scroll += 1 }
            visible = scroll > 0 ? ["<"] : []
            var used = visible.count
            cursorCol = used + cells[scroll..<cursor].reduce(0) { $0 + width($1) }
            for c in cells[scroll...] {
                if used + width(c) > room { break }
                visible.append(c)
                used += width(c)
            }
        }
        let row = promptCells + visible
        let target = promptCells.reduce(0) { $0 + width($1) } + cursorCol
        var out = ""
        if full {
            out = clearing() + row.joined()
            shown = row
            shownCursor = row.reduce(0) { $0 + width($1) }
            return out
        }
        // The first cell that differs; the cursor goes back to it, and everything after is written again.
        var same = 0
        while same < min(row.count, shown.count), row[same] == shown[same] { same += 1 }
        let sameCol = row[..<same].reduce(0) { $0 + width($1) }
        if same == row.count && same == shown.count {
            out += move(from: shownCursor, to: target, in: row)
        } else {
            out += move(from: shownCursor, to: sameCol, in: shown)
            let tail = row[same...].joined()
            out += tail
            let newEnd = sameCol + width(tail)
            let oldEnd = shown.reduce(0) { $0 + width($1) }
            var at = newEnd
            if oldEnd > newEnd {
                out += String(repeating: " ", count: oldEnd - newEnd)
                at = oldEnd
            }
            out += move(from: at, to: target, in: row)
        }
        shown = row
        shownCursor = target
        return out
    }

    /// Moves the cursor along the row: back with backspaces, forward by writing again what is there.
    private func move(from: Int, to: Int, in row: [String]) -> String {
        if to == from { return "" }
        if to < from {
            // Over many columns a carriage return and the start of the row again is cheaper.
            if from - to > to + 4 { return "\r" + prefix(row, columns: to) }
            return String(repeating: "\u{8}", count: from - to)
        }
        var col = 0
        var out = ""
        for c in row {
            if col >= to { break }
            if col >= from { out += c }
            col += width(c)
        }
        return out + String(repeating: " ", count: max(0, to - col))
    }

    private func prefix(_ row: [String], columns n: Int) -> String {
        var col = 0
        var out = ""
        for c in row {
            if col + width(c) > n { break }
            out += c
            col += width(c)
        }
        return out
    }

    private func width(_ s: String) -> Int { TerminalText.width(s) }
}
