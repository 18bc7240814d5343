import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

/// Finding 5: a refused waiting change is settled in the console (W, then m or t), its refusal read in full,
/// and the message about it leads with the key rather than a command cut off at the screen's edge.
final class WaitingToSendReducerTests: XCTestCase {
    private let refusal =
        "LB affected is now 12,900 (changed by nasrin at 09:41), not 12,000 as this change expected; "
        + "the two sites disagree about Lebanon's affected figure and someone has to decide which stands"

    private func changes() -> [WaitingChange] {
        [
            WaitingChange(
                id: "aaaa1111-refused", madeAt: fixedNow.addingTimeInterval(-600), operator: "rahim",
                ops: [
                    .setCounts(
                        country: "LB", counts: [.affected: 13_000], source: "", asOf: nil,
                        expected: [.affected: 12_000])
                ], refused: refusal),
            WaitingChange(
                id: "bbbb2222-waiting", madeAt: fixedNow.addingTimeInterval(-300), operator: "rahim",
                ops: [.log(crisis: nil, kind: .sitrep, text: "all quiet in Hamra")], refused: nil),
        ]
    }

    private func onDatabase(width: Int = 120, height: Int = 40) -> ScreenHarness {
        var h = ScreenHarness(width: width, height: height)
        var status = LinkStatus(online: true, since: fixedNow, waiting: 1, refused: [refusal])
        status.damaged = 0
        h.send(.link(LinkNews(status: status, newlyRefused: [refusal], settleCommand: "crisiscell outbox --data X")))
        return h
    }

    func testTheRefusalMessageLeadsWithTheKeyAndTheTopBarPointsToTheList() {
        let h = onDatabase(width: 120, height: 40)
        let screen = h.render().text
        XCTAssertTrue(screen.contains("✖ Not sent (W: keep mine / take theirs): LB affected is now 12,900"), screen)
        XCTAssertTrue(screen.contains("1 refused (W)"), screen)
    }

    func testWListsWhatWaitsAndTheSelectedRefusalIsReadInFull() {
        var h = onDatabase(width: 80, height: 24)
        XCTAssertEqual(h.state.update(.key(.char("W")), world: h.store.world, names: h.names), [.showWaiting])
        h.send(.waitingToSend(changes(), settled: nil))
        guard case .waitingToSend(let list) = h.state.mode else { return XCTFail("\(h.state.mode)") }
        XCTAssertEqual(list.selected, 0, "the refused one is chosen first")
        let screen = h.render().text
        XCTAssertTrue(screen.contains("Waiting to send · 2 · 1 refused"), screen)
        // Every word of the refusal is on the screen at 80 columns, wrapped, not cut.
        let flat = screen.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: " ") }.joined(
            separator: " "
        ).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("someone has to decide which stands"), screen)
        XCTAssertTrue(screen.contains("m: keep mine (send it over theirs)"), screen)
        XCTAssertTrue(screen.contains("set Lebanon affected to 13,000 (was 12,000)"), screen)
        XCTAssertTrue(screen.contains("all quiet in Hamra"), screen)
    }

    func testMKeepsMineTTakesTheirsAndAChangeNotRefusedIsLeftToGo() {
        var h = onDatabase()
        h.send(.waitingToSend(changes(), settled: nil))
        let world = h.store.world
        XCTAssertEqual(
            h.state.update(.key(.char("m")), world: world, names: h.names),
            [.settleWaiting(id: "aaaa1111-refused", keepMine: true)])
        XCTAssertEqual(
            h.state.update(.key(.char("t")), world: world, names: h.names),
            [.settleWaiting(id: "aaaa1111-refused", keepMine: false)])
        h.press(.down)
        XCTAssertEqual(h.state.update(.key(.char("t")), world: world, names: h.names), [])
        XCTAssertTrue(h.render().text.contains("This change has not been refused"), h.render().text)
        // Settled: the list comes back without it, the view stays on what is left, and says what happened.
        h.send(.waitingToSend([changes()[1]], settled: "Dropped yours: the colleague's value stands"))
        guard case .waitingToSend(let list) = h.state.mode else { return XCTFail("\(h.state.mode)") }
        XCTAssertEqual(list.changes.map(\.id), ["bbbb2222-waiting"])
        XCTAssertTrue(h.render().text.contains("Dropped yours"), h.render().text)
        h.send(.waitingToSend([], settled: nil))
        XCTAssertEqual(h.state.mode, .normal, "nothing left: the view closes")
        h.press(.char("W"))
        h.send(.waitingToSend(changes(), settled: nil))
        h.press(.escape)
        XCTAssertEqual(h.state.mode, .normal)
    }

    /// "Wt" arriving together must not drop a change before the list is on the screen; a double t after a settle
    /// must not drop the next one unread.
    func testKeysThatArriveWithWOrADoublePressSettleNothingUnread() {
        var h = onDatabase()
        let world = h.store.world
        XCTAssertEqual(h.state.update(.burst([.char("W"), .char("t")]), world: world, names: h.names), [.showWaiting])
        XCTAssertTrue(h.render().text.contains("arrived with W were not used"), h.render().text)
        h.send(.waitingToSend(changes(), settled: nil))
        h.send(.waitingToSend([changes()[1], changes()[0]], settled: "Dropped yours: the colleague's value stands"))
        XCTAssertEqual(
            h.state.update(.key(.char("t")), world: world, names: h.names), [], "the second t of a double press")
        XCTAssertTrue(h.render().text.contains("That one is settled; this is the next"), h.render().text)
        h.press(.down)
        XCTAssertEqual(
            h.state.update(.key(.char("t")), world: world, names: h.names),
            [.settleWaiting(id: "aaaa1111-refused", keepMine: false)], "read, then settled")
    }

    func testKeepingMineWaitsForALinkThatAnswers() {
        var h = onDatabase()
        h.send(.waitingToSend(changes(), settled: nil))
        let status = LinkStatus(online: false, since: fixedNow, waiting: 1, refused: [refusal])
        h.send(.link(LinkNews(status: status, settleCommand: "crisiscell outbox --data X")))
        XCTAssertEqual(h.state.update(.key(.char("m")), world: h.store.world, names: h.names), [])
        XCTAssertTrue(h.render().text.contains("The database is not answering now"), h.render().text)
        XCTAssertEqual(
            h.state.update(.key(.char("t")), world: h.store.world, names: h.names),
            [.settleWaiting(id: "aaaa1111-refused", keepMine: false)], "dropping mine touches only this site")
    }

    func testADirectoryConsoleSaysNothingWaitsToBeSent() {
        var h = ScreenHarness(width: 120, height: 40)
        XCTAssertEqual(h.state.update(.key(.char("W")), world: h.store.world, names: h.names), [])
        XCTAssertTrue(h.render().text.contains("Nothing waits to be sent"), h.render().text)
    }
}
