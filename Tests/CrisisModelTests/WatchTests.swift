import CrisisModel
import Foundation
import TestSupport
import XCTest

/// Feeds followed and what they bring in: received once, updated and withdrawn in place, triaged by the team.
final class WatchTests: XCTestCase {
    let gdacs = FollowedFeed(name: "gdacs", url: "https://www.gdacs.org/xml/rss.xml", format: "gdacs")

    func flood(_ level: String, _ severity: FeedSeverity, id: String = "FL1102", type: FeedMessageType = .alert)
        -> FeedItem
    {
        FeedItem(
            source: "GDACS", id: id, kind: "flood", title: "\(level) flood alert in Lebanon", countries: ["LB"],
            sourceLevel: level, severity: severity, time: fixedNow, link: "https://www.gdacs.org/report?id=\(id)",
            messageType: type)
    }

    func apply(_ op: StoreOperation, to store: inout Store, by who: String = "karim") throws -> Store.Prepared {
        let prepared = try store.prepare(op)
        if case .change(let reduced) = prepared {
            try store.apply(JournalEntry(seq: store.seq + 1, time: fixedNow, operator: who, op: reduced))
        }
        return prepared
    }

    func testAFeedIsFollowedOnceAndAChangeOfItExpectsWhatWasThere() throws {
        var store = Fixture.store()
        _ = try apply(.followFeed(gdacs), to: &store)
        XCTAssertEqual(store.world.watch.feeds["gdacs"], gdacs)
        guard case .unchanged = try apply(.followFeed(gdacs), to: &store) else { return XCTFail("nothing changed") }
        var faster = gdacs
        faster.interval = 120
        XCTAssertThrowsError(try store.prepare(.followFeed(faster))) { e in
            guard case .conflict = e as? StoreError else { return XCTFail("\(e)") }
        }
        _ = try apply(.followFeed(faster, expected: gdacs), to: &store)
        XCTAssertEqual(store.world.watch.feeds["gdacs"]?.interval, 120)
        for bad in [
            FollowedFeed(name: "GDACS feed", url: gdacs.url, format: "gdacs"),
            FollowedFeed(name: "g", url: "ftp://x.example/feed", format: "gdacs"),
            FollowedFeed(name: "g", url: gdacs.url, format: "atom"),
            FollowedFeed(name: "g", url: gdacs.url, format: "gdacs", interval: 5),
        ] {
            XCTAssertThrowsError(try store.prepare(.followFeed(bad)), "\(bad)")
        }
        _ = try apply(.unfollowFeed(name: "gdacs", expected: faster), to: &store)
        XCTAssertNil(store.world.watch.feeds["gdacs"])
    }

    func testItemsArriveOnceAndAnUpdateOrCancellationChangesTheRecordInPlace() throws {
        var store = Fixture.store()
        _ = try apply(.receiveItems(feed: "gdacs", items: [flood("Orange", .severe)]), to: &store)
        XCTAssertEqual(store.world.watch.incoming.count, 1)
        XCTAssertEqual(store.world.events.last?.text, "feed gdacs: 1 new (Orange flood alert in Lebanon)")
        guard case .unchanged = try apply(.receiveItems(feed: "gdacs", items: [flood("Orange", .severe)]), to: &store)
        else { return XCTFail("the same item again writes nothing") }

        // Dismissed as orange; red asks for a decision again, and says what it was.
        _ = try apply(
            .triageIncoming(key: "GDACS:FL1102", status: .dismissed, reason: "monitoring", expected: .new), to: &store)
        _ = try apply(.receiveItems(feed: "gdacs", items: [flood("Red", .extreme)]), to: &store)
        let r = try XCTUnwrap(store.world.watch.incoming["GDACS:FL1102"])
        XCTAssertEqual(r.item.sourceLevel, "Red")
        XCTAssertEqual(r.previousLevel, "Orange")
        XCTAssertEqual(r.revisions, 1)
        XCTAssertEqual(r.status, .new, "graver than when it was dismissed")
        XCTAssertEqual(store.world.incomingBanners().map(\.key), ["GDACS:FL1102"], "red, with 90,000 nationals there")

        // A CAP-style update names the earlier id; the cancellation withdraws the one record.
        let cap = FeedItem(
            source: "CAP", id: "a1", kind: "flood", title: "Flood warning", countries: ["LB"], severity: .extreme,
            urgency: "Immediate")
        var update = cap
        update.id = "a2"
        update.messageType = .update
        update.replaces = ["a1"]
        var cancel = cap
        cancel.id = "a3"
        cancel.messageType = .cancel
        cancel.replaces = ["a2"]
        _ = try apply(.receiveItems(feed: "cap", items: [cap, update]), to: &store)
        XCTAssertEqual(store.world.watch.incoming["CAP:a1"]?.ids, ["a1", "a2"])
        _ = try apply(.receiveItems(feed: "cap", items: [cancel]), to: &store)
        XCTAssertEqual(store.world.watch.incoming["CAP:a1"]?.withdrawn, true)
        XCTAssertFalse(store.world.raisesBanner(store.world.watch.incoming["CAP:a1"]!))
        XCTAssertTrue(store.world.events.last!.text.contains("1 withdrawn"), store.world.events.last!.text)
        guard case .unchanged = try apply(.receiveItems(feed: "cap", items: [cancel]), to: &store) else {
            return XCTFail("a cancellation already taken writes nothing")
        }
    }

    func testTriageIsRecordedWithWhoAndARivalDecisionIsAConflict() throws {
        var store = Fixture.store()
        _ = try apply(.receiveItems(feed: "gdacs", items: [flood("Red", .extreme)]), to: &store)
        XCTAssertThrowsError(
            try store.prepare(.triageIncoming(key: "GDACS:FL1102", status: .dismissed, reason: " ", expected: .new)))
        XCTAssertThrowsError(
            try store.prepare(.triageIncoming(key: "GDACS:FL1102", status: .linked, crisis: "nope", expected: .new)))
        let crisis = Fixture.crisis().id
        _ = try apply(
            .triageIncoming(key: "GDACS:FL1102", status: .linked, crisis: crisis, expected: .new), to: &store,
            by: "rahim")
        let r = try XCTUnwrap(store.world.watch.incoming["GDACS:FL1102"])
        XCTAssertEqual(r.triage?.by, "rahim")
        XCTAssertEqual(r.triage?.crisis, crisis)
        let log = try XCTUnwrap(store.world.events.last)
        XCTAssertEqual(log.crisis, crisis, "the link is an entry in the crisis's log")
        XCTAssertTrue(log.text.contains("https://www.gdacs.org/report?id=FL1102"), log.text)
        XCTAssertThrowsError(
            try store.prepare(.triageIncoming(key: "GDACS:FL1102", status: .dismissed, reason: "x", expected: .new))
        ) { e in
            guard case .conflict(let c) = e as? StoreError else { return XCTFail("\(e)") }
            XCTAssertEqual(c.first?.by, "rahim")
        }
        XCTAssertTrue(store.world.incomingBanners().isEmpty, "decided: no banner anywhere")
    }

    func testRankingPutsTheGraveWhereOurNationalsAreFirstAndAdviceIsKeptPerGovernment() throws {
        var store = Fixture.store()
        let sea = FeedItem(source: "GDACS", id: "EQ1", kind: "earthquake", title: "at sea", severity: .extreme)
        let us = FeedItem(
            source: "US advisory", id: "lb", kind: "travel advice", title: "Lebanon - Level 3", countries: ["LB"],
            sourceLevel: "Level 3: Reconsider Travel", severity: .severe)
        _ = try apply(.receiveItems(feed: "w", items: [sea, flood("Red", .extreme), us]), to: &store)
        XCTAssertEqual(store.world.incomingRanked.map(\.key), ["GDACS:FL1102", "GDACS:EQ1", "US advisory:lb"])
        var raised = us
        raised.sourceLevel = "Level 4: Do Not Travel"
        raised.severity = .extreme
        _ = try apply(.receiveItems(feed: "w", items: [raised]), to: &store)
        let advice = store.world.advice(for: "LB")
        XCTAssertEqual(advice.map(\.item.sourceLevel), ["Level 4: Do Not Travel"])
        XCTAssertEqual(advice.first?.previousLevel, "Level 3: Reconsider Travel")
        let since = store.world.changes(since: 0, time: fixedNow.addingTimeInterval(-1), excluding: nil) { $0 }
        XCTAssertTrue(
            since.lines.contains { $0.kind == .advice && $0.text.contains("Level 3: Reconsider Travel → Level 4") },
            "\(since.lines)")
    }

    func testTheWatchIsKeptInTheSnapshotAndOldSnapshotsReadAsBefore() throws {
        var store = Fixture.store()
        _ = try apply(.followFeed(gdacs), to: &store)
        _ = try apply(.receiveItems(feed: "gdacs", items: [flood("Red", .extreme)]), to: &store)
        let data = try JSONCoding.encoder(pretty: true).encode(store.world)
        XCTAssertEqual(try JSONCoding.decoder().decode(World.self, from: data), store.world)
        let before = try JSONCoding.encoder().encode(Fixture.store().world)
        XCTAssertFalse(String(decoding: before, as: UTF8.self).contains("\"watch\""), "nothing written while empty")
    }

    func testTheCellsBannerThresholdIsASettingWithItsOwnConflictAndIsKeptInTheSnapshot() throws {
        var store = Fixture.store()
        _ = try apply(.receiveItems(feed: "gdacs", items: [flood("Red", .extreme)]), to: &store)
        XCTAssertEqual(store.world.incomingBannerKeys, ["GDACS:FL1102"], "90,000 in Lebanon: above the standard 1,000")
        var high = store.world.cell
        high.bannerNationals = 100_000
        _ = try apply(.setCell(high, expected: store.world.cell), to: &store)
        XCTAssertEqual(store.world.incomingBannerKeys, [], "the cell asked for 100,000")
        var other = high
        other.bannerNationals = 5
        XCTAssertThrowsError(try store.prepare(.setCell(other, expected: CellSettings()))) { e in
            guard case .conflict(let c) = e as? StoreError else { return XCTFail("\(e)") }
            XCTAssertEqual(c.first?.label, "banner threshold")
        }
        var renamed = high
        renamed.name = "Dhaka crisis cell"
        _ = try apply(.setCell(renamed), to: &store)
        XCTAssertEqual(store.world.cell.bannerNationals, 100_000, "a rename without an expectation keeps the threshold")
        let data = try JSONCoding.encoder().encode(store.world)
        XCTAssertEqual(try JSONCoding.decoder().decode(World.self, from: data).cell, store.world.cell)
        XCTAssertFalse(
            String(decoding: try JSONCoding.encoder().encode(CellSettings()), as: UTF8.self).contains("banner"),
            "absent while not set, so older files read and write as before")
    }

    func testAnAlertMetAgainAfterItsUpdateNeverPutsTheOlderMessageBackOrMakesASecondRecord() throws {
        var store = Fixture.store()
        let alert = FeedItem(
            source: "CAP", id: "a1", kind: "flood", title: "Flood watch", countries: ["LB"], sourceLevel: "Moderate",
            severity: .moderate)
        var update = alert
        update.id = "a2"
        update.title = "Flood warning"
        update.sourceLevel = "Severe"
        update.severity = .severe
        update.messageType = .update
        update.replaces = ["a1"]
        // The update met first (a feed listing newest first, or the alert missed), then the alert.
        _ = try apply(.receiveItems(feed: "cap", items: [update]), to: &store)
        guard case .unchanged = try apply(.receiveItems(feed: "cap", items: [alert]), to: &store) else {
            return XCTFail("the older alert must not replace its update")
        }
        XCTAssertEqual(store.world.watch.incoming.count, 1)
        XCTAssertEqual(store.world.watch.incoming.values.first?.item.title, "Flood warning")
        // Both listed again, in either order: nothing changes.
        for items in [[alert, update], [update, alert]] {
            guard case .unchanged = try apply(.receiveItems(feed: "cap", items: items), to: &store) else {
                return XCTFail("a feed listing both writes nothing")
            }
        }
    }

    func testAnAdvisoryRepublishedAtTheSameLevelIsNotAChangeOfAdvice() throws {
        var store = Fixture.store()
        let us = FeedItem(
            source: "US advisory", id: "lb", kind: "travel advice", title: "Lebanon - Level 3", countries: ["LB"],
            sourceLevel: "Level 3: Reconsider Travel", severity: .severe, time: fixedNow.addingTimeInterval(-86_400))
        _ = try apply(.receiveItems(feed: "w", items: [us]), to: &store)
        var raised = us
        raised.sourceLevel = "Level 4: Do Not Travel"
        _ = try apply(.receiveItems(feed: "w", items: [raised]), to: &store)
        var republished = raised
        republished.summary = "Reissued with updated contact details."
        _ = try apply(.receiveItems(feed: "w", items: [republished]), to: &store)
        let r = try XCTUnwrap(store.world.advice(for: "LB").first)
        XCTAssertEqual(r.previousLevel, "Level 3: Reconsider Travel")
        XCTAssertEqual(r.since, fixedNow, "since the level changed, not since it was reissued")
        XCTAssertEqual(store.world.adviceChanged(since: fixedNow.addingTimeInterval(-1)).count, 1)
        XCTAssertTrue(store.world.adviceChanged(since: fixedNow).isEmpty, "a reissue at the same level is no change")
    }
}
