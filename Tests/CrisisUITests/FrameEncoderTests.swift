import XCTest

@testable import CrisisUI

/// The direct writer's bytes, played on a model of an ECMA-48 terminal, must leave exactly the frame on screen:
/// every character, and every colour and attribute that shows (a space shows its background only).
final class FrameEncoderTests: XCTestCase {
    func testRandomFramesPlayBackExactlyOnEveryKindOfTerminal() {
        var rng = SeededGenerator(seed: 24)
        let kinds: [EncoderAbilities] = [
            EncoderAbilities(colors: 256, backColorErase: true, eraseCharacters: true, lastCellSafe: true),
            EncoderAbilities(
                colors: 256, backColorErase: true, eraseCharacters: true, lastCellSafe: true, lineFeedMovesDown: true),
            EncoderAbilities(colors: 16, backColorErase: false, eraseCharacters: true, lastCellSafe: true),
            EncoderAbilities(colors: 8, backColorErase: true, eraseCharacters: false, lastCellSafe: true),
            EncoderAbilities(colors: 0, backColorErase: false, eraseCharacters: false, lastCellSafe: true),
            EncoderAbilities(colors: 256, backColorErase: true, eraseCharacters: true, lastCellSafe: false),
        ]
        for abilities in kinds {
            playBack(abilities, rounds: 40, steps: 6, width: 34, height: 7, &rng, frame: Self.frame)
        }
    }

    /// Frames like a crisis switch (the same few columns change on many rows) on terminals whose tab stops the
    /// encoder sets: every frame still plays back exactly, and tabs did the moving.
    func testTableFramesPlayBackExactlyWithTabStops() {
        var rng = SeededGenerator(seed: 25)
        let kinds: [EncoderAbilities] = [
            EncoderAbilities(
                colors: 256, backColorErase: true, eraseCharacters: true, lastCellSafe: true, tabStops: true),
            EncoderAbilities(
                colors: 256, backColorErase: true, eraseCharacters: true, lastCellSafe: true, lineFeedMovesDown: true,
                tabStops: true),
            EncoderAbilities(
                colors: 8, backColorErase: false, eraseCharacters: false, lastCellSafe: false, tabStops: true),
        ]
        for abilities in kinds {
            let tabs = playBack(abilities, rounds: 30, steps: 8, width: 48, height: 14, &rng, frame: Self.tableFrame)
            XCTAssertGreaterThan(tabs, 100, "the stops were set and used")
        }
    }

    /// Plays `rounds` runs of `steps` frames on a model terminal; each must leave exactly its frame on screen.
    /// Returns how many tabs moved the cursor.
    @discardableResult
    private func playBack(
        _ abilities: EncoderAbilities, rounds: Int, steps: Int, width: Int, height: Int,
        _ rng: inout SeededGenerator,
        frame: (inout SeededGenerator, Int, Int, ScreenBuffer?) -> ScreenBuffer
    ) -> Int {
        var tabs = 0
        for round in 0..<rounds {
            let pens = Self.pens(&rng, colors: abilities.colors)
            var encoder = FrameEncoder(abilities: abilities)
            var terminal = ModelTerminal(width: width, height: height, abilities: abilities)
            var previous: ScreenBuffer?
            for step in 0..<steps {
                let next = frame(&rng, width, height, previous)
                terminal.play(encoder.encode(next, previous: previous, pens: { pens[$0]! }))
                let wrong = terminal.differences(from: next, pens: pens, skippingLastCell: !abilities.lastCellSafe)
                XCTAssertEqual(wrong.count, 0, "colours \(abilities.colors), round \(round), frame \(step)")
                if !wrong.isEmpty {
                    print(wrong.prefix(5))
                    return tabs
                }
                previous = next
            }
            tabs += terminal.tabsPlayed
        }
        return tabs
    }

    /// Changes beginning at the same two columns on six rows: stops are set there once (cleared first, as the
    /// terminal's own are unknown), tabs reach them, and the next such frame sets nothing and costs less than
    /// it would without tabs.
    func testStopsAreSetWhereChangesBeginOnManyRowsAndKept() {
        let tabbed = EncoderAbilities(
            colors: 0, backColorErase: false, eraseCharacters: false, lastCellSafe: true, lineFeedMovesDown: true,
            tabStops: true)
        var plain = tabbed
        plain.tabStops = false
        var a = ScreenBuffer(width: 40, height: 8)
        for y in 1...6 { a.put("row \(y)", x: 0, y: y) }
        func changed(_ base: ScreenBuffer, _ mark: String) -> ScreenBuffer {
            var f = base
            for y in 1...6 {
                f.put(mark, x: 12, y: y)
                f.put(mark, x: 30, y: y)
            }
            return f
        }
        let b = changed(a, "ab")
        let c = changed(b, "cd")
        var encoder = FrameEncoder(abilities: tabbed)
        var terminal = ModelTerminal(width: 40, height: 8, abilities: tabbed)
        terminal.play(encoder.encode(a, previous: nil, pens: { _ in Pen.plain }))
        let first = String(decoding: encoder.encode(b, previous: a, pens: { _ in Pen.plain }), as: UTF8.self)
        terminal.play(Array(first.utf8))
        XCTAssertTrue(first.hasPrefix("\u{1b}[3g"), first.debugDescription)
        XCTAssertEqual(terminal.tabStops, [12, 30])
        XCTAssertTrue(encoder.changedTabStops)
        let second = encoder.encode(c, previous: b, pens: { _ in Pen.plain })
        terminal.play(second)
        XCTAssertEqual(terminal.differences(from: c, pens: [.normal: Pen.plain]), [])
        XCTAssertFalse(String(decoding: second, as: UTF8.self).contains("\u{1b}H"), "no stop set again")
        var without = FrameEncoder(abilities: plain)
        _ = without.encode(a, previous: nil, pens: { _ in Pen.plain })
        _ = without.encode(b, previous: a, pens: { _ in Pen.plain })
        let untabbed = without.encode(c, previous: b, pens: { _ in Pen.plain })
        XCTAssertLessThan(second.count, untabbed.count * 2 / 3, "tabs: \(second.count) B, moves: \(untabbed.count) B")
        // After a resize the terminal's stops are not trusted: they are cleared and set again before a tab.
        encoder.forget()
        let again = String(decoding: encoder.encode(b, previous: c, pens: { _ in Pen.plain }), as: UTF8.self)
        XCTAssertTrue(again.hasPrefix("\u{1b}[3g"), again.debugDescription)
    }

    /// What the console writes on leaving puts the stops back every 8 columns, as a shell expects them.
    func testDefaultStopsAreRestored() {
        let tabbed = EncoderAbilities(
            colors: 0, backColorErase: false, eraseCharacters: false, lastCellSafe: true, tabStops: true)
        var terminal = ModelTerminal(width: 100, height: 3, abilities: tabbed)
        terminal.play(Array("\u{1b}[3g\u{1b}[1;13H\u{1b}H".utf8))
        XCTAssertEqual(terminal.tabStops, [12])
        terminal.play(FrameEncoder.defaultTabStops())
        // As on a real terminal narrower than the 1,024 columns the bytes are made for, the moves stop at the last
        // column and a stop is set there too (a tab from the columns before it lands there anyway).
        XCTAssertEqual(terminal.tabStops, Set(stride(from: 8, to: 100, by: 8)).union([99]))
    }

    /// Turning bold off is SGR 22 alone: the painted background is not sent again (ncurses sends SGR 0 and then
    /// both colours), and a colour that does not change is not sent at all.
    func testTurningAnAttributeOffSendsOnlyThat() {
        var encoder = FrameEncoder(
            abilities: EncoderAbilities(colors: 256, backColorErase: true, eraseCharacters: true, lastCellSafe: true))
        var a = ScreenBuffer(width: 10, height: 1)
        a.put("ab", x: 0, y: 0, role: .total)
        let pens: [Role: Pen] = [
            .normal: Pen(fg: 252, bg: 234), .total: Pen(fg: 252, bg: 234, attrs: .bold),
        ]
        _ = encoder.encode(a, previous: nil, pens: { pens[$0] ?? Pen(fg: 252, bg: 234) })
        var b = a
        b.put("cd", x: 2, y: 0)
        let bytes = encoder.encode(b, previous: a, pens: { pens[$0] ?? Pen(fg: 252, bg: 234) })
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\u{1b}[22mcd")
    }

    func testTheCheapestMoveIsChosen() {
        XCTAssertEqual(FrameEncoder.cheapestMove(from: nil, to: (4, 2)), "\u{1b}[3;5H")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (30, 2), to: (0, 3)), "\u{1b}[4H")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (90, 9), to: (8, 10)), "\u{1b}[11;9H")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (100, 19), to: (95, 20)), "\u{1b}[B\u{1b}[5D")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (90, 9), to: (8, 10), lineFeed: true), "\n\u{1b}[9G")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (12, 9), to: (10, 10), lineFeed: true), "\n\u{1b}[2D")
        let stops = [20, 41, 70]
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (25, 4), to: (70, 4), stops: stops), "\t\t")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (25, 4), to: (72, 4), stops: stops), "\u{1b}[47C")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (90, 4), to: (20, 5), lineFeed: true, stops: stops), "\n\r\t")
        XCTAssertEqual(FrameEncoder.cheapestMove(from: (25, 4), to: (30, 4), stops: stops), "\u{1b}[5C")
    }

    /// A control character in a cell (which sanitising should have made impossible) never reaches the terminal,
    /// neither when its cell is drawn nor when it is written again to move the cursor past it.
    func testAControlCharacterInACellIsNeverWritten() {
        var encoder = FrameEncoder(
            abilities: EncoderAbilities(colors: 0, backColorErase: false, eraseCharacters: false, lastCellSafe: true))
        var frame = ScreenBuffer(width: 4, height: 1)
        frame.fill(Rect(x: 1, y: 0, width: 1, height: 1), with: "\u{1b}")
        let bytes = encoder.encode(frame, previous: nil, pens: { _ in Pen.plain })
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\u{1b}[m\u{1b}[H\u{1b}[2J ?")
        var next = frame
        next.put("a", x: 0, y: 0)
        next.put("b", x: 2, y: 0)
        let again = String(decoding: encoder.encode(next, previous: frame, pens: { _ in Pen.plain }), as: UTF8.self)
        XCTAssertEqual(again, "\ra?b")
    }

    // MARK: - Random frames

    /// A frame whose changes, like a table's, fall at a few columns on many rows.
    static func tableFrame(_ rng: inout SeededGenerator, width: Int, height: Int, basis: ScreenBuffer?)
        -> ScreenBuffer
    {
        var f = frame(&rng, width: width, height: height, basis: basis)
        let columns = [5, 14, 23, 37]
        for y in 0..<height where Int.random(in: 0..<4, using: &rng) > 0 {
            for x in columns where Bool.random(using: &rng) {
                f.put(words.randomElement(using: &rng)!, x: x, y: y, role: roles.randomElement(using: &rng)!)
            }
        }
        return f
    }

    static let roles: [Role] = [.normal, .muted, .cursor, .total, .changed, .border, .title]
    static let words = ["Dhaka", "漢字", "বাংলা", "دبي", "ok", "  ", "▲4", "L3 ▮▮▮", "12,345", "x"]

    static func pens(_ rng: inout SeededGenerator, colors: Int) -> [Role: Pen] {
        var out: [Role: Pen] = [:]
        let choices: [Attributes] = [[], .bold, .underline, .reverse, [.bold, .underline], .dim, .italic]
        for role in Role.allCases {
            let fg = colors == 0 ? -1 : Int.random(in: -1..<min(colors, 256), using: &rng)
            let bg = colors == 0 ? -1 : [-1, 0, 4, min(colors - 1, 234)].randomElement(using: &rng)!
            out[role] = Pen(fg: fg, bg: bg, attrs: choices.randomElement(using: &rng)!)
        }
        return out
    }

    static func frame(_ rng: inout SeededGenerator, width: Int, height: Int, basis: ScreenBuffer?) -> ScreenBuffer {
        var f = basis ?? ScreenBuffer(width: width, height: height)
        let edits = basis == nil ? 30 : Int.random(in: 0...8, using: &rng)
        if Bool.random(using: &rng) {
            f.placeCursor(x: Int.random(in: 0..<width, using: &rng), y: Int.random(in: 0..<height, using: &rng))
        }
        for _ in 0..<edits {
            let x = Int.random(in: -1..<width, using: &rng)
            let y = Int.random(in: 0..<height, using: &rng)
            let role = roles.randomElement(using: &rng)!
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                let w = Int.random(in: 1...width, using: &rng)
                f.fill(Rect(x: max(0, x), y: y, width: w, height: 1), role: role)
            case 1: f.paint(Rect(x: max(0, x), y: y, width: Int.random(in: 1...12, using: &rng), height: 1), role: role)
            default: f.put(words.randomElement(using: &rng)!, x: x, y: y, role: role)
            }
        }
        return f
    }
}

/// Enough of an ECMA-48 terminal to play what the encoder writes: CUP, CUU/CUD/CUF/CUB, CHA, ECH, EL, ED,
/// SGR, CR and LF (as a plain line feed), HT, HTS and TBC (stops every 8 columns at first, as a real one), and
/// text, with autowrap off.
struct ModelTerminal {
    struct Shown: Equatable {
        var text = " "
        var pen = Pen.plain
    }
    let width: Int
    let height: Int
    let abilities: EncoderAbilities
    var grid: [Shown]
    var x = 0
    var y = 0
    var pen = Pen.plain
    /// A character was written in the last column: the next one would wrap (xenl), which the encoder must avoid.
    var wrapHeld = false
    var tabStops: Set<Int>
    /// Tabs written: tests check that the stops were used.
    var tabsPlayed = 0

    init(width: Int, height: Int, abilities: EncoderAbilities) {
        self.width = width
        self.height = height
        self.abilities = abilities
        grid = Array(repeating: Shown(), count: width * height)
        tabStops = Set(stride(from: 8, to: width, by: 8))
    }

    mutating func play(_ bytes: [UInt8]) {
        var i = 0
        var text: [UInt8] = []
        func flush(_ t: inout ModelTerminal) {
            guard !text.isEmpty else { return }
            for cell in TerminalText.cells(String(decoding: text, as: UTF8.self)) {
                if t.wrapHeld || t.x + cell.width > t.width {
                    XCTFail("wrote past the last column of row \(t.y): the real terminal would wrap or scroll")
                    break
                }
                t.grid[t.y * t.width + t.x] = Shown(text: cell.text, pen: t.pen)
                if cell.width == 2 { t.grid[t.y * t.width + t.x + 1] = Shown(text: "", pen: t.pen) }
                t.wrapHeld = t.x + cell.width == t.width
                t.x = min(t.width - 1, t.x + cell.width)
            }
            text.removeAll()
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1b, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") {
                flush(&self)
                var j = i + 2
                while j < bytes.count, !(0x40...0x7e).contains(bytes[j]) { j += 1 }
                let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                control(params, final: bytes[j])
                i = j + 1
            } else if b == 0x1b, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "H") {
                flush(&self)
                tabStops.insert(x)
                i += 2
            } else if b == 0x09 {
                flush(&self)
                if !abilities.tabStops { XCTFail("a tab written to a terminal whose tabs are not known") }
                wrapHeld = false
                tabsPlayed += 1
                x = (x + 1..<width).first { tabStops.contains($0) } ?? width - 1
                i += 1
            } else if b == 0x0d {
                flush(&self)
                x = 0
                i += 1
            } else if b == 0x0a {
                flush(&self)
                if y == height - 1 { XCTFail("a line feed on the last row scrolls the screen") }
                y = min(height - 1, y + 1)
                i += 1
            } else {
                text.append(b)
                i += 1
            }
        }
        flush(&self)
    }

    private mutating func control(_ params: String, final: UInt8) {
        wrapHeld = false
        let n = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        let first = max(1, n.first ?? 1)
        switch Character(Unicode.Scalar(final)) {
        case "H":
            y = max(1, n.first ?? 1) - 1
            x = n.count > 1 ? max(1, n[1]) - 1 : 0
        case "A": y = max(0, y - first)
        case "B": y = min(height - 1, y + first)
        case "C": x = min(width - 1, x + first)
        case "D": x = max(0, x - first)
        case "G": x = first - 1
        case "X": erase(from: y * width + x, count: min(first, width - x))
        case "K": erase(from: y * width + x, count: width - x)
        case "J": erase(from: 0, count: width * height)
        case "m": sgr(n)
        case "g" where params == "3": tabStops = []
        default: XCTFail("unexpected control \(params)\(Character(Unicode.Scalar(final)))")
        }
    }

    private mutating func erase(from i: Int, count: Int) {
        let bg = abilities.backColorErase ? pen.bg : -1
        for k in i..<(i + count) { grid[k] = Shown(text: " ", pen: Pen(bg: bg)) }
    }

    private mutating func sgr(_ n: [Int]) {
        var k = 0
        let attrs: [Int: Attributes] = [1: .bold, 2: .dim, 3: .italic, 4: .underline, 7: .reverse]
        while k < n.count {
            let p = n[k]
            switch p {
            case 0: pen = Pen.plain
            case 22: pen.attrs.subtract([.bold, .dim])
            case 23: pen.attrs.remove(.italic)
            case 24: pen.attrs.remove(.underline)
            case 27: pen.attrs.remove(.reverse)
            case 30...37: pen.fg = p - 30
            case 39: pen.fg = -1
            case 40...47: pen.bg = p - 40
            case 49: pen.bg = -1
            case 90...97: pen.fg = p - 90 + 8
            case 100...107: pen.bg = p - 100 + 8
            case 38, 48:
                if p == 38 { pen.fg = n[k + 2] } else { pen.bg = n[k + 2] }
                k += 2
            default:
                if let a = attrs[p] { pen.attrs.insert(a) } else { XCTFail("unexpected SGR \(p)") }
            }
            k += 1
        }
    }

    /// Cells that do not look as the frame says, described.
    func differences(from frame: ScreenBuffer, pens: [Role: Pen], skippingLastCell: Bool = false) -> [String] {
        var out: [String] = []
        if let at = frame.cursor, at.x != x || at.y != y { out.append("cursor at (\(x),\(y)), not at \(at)") }
        for y in 0..<height {
            for x in 0..<width {
                let want = frame[x, y]
                let got = grid[y * width + x]
                if want.isContinuation { continue }
                if skippingLastCell && y == height - 1 && x + max(1, Int(want.width)) >= width { continue }
                let p = pens[want.role]!
                let same =
                    want.text == " " && got.text == " "
                    ? Self.shownBackground(p) == Self.shownBackground(got.pen)
                        && p.attrs.contains(.underline) == got.pen.attrs.contains(.underline)
                    : want.text == got.text && p == got.pen
                if !same { out.append("(\(x),\(y)) want \(want.text) \(p), got \(got.text) \(got.pen)") }
            }
        }
        return out
    }

    static func shownBackground(_ p: Pen) -> Int { p.attrs.contains(.reverse) ? p.fg : p.bg }
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
