import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import TestSupport
import XCTest

@testable import CrisisUI

/// Whole screens rendered to text at fixed sizes, with a fixed clock and the demo world.
final class ScreenGoldenTests: XCTestCase {
    private func assertGolden(_ h: ScreenHarness, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        if let problem = Golden.check(h.render(), name) { XCTFail(problem, file: file, line: line) }
    }

    func testConsoleAt120x40() { assertGolden(ScreenHarness(width: 120, height: 40), "console-120x40") }
    func testConsoleAt80x24() { assertGolden(ScreenHarness(width: 80, height: 24), "console-80x24") }
    func testTooSmallAt50x15() { assertGolden(ScreenHarness(width: 50, height: 15), "too-small-50x15") }

    func testChecklistFocusedAt80x24() {
        var h = ScreenHarness(width: 80, height: 24)
        h.press(.char("3"), .down, .down, .down)
        assertGolden(h, "checklist-80x24")
    }

    /// The selected row, an overdue item and the focused pane's border are told apart by their roles, not only by
    /// their text: the styling of the whole screen is compared too.
    func testChecklistHighlightAndOverdueStyling() {
        var h = ScreenHarness(width: 80, height: 24)
        h.press(.char("3"), .down, .down, .down)
        if let diff = Golden.checkStyles(h.render(), "checklist-80x24") { XCTFail(diff) }
        let buf = h.render()
        let cursorRows = (0..<buf.height).filter { buf.rowRoles($0).contains(.cursor) }
        XCTAssertEqual(cursorRows.count, 1, "one selected row on the focused pane: \(cursorRows)")
    }

    func testHelpAt120x40() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("?"))
        assertGolden(h, "help-120x40")
    }

    func testContactCardAt120x40() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("4"), .enter)
        assertGolden(h, "contact-card-120x40")
    }

    func testCountsFormAt80x24() {
        var h = ScreenHarness(width: 80, height: 24)
        h.press(.char("2"), .char("e"))
        assertGolden(h, "counts-form-80x24")
    }

    /// The wall screens: the overview and the first crisis at a projector's 160x45, a wall's 200x60 and 240x67.
    func testBriefingOnWallScreens() {
        for (w, h) in [(160, 45), (200, 60), (240, 67)] {
            var harness = ScreenHarness(width: w, height: h)
            harness.press(.char("b"))
            assertGolden(harness, "briefing-overview-\(w)x\(h)")
            harness.press(.right)
            assertGolden(harness, "briefing-crisis-\(w)x\(h)")
        }
    }

    /// At 200x60 the slides fill the screen: more than two thirds of the rows carry content, and the figures are
    /// drawn large.
    func testAWallScreenIsFilled() {
        var h = ScreenHarness(width: 200, height: 60)
        h.press(.char("b"))
        for slide in 0..<3 {
            let rows = (0..<60).map { h.render().rowText($0) }
            let filled = rows.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
            XCTAssertGreaterThan(filled * 3, 60 * 2, "slide \(slide): \(filled) of 60 rows carry content")
            XCTAssertTrue(rows.contains { $0.contains("██████") }, "slide \(slide): large figures")
            h.press(.right)
        }
    }

    /// Finding 11: at 240x67 the rows a 200x60 wall leaves blank carry each crisis's name and level in block
    /// letters three rows tall (about 48 px on a 1080p wall against 16 for one cell: legible from 6 m by the
    /// signage rule of 25 mm of letter a metre); a name in another script stays text, and nothing is cut.
    func testAWallOf240x67ScalesTheNamesAndLevelsAndLeavesFewRowsBlank() throws {
        var h = ScreenHarness(width: 240, height: 67)
        h.press(.char("b"))
        let rows = (0..<67).map { h.render().rowText($0) }
        let blank = rows.filter { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        XCTAssertLessThanOrEqual(blank, 10, rows.joined(separator: "\n"))
        for name in ["Lebanon escalation", "Sudan conflict", "L4 mandatory evacuation"] {
            let letters = BlockLetters.lines(name)
            XCTAssertEqual(letters.count, 3)
            let at = try XCTUnwrap(rows.firstIndex { $0.contains(letters[0]) }, "\(name) in block letters")
            XCTAssertTrue(rows[at + 1].contains(letters[1]) && rows[at + 2].contains(letters[2]), name)
        }
        XCTAssertTrue(rows.contains { $0.contains("COUNTRIES ON ALERT") }, "the countries still fit")
        // The slide of one crisis names it in block letters too.
        h.press(.right)
        let slide = (0..<67).map { h.render().rowText($0) }.joined(separator: "\n")
        XCTAssertTrue(slide.contains(BlockLetters.lines("Lebanon escalation")[1]), slide)
        XCTAssertFalse(BlockLetters.canDraw("ঢাকা বন্যা"), "Bengali stays text")
        // A name too long for block letters with its level beside it stays one line of text.
        var store = DemoWorld.store(now: fixedNow)
        let long = "Lebanon escalation and the southern border closures affecting the Bekaa valley"
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: fixedNow, operator: "t",
                op: .updateCrisis(id: "lb-escalation", patch: CrisisPatch(title: long), expected: nil)))
        var wide = ScreenHarness(width: 240, height: 67, store: store)
        wide.press(.char("b"))
        let overview = wide.render().text
        XCTAssertFalse(overview.contains(BlockLetters.lines(long)[0].prefix(40)), overview)
        XCTAssertTrue(overview.contains("Lebanon escalation and the"), overview)
        XCTAssertEqual(BlockLetters.width("L4"), 7)
    }

    func testBriefingAt80x24() {
        var h = ScreenHarness(width: 80, height: 24)
        h.press(.char("b"))
        assertGolden(h, "briefing-overview-80x24")
        h.press(.right)
        assertGolden(h, "briefing-crisis-80x24")
    }

    func testReadOnlyHidesEditingKeys() {
        var h = ScreenHarness(width: 120, height: 40, readOnly: true)
        let text = h.render().text
        XCTAssertTrue(text.contains("READ-ONLY"))
        XCTAssertFalse(text.contains("Space tick"))
        h.press(.char("?"))
        let help = h.render().text
        XCTAssertFalse(help.contains("tick"))
        XCTAssertFalse(help.contains("alert level"))
        h.press(.escape, .char("3"), .char(" "))
        XCTAssertEqual(h.store.seq, DemoWorld.store(now: fixedNow).seq, "nothing changes in read-only mode")
    }
}

/// The top bar says how a database's link stands, and tells a refusal (something to mend) from a dropped link.
final class LinkStatusScreenTests: XCTestCase {
    private func topBar(_ link: LinkStatus?, width: Int = 120) -> String {
        var h = ScreenHarness(width: width, height: 40)
        h.state.link = link
        return h.render().rowText(0)
    }

    /// A viewer's console says why it is read-only; a refused link's kept change does not promise "when it is back".
    func testTheTopBarSaysAViewerLoginAndAKeptChangeUnderARefusalSaysSo() {
        var h = ScreenHarness(width: 120, height: 40)
        h.state.viewerLogin = true
        h.state.readOnly = true
        XCTAssertTrue(h.render().rowText(0).contains("READ-ONLY · viewer login"), h.render().rowText(0))
        var k = ScreenHarness(width: 120, height: 40)
        k.state.link = LinkStatus(online: true, since: fixedNow, problem: "permission denied for function append")
        k.send(.saved(.queued("kept"), .edit(nil)))
        let said = k.state.flash?.text ?? ""
        XCTAssertTrue(said.contains("refuses this site") && !said.contains("when the database is back"), said)
    }

    func testTheTopBarSaysTheLink() {
        let since = fixedNow.addingTimeInterval(-600)
        XCTAssertTrue(topBar(nil).contains("● saved"))
        XCTAssertTrue(
            topBar(LinkStatus(online: true, since: since)).contains("● saved"),
            "online with nothing waiting is simply saved")
        let offline = topBar(LinkStatus(online: false, since: since, waiting: 3))
        XCTAssertTrue(offline.contains("⚠ offline since 13:52 · 3 waiting to send"), offline)
        let refused = topBar(
            LinkStatus(online: false, since: since, waiting: 1, problem: "role \"karim\" is not permitted to log in"))
        // A refusal says why, in the top bar itself: it will not mend itself.
        XCTAssertTrue(
            refused.contains(
                "⚠ REFUSED by the database (role \"karim\" is not permitted to log in) since 13:52 · 1 waiting"),
            refused)
        let sending = topBar(LinkStatus(online: true, since: since, waiting: 2, refused: ["LB affected is now 12,900"]))
        XCTAssertTrue(sending.contains("◌ 2 waiting to send · 1 refused"), sending)
        // At 80 columns the link still shows before the clocks give way.
        XCTAssertTrue(
            topBar(LinkStatus(online: false, since: since, problem: "x"), width: 80).contains("REFUSED by the database")
        )
        XCTAssertTrue(
            topBar(LinkStatus(online: false, since: since, waiting: 3), width: 80).contains("offline"),
            topBar(LinkStatus(online: false, since: since, waiting: 3), width: 80))
    }
}
