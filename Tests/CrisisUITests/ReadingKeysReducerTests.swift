import CrisisModel
import CrisisSession
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

/// Keys that read the screen (issue 22, finding 10): every key in the help at any size, the Log view's own key
/// line, no key lost to a box, Esc clearing a kept filter, an undo kept when it is not confirmed.
final class ReadingKeysReducerTests: XCTestCase {
    private func text(_ h: ScreenHarness) -> String { h.render().text }

    func testEveryKeyIsInTheHelpAt80x24ByScrollingAndNoneWrapsUnderAnother() {
        var h = ScreenHarness(width: 80, height: 24)
        h.press(.char("?"))
        var seen = text(h)
        XCTAssertTrue(seen.contains("↑↓ PgUp PgDn scroll"), seen)
        for _ in 0..<40 {
            h.press(.down)
            seen += "\n" + text(h)
        }
        guard case .help = h.state.mode else { return XCTFail("scrolling keeps the help open: \(h.state.mode)") }
        for label in KeyMap.visible(readOnly: false).map(\.label) {
            XCTAssertTrue(seen.contains(String(label.prefix(20))), "\(label) never shown in the help at 80x24")
        }
        h.press(.char("x"))
        XCTAssertEqual(h.state.mode, .normal, "any other key closes")
        // At 120x40, in two columns: a long description is cut in its column, never wrapped under the other.
        var wide = ScreenHarness(width: 120, height: 40)
        wide.press(.char("?"))
        let rows = text(wide).split(separator: "\n")
        XCTAssertFalse(rows.contains { $0.contains("┃ a file") }, "a description wrapped into the left column")
    }

    /// Finding 4: an entry made offline at one time and sent an hour later says both, in the Log view and its
    /// whole-entry box; the line mode says it too.
    func testAnEntryMadeOfflineSaysWhenItWasMadeAndWhenItWasSent() throws {
        var store = DemoWorld.store(now: fixedNow)
        let made = Timestamp.rounded(fixedNow.addingTimeInterval(-3 * 3600))
        let sent = made.addingTimeInterval(66 * 60)
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: sent, operator: "karim",
                op: .log(crisis: nil, kind: .sitrep, text: "typed in the shelter"), madeAt: made))
        var h = ScreenHarness(width: 120, height: 40, store: store)
        h.press(.char("5"))
        let row = try XCTUnwrap(text(h).split(separator: "\n").first { $0.contains("typed in the shelter") })
        let madeText = Format.when(made, now: fixedNow)
        let sentText = Format.when(sent, now: fixedNow)
        XCTAssertTrue(row.contains(madeText), String(row))
        XCTAssertTrue(row.contains("sent \(sentText) · typed in the shelter"), String(row))
        XCTAssertEqual(Format.made(store.world.events.last!, now: fixedNow), "\(madeText), sent \(sentText)")
    }

    func testTheLogViewShowsItsOwnKeys() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("5"))
        let keyLine = String(text(h).split(separator: "\n").last ?? "")
        for key in ["Enter read whole", "c crisis / all", "f kind", "/ find"] {
            XCTAssertTrue(keyLine.contains(key), "\(key) missing from the Log's key line: \(keyLine)")
        }
    }

    func testTheSinceYouLastLookedBoxPassesOnTheKeyThatClosesIt() throws {
        var h = ScreenHarness(width: 120, height: 40)
        let changes = h.store.world.changes(
            since: 0, time: fixedNow.addingTimeInterval(-86_400), excluding: "rahim",
            names: h.names.name)
        h.send(.changesSince(changes, onOpening: true))
        guard case .sinceLastLooked = h.state.mode else { return XCTFail("\(h.state.mode)") }
        h.press(.char("3"))
        XCTAssertEqual(h.state.mode, .normal)
        XCTAssertEqual(h.state.focus, .checklist, "the 3 that closed the box also focused the checklist")
    }

    func testWhatChangedWhileAwayWaitsBehindTheStartUpNoticesAndIsShownAfterThem() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.state = AppState(
            operatorName: "rahim", now: fixedNow, width: 120, height: 40, readOnly: false, themeName: "default",
            briefing: nil, notices: ["theme file: default.toml line 3: unknown colour"])
        let changes = h.store.world.changes(
            since: 0, time: fixedNow.addingTimeInterval(-86_400), excluding: "rahim", names: h.names.name)
        XCTAssertFalse(changes.isEmpty)
        h.send(.changesSince(changes, onOpening: true))
        guard case .notices = h.state.mode else { return XCTFail("the notices come first: \(h.state.mode)") }
        XCTAssertNotNil(h.state.sinceWaiting, "held, not dropped: the console's exit must not mark it seen")
        h.press(.enter)
        guard case .sinceLastLooked = h.state.mode else { return XCTFail("then the summary: \(h.state.mode)") }
        XCTAssertNil(h.state.sinceWaiting)
        XCTAssertTrue(text(h).contains("since you last looked") || text(h).contains("Since you last looked"))
    }

    func testEscOnAPaneWithAKeptFilterClearsIt() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("/"))
        h.type("Leb")
        h.press(.enter)
        XCTAssertEqual(h.state.filters[.countries], "Leb")
        h.press(.escape)
        XCTAssertNil(h.state.filters[.countries], "Esc on the pane clears the kept filter")
        XCTAssertTrue(h.state.flash?.text.contains("cleared") ?? false)
    }

    func testAnUndoNotConfirmedOverAColleaguesChangeIsKeptForASecondU() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.setLebanonAffected("13000")
        try h.external(
            .setCounts(
                country: "LB", counts: [.affected: 13_500], source: "", asOf: nil, expected: [.affected: 13_000]),
            by: "karim")
        h.press(.char("u"))
        guard case .confirm = h.state.mode else { return XCTFail("\(h.state.mode)") }
        h.press(.char("n"))
        XCTAssertEqual(h.store.world.countries["LB"]?.count(.affected), 13_500)
        h.press(.char("u"))
        guard case .confirm = h.state.mode else { return XCTFail("the second u asks again: \(h.state.mode)") }
        h.press(.char("y"))
        XCTAssertNotEqual(h.store.world.countries["LB"]?.count(.affected), 13_500, "undone once confirmed")
    }

    /// What was typed in a form when the console was stopped from outside is offered back in that form, once.
    func testAKeptDraftIsOfferedBackInItsFormOnce() throws {
        var h = ScreenHarness(width: 120, height: 40)
        let target = FormTarget.log("lb-escalation")
        h.send(
            .draft(
                FormDraft(
                    form: String(describing: target), title: "Log entry · Lebanon escalation",
                    values: ["text": "Airport road closed at km 4"], keptAt: fixedNow, data: "/d")))
        XCTAssertTrue(h.state.flash?.text.contains("open that form again") ?? false)
        h.press(.char("1"))
        let effects = h.state.update(.key(.char("n")), world: h.store.world, names: h.names)
        XCTAssertEqual(effects, [.dropDraft])
        guard case .form(let form) = h.state.mode else { return XCTFail("\(h.state.mode)") }
        XCTAssertEqual(form.target, target)
        XCTAssertEqual(form["text"], "Airport road closed at km 4")
        XCTAssertTrue(form.holdsChanges, "Esc asks before dropping it")
        XCTAssertNil(h.state.draft, "offered once")
    }
}
