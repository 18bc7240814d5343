import CrisisModel
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

/// The Incoming view (6): ranked items, the banner a grave one raises, Enter, o, l and d.
final class IncomingViewTests: XCTestCase {
    let red = FeedItem(
        source: "GDACS", id: "FL1102", kind: "flood", title: "Red flood alert in Malaysia", countries: ["MY"],
        sourceLevel: "Red", severity: .extreme, time: fixedNow.addingTimeInterval(-7200),
        link: "https://www.gdacs.org/report.aspx?eventid=1102", glide: "FL-2026-000190-MYS")
    let quake = FeedItem(
        source: "GDACS", id: "EQ9", kind: "earthquake", title: "Green earthquake at sea", severity: .minor,
        time: fixedNow)

    func harness(width: Int = 120, height: Int = 40) throws -> ScreenHarness {
        var h = ScreenHarness(width: width, height: height)
        try h.external(.receiveItems(feed: "gdacs", items: [quake, red]), by: "feeds")
        return h
    }

    func testAGraveItemWhereOurNationalsAreRaisesABannerUntilAcknowledgedHere() throws {
        var h = try harness()
        let screen = h.render().text
        XCTAssertTrue(
            screen.contains(
                "▲ INCOMING · GDACS Red flood · Malaysia · 600,000 nationals · 2 h · Red flood alert in Malaysia"),
            screen)
        h.press(.char("x"))
        XCTAssertFalse(h.render().text.contains("INCOMING"), "acknowledged on this console")
        XCTAssertEqual(h.store.world.watch.incoming["GDACS:FL1102"]?.status, .new, "still to triage for the team")
    }

    func testTheViewRanksItemsAndEachLineSaysWhatWhereHowManyWhoseAndHowOld() throws {
        var h = try harness()
        h.press(.char("6"))
        let lines = h.render().text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("┃") }
        let first = try XCTUnwrap(lines.firstIndex { $0.contains("Red flood") })
        let second = try XCTUnwrap(lines.firstIndex { $0.contains("Green earthquake") })
        XCTAssertLessThan(first, second, "the red flood where 600,000 are comes first")
        XCTAssertTrue(lines[first].contains("Malaysia") && lines[first].contains("600,000"), lines[first])
        XCTAssertTrue(lines[first].contains("Malaysia floods open"), "the crisis already open there: \(lines[first])")
        XCTAssertTrue(lines[second].contains("at sea / unknown"), lines[second])
        h.press(.enter)
        let detail = h.render().text
        XCTAssertTrue(
            detail.contains("FL-2026-000190-MYS") && detail.contains("o open a crisis · l link · d dismiss"), detail)
    }

    func testOOpensACrisisPrefilledFromTheItemAndRecordsTheDecision() throws {
        var h = try harness()
        h.press(.char("6"), .char("o"))
        guard case .form(let form) = h.state.mode else { return XCTFail("no form: \(h.state.mode)") }
        XCTAssertEqual(form["title"], "Malaysia flood")
        XCTAssertEqual(form["countries"], "MY")
        XCTAssertEqual(form["kind"], "flood")
        XCTAssertEqual(form["severity"], "4")
        XCTAssertTrue(form["summary"].contains("https://www.gdacs.org/report.aspx?eventid=1102"), form["summary"])
        h.press(.enter)
        let r = try XCTUnwrap(h.store.world.watch.incoming["GDACS:FL1102"])
        XCTAssertEqual(r.status, .opened)
        XCTAssertEqual(r.triage?.by, "rahim")
        let crisis = try XCTUnwrap(r.triage?.crisis.flatMap { h.store.world.crises[$0] })
        XCTAssertEqual(crisis.countries, ["MY"])
        let log = h.store.world.events.filter { $0.crisis == crisis.id }.map(\.text)
        XCTAssertTrue(log.contains { $0.contains("opened from GDACS") && $0.contains("eventid=1102") }, "\(log)")
        XCTAssertFalse(h.render().text.contains("▲ INCOMING"), "decided: the banner goes")
        h.press(.char("u"))
        XCTAssertEqual(h.store.world.watch.incoming["GDACS:FL1102"]?.status, .new, "u takes the decision back")
    }

    func testLLinksToTheCrisisWhereItHappensAndDAsksWhy() throws {
        var h = try harness()
        h.press(.char("6"), .char("l"))
        guard case .form(let form) = h.state.mode else { return XCTFail("no form") }
        let malaysia = try XCTUnwrap(h.store.world.crises.values.first { $0.countries.contains("MY") && $0.isActive })
        XCTAssertEqual(form["crisis"], malaysia.id, "the crisis where it happens is offered first")
        h.press(.enter)
        XCTAssertEqual(h.store.world.watch.incoming["GDACS:FL1102"]?.status, .linked)
        h.press(.char("g"), .char("d"))
        guard case .form = h.state.mode else { return XCTFail("d asks why") }
        h.press(.enter)
        guard case .form(let refused) = h.state.mode else { return XCTFail("a dismissal needs a reason") }
        XCTAssertEqual(refused.field("reason")?.error, "required")
        h.type("at sea, no one of ours near")
        h.press(.enter)
        XCTAssertEqual(h.store.world.watch.incoming["GDACS:EQ9"]?.triage?.reason, "at sea, no one of ours near")
    }

    func testAColleaguesDecisionClearsTheBannerHere() throws {
        var h = try harness(width: 80, height: 24)
        XCTAssertTrue(h.render().text.contains("INCOMING"))
        try h.external(
            .triageIncoming(key: "GDACS:FL1102", status: .dismissed, reason: "handled by embassy", expected: .new),
            by: "karim")
        XCTAssertFalse(h.render().text.contains("INCOMING"), h.render().text)
    }

    func testAnAcknowledgedBannerComesBackWhenTheItemTurnsGraverAndOIsRefusedOnADecidedItem() throws {
        var h = ScreenHarness(width: 120, height: 40)
        try h.external(.receiveItems(feed: "gdacs", items: [quake, red]), by: "feeds")
        h.press(.char("x"))
        XCTAssertFalse(h.render().text.contains("▲ INCOMING"))
        var cyclone = red
        cyclone.title = "Red flood alert in Malaysia, second episode"
        try h.external(.receiveItems(feed: "gdacs", items: [cyclone]), by: "feeds")
        XCTAssertTrue(h.render().text.contains("▲ INCOMING"), "updated since it was acknowledged: raised again")
        try h.external(
            .triageIncoming(key: "GDACS:FL1102", status: .dismissed, reason: "embassy has it", expected: .new),
            by: "karim")
        h.press(.char("6"), .char("G"))
        h.press(.char("o"))
        if case .form = h.state.mode { XCTFail("o on an item karim already decided opened a form") }
        XCTAssertTrue(h.render().text.contains("Already dismissed by karim"), h.render().text)
    }

    func testAReadOnlyConsoleReadsItemsButOpensNoDecision() throws {
        var h = ScreenHarness(width: 120, height: 40, readOnly: true)
        try h.external(.receiveItems(feed: "gdacs", items: [red]), by: "feeds")
        h.press(.char("6"), .enter, .char("o"))
        if case .form = h.state.mode { XCTFail("a read-only console opened the crisis form") }
        XCTAssertTrue(h.render().text.contains("Read-only"), h.render().text)
    }
}
