import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import TestSupport
import XCTest

@testable import CrisisUI

/// The terminal's cursor rests on the focus (the selected row of the focused pane, the field being typed in,
/// the open dialog) so that a screen reader's review cursor and a magnifier follow what the operator works on.
final class CursorPositionTests: XCTestCase {
    /// The cursor's row is the highlighted one, it holds `text`, and the cell under the cursor is the row's marker.
    private func assertCursorOnSelectedRow(
        _ h: ScreenHarness, holding text: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        let buf = h.render()
        guard let at = buf.cursor else { return XCTFail("no cursor placed", file: file, line: line) }
        let row = buf.rowText(at.y)
        XCTAssertTrue(
            text.map(row.contains) ?? true, "cursor row \(at.y) is '\(row)', not the one with \(text ?? "")",
            file: file, line: line)
        XCTAssertEqual(
            buf[at.x + 1, at.y].role, .cursor, "the cursor's row is the highlighted one", file: file, line: line)
        XCTAssertTrue(
            ["▸", "•", "⚑"].contains(buf[at.x, at.y].text), "the cursor sits on the row's marker", file: file,
            line: line)
        XCTAssertFalse(buf.cursorVisible, "a highlighted row needs no blinking block", file: file, line: line)
    }

    func testTheCursorFollowsTheSelectionInEachPane() {
        for (w, hgt) in [(120, 40), (80, 24)] {
            var h = ScreenHarness(width: w, height: hgt)
            let crises = h.store.world.crisesByUrgency()
            assertCursorOnSelectedRow(h, holding: String(crises[0].title.prefix(8)))
            h.press(.down, .down)
            assertCursorOnSelectedRow(h, holding: String(crises[2].title.prefix(8)))
            let onCrisis = h.render().cursor!

            h.press(.char("2"))
            let countriesTop = h.render().cursor!
            XCTAssertNotEqual(countriesTop, onCrisis, "the cursor left the crises pane at \(w)x\(hgt)")
            h.press(.down)
            let moved = h.render().cursor!
            XCTAssertEqual(moved.y, countriesTop.y + 1, "one row down in the countries pane at \(w)x\(hgt)")
            assertCursorOnSelectedRow(h)

            h.press(.char("3"))
            let items = h.store.world.crises[crises[2].id]!.checklist
            assertCursorOnSelectedRow(h, holding: String(items[0].text.prefix(10)))
            h.press(.down, .down)
            assertCursorOnSelectedRow(h, holding: String(items[2].text.prefix(10)))

            h.press(.char("4"))
            let first = h.render().cursor!
            h.press(.down)
            XCTAssertEqual(h.render().cursor!.y, first.y + 1, "one row down in the contacts pane at \(w)x\(hgt)")
            assertCursorOnSelectedRow(h)

            h.press(.char("5"))
            let logTop = h.render().cursor!
            assertCursorOnSelectedRow(h)
            h.press(.down)
            XCTAssertEqual(h.render().cursor!.y, logTop.y + 1, "one row down in the Log view at \(w)x\(hgt)")
        }
    }

    func testInAFormTheCursorShowsInTheFieldAfterWhatWasTyped() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("3"), .char("e"))
        let buf = h.render()
        guard let at = buf.cursor else { return XCTFail("no cursor in the form") }
        XCTAssertTrue(buf.cursorVisible, "a text field shows its cursor")
        let row = buf.rowText(at.y)
        let item = h.store.world.crises[h.store.world.crisesByUrgency()[0].id]!.checklist[0].text
        XCTAssertTrue(row.contains("Text"), "on the focused field's line: \(row)")
        let before = String(row.prefix(at.x)).trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(before.hasSuffix(String(item.suffix(6))), "just after the text typed so far: '\(before)'")
        h.press(.left, .left)
        XCTAssertEqual(h.render().cursor!.x, at.x - 2, "← moves the terminal's cursor with the text cursor")
        h.press(.tab)
        XCTAssertEqual(h.render().cursor!.y, at.y + 1, "Tab takes it to the next field")
    }

    func testADialogTakesTheCursor() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("?"))
        let buf = h.render()
        guard let at = buf.cursor else { return XCTFail("no cursor on the help") }
        XCTAssertTrue(
            buf.rowText(at.y - 1).contains("━") || buf.rowText(at.y - 1).contains("─"),
            "on the dialog's first line, under its border")
    }

    func testTheBriefingScreenPlacesNoCursor() {
        var h = ScreenHarness(width: 160, height: 45)
        h.press(.char("b"))
        XCTAssertNil(h.render().cursor)
    }
}
