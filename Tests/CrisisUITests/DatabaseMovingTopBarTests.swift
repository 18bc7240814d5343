import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

/// The top bar through a failover: while no server of several takes changes it says the database is moving
/// (which server was lost, when, for how long); back on another server, that it moved and where, for ten
/// minutes; with one server, a lost link is "offline" as before.
final class DatabaseMovingTopBarTests: XCTestCase {
    private func topBar(_ status: LinkStatus, now: Date = fixedNow) -> String {
        var h = ScreenHarness(width: 160, height: 40)
        h.state.now = now
        h.send(.link(LinkNews(status: status, newlyRefused: [], settleCommand: "crisiscell outbox")))
        return String(h.render().text.split(separator: "\n").first ?? "")
    }

    private func moving(servers: Int = 2) -> LinkStatus {
        var s = LinkStatus(online: false, since: fixedNow.addingTimeInterval(-42), waiting: 1)
        s.servers = servers
        s.move = ServerMove(server: "hq-db")
        s.move.lost(at: fixedNow.addingTimeInterval(-42))
        return s
    }

    func testWhileNoServerTakesChangesTheDatabaseIsMoving() {
        let lostAt = Format.clock(fixedNow.addingTimeInterval(-42), .utc)
        let bar = topBar(moving())
        XCTAssertTrue(bar.contains("⚠ database moving: hq-db lost \(lostAt) · 42 s · 1 waiting to send (W)"), bar)
        let single = topBar(moving(servers: 1))
        XCTAssertTrue(single.contains("⚠ offline since \(lostAt) · 1 waiting to send"), single)
    }

    func testBackOnAnotherServerItSaysWhereForTenMinutes() {
        var s = moving()
        s.online = true
        s.waiting = 0
        s.move.reached("dr-db", at: fixedNow.addingTimeInterval(-28))
        let lostAt = Format.clock(fixedNow.addingTimeInterval(-42), .utc)
        let bar = topBar(s)
        XCTAssertTrue(bar.contains("● database moved: hq-db lost \(lostAt), now dr-db after 14 s"), bar)
        s.waiting = 2
        XCTAssertTrue(topBar(s).contains("◌ 2 waiting to send (W) · database moved: hq-db lost"), topBar(s))
        s.waiting = 0
        let later = topBar(s, now: fixedNow.addingTimeInterval(TopBar.movedShownFor))
        XCTAssertTrue(later.contains("● saved") && !later.contains("moved"), later)
    }
}
