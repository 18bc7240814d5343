import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import TestSupport
import XCTest

@testable import CrisisUI

/// The line mode's editor, keys and Tab, on bytes: what a terminal would show, and that nothing but text,
/// carriage return, backspace and spaces is ever written.
final class LineEditorTests: XCTestCase {
    /// A teletype: prints characters, goes back on BS and to the start on CR. What it shows is the editor's row.
    private struct Teletype {
        var row: [Character] = []
        var col = 0
        var lines: [String] = []
        mutating func write(_ s: String) {
            for c in s {
                switch c {
                case "\r": col = 0
                case "\u{8}": col = max(0, col - 1)
                case "\n":
                    lines.append(String(row))
                    row = []
                    col = 0
                default:
                    XCTAssertFalse(
                        c.unicodeScalars.contains {
                            $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value)
                        },
                        "only text, CR, BS and LF: got \(c.unicodeScalars.map { $0.value })")
                    while row.count <= col { row.append(" ") }
                    row[col] = c
                    col += 1
                }
            }
        }
        var shown: String { String(row).replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
    }

    private func type(_ keys: [EditKey], into ed: inout LineEditor, _ tty: inout Teletype) -> [EditResult] {
        keys.map { k in
            var out = ""
            let r = ed.feed(k, out: &out)
            tty.write(out)
            return r
        }
    }

    func testEditingMidLineShowsTheLineAsTyped() {
        var ed = LineEditor(prompt: "crisiscell> ", columns: 80)
        var tty = Teletype()
        tty.write(ed.show())
        _ = type([.text("tick 4")], into: &ed, &tty)
        XCTAssertEqual(tty.shown, "crisiscell> tick 4")
        _ = type([.left, .text("lebanon "), .end, .backspace, .text("5")], into: &ed, &tty)
        XCTAssertEqual(tty.shown, "crisiscell> tick lebanon 5")
        XCTAssertEqual(tty.col, "crisiscell> tick lebanon 5".count, "the cursor is at the end")
        _ = type([.home, .killToEnd], into: &ed, &tty)
        XCTAssertEqual(tty.shown, "crisiscell>")
        XCTAssertEqual(ed.line, "")
    }

    func testEnterGivesTheLineAndHistoryBringsItBack() {
        var ed = LineEditor(prompt: "> ", columns: 80)
        var tty = Teletype()
        let results = type([.text("crises"), .enter], into: &ed, &tty)
        XCTAssertEqual(results.last, .line("crises"))
        XCTAssertEqual(tty.lines.last, "> crises")
        tty.write(ed.show())
        _ = type([.text("countr"), .up], into: &ed, &tty)
        XCTAssertEqual(tty.shown, "> crises")
        _ = type([.down], into: &ed, &tty)
        XCTAssertEqual(tty.shown, "> countr", "down past the newest gives back what was being typed")
        XCTAssertEqual(ed.history, ["crises"])
    }

    func testALineWiderThanTheTerminalScrollsSidewaysOnOneRow() {
        var ed = LineEditor(prompt: "crisiscell> ", columns: 40)
        var tty = Teletype()
        tty.write(ed.show())
        let long = "log " + String(repeating: "word ", count: 20)
        _ = type([.text(long)], into: &ed, &tty)
        XCTAssertLessThan(tty.shown.count, 40, "never reaches the last column: \(tty.shown)")
        XCTAssertTrue(tty.shown.hasPrefix("crisiscell> <"), tty.shown)
        XCTAssertTrue(tty.lines.isEmpty, "no line break while typing")
        _ = type([.home], into: &ed, &tty)
        XCTAssertTrue(tty.shown.hasPrefix("crisiscell> log word"), tty.shown)
        let r = type([.enter], into: &ed, &tty)
        XCTAssertEqual(r.last, .line(long))
    }

    func testWideCharactersKeepTheCursorInItsColumn() {
        var ed = LineEditor(prompt: "> ", columns: 80)
        var tty = Teletype()
        _ = type([.text("find ঢাকা 東京"), .left, .left, .backspace], into: &ed, &tty)
        XCTAssertEqual(ed.line, "find ঢাকা東京")
    }

    func testHidingForAnAnnouncementAndShowingAgainKeepsTheTypedText() {
        var ed = LineEditor(prompt: "crisiscell> ", columns: 80)
        var tty = Teletype()
        tty.write(ed.show())
        _ = type([.text("log half typed")], into: &ed, &tty)
        tty.write(ed.hide() + "03:12, karim raised Kuwait to alert level 2\n" + ed.show())
        XCTAssertEqual(tty.lines.last, "03:12, karim raised Kuwait to alert level 2")
        XCTAssertEqual(tty.shown, "crisiscell> log half typed")
        _ = type([.text(" words")], into: &ed, &tty)
        XCTAssertEqual(type([.enter], into: &ed, &tty).last, .line("log half typed words"))
    }

    func testInterruptDropsTheLineAndEndOfInputOnAnEmptyLineQuits() {
        var ed = LineEditor(prompt: "> ", columns: 80)
        var tty = Teletype()
        _ = type([.text("alert LB 4"), .interrupt], into: &ed, &tty)
        XCTAssertEqual(ed.line, "")
        XCTAssertEqual(tty.lines.last, "> alert LB 4^C")
        XCTAssertEqual(type([.endOfInput], into: &ed, &tty).last, .endOfInput)
    }

    func testTheDecoderReadsArrowsAcrossReadsAndDropsUnknownSequences() {
        var d = KeyDecoder()
        XCTAssertEqual(d.feed(Array("ab\u{1b}[".utf8)), [.text("ab")])
        XCTAssertTrue(d.isWaiting)
        XCTAssertEqual(d.feed(Array("D".utf8)), [.left])
        XCTAssertEqual(d.feed(Array("\u{1b}OA\u{1b}[3~\u{1b}[15~x\r\n".utf8)), [.up, .delete, .text("x"), .enter])
        XCTAssertEqual(d.feed([0xe0, 0xa6]), [], "half a Bengali letter waits")
        XCTAssertEqual(d.feed([0xa2]), [.text("ঢ")])
        XCTAssertEqual(
            d.feed([0x7f, 0x09, 0x03, 0x04, 0x15, 0x17]),
            [.backspace, .tab, .interrupt, .endOfInput, .killToStart, .killWord])
    }

    func testTabCompletesCommandsCountriesAndKinds() {
        let world = DemoWorld.store(now: fixedNow).world
        let names = CountryNames.load()
        func complete(_ line: String) -> PlainCompletion.Result {
            PlainCompletion.complete(Array(line), cursor: line.count, world: world, names: names)
        }
        XCTAssertEqual(complete("che").replacement, "checklist ")
        XCTAssertEqual(complete("count Sau").replacement, "Saudi Arabia ")
        XCTAssertEqual(complete("count Saudi Arabia --aff").replacement, "--affected ")
        XCTAssertEqual(complete("crisis lb").replacement, "lb-escalation ")
        XCTAssertEqual(complete("help ale").replacement, "alert")
        let many = complete("co")
        XCTAssertNil(many.replacement.flatMap { $0.count > 2 ? nil : $0 })
        XCTAssertTrue(many.candidates.contains("count") && many.candidates.contains("contacts"), "\(many.candidates)")
    }
}
