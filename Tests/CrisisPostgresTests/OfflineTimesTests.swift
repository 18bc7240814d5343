import CrisisModel
import CrisisStorage
import CrisisTesting
import Foundation
import TestSupport
import XCTest

@testable import CrisisPostgres

/// A change made offline keeps the time the officer made it beside the time the database took it, at every
/// site; a made time the database cannot believe (ahead of its own clock, or older than any outage) is not kept.
final class OfflineTimesTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PrivateCluster?
    private var tmp: TempDirectory!
    private var database = ""

    override class func setUp() { cluster = try? PrivateCluster(label: "offline-times") }
    override class func tearDown() { cluster = nil }

    override func setUpWithError() throws {
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        tmp = TempDirectory("offline-times")
        database = "t" + UUID().uuidString.prefix(8).lowercased()
        try cluster.createDatabase(database)
        _ = try DatabaseAdmin.initialize(url())
        _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: url())
        _ = try DatabaseAdmin.grant(url(), login: "karim", role: "officer")
    }

    override func tearDown() { tmp?.cleanUp() }

    private func url(_ user: String = "postgres") -> DatabaseURL {
        try! DatabaseURL(Self.cluster!.url(user: user, database: database))
    }

    private func site(_ name: String) throws -> PostgresStore {
        try PostgresStore(url: url("karim"), cache: DataDirectory(path: tmp.path + "/" + name), operatorName: "karim")
    }

    /// Three log entries made offline, the outbox's times set as if made `minutesAgo` by the server's clock (the
    /// database stamps its own real time; a test clock moved by CRISISCELL_CLOCK does not move it).
    private func madeOffline(_ texts: [String], minutesAgo: [Double]) throws -> [Date] {
        var offline: PostgresStore? = try site("site")
        Self.cluster!.stop()
        defer { if !Self.cluster!.running { try? Self.cluster!.start() } }
        for text in texts {
            guard case .queued = try offline!.commit(.log(crisis: nil, kind: .sitrep, text: text), by: "karim") else {
                throw XCTSkip("not kept at the site")
            }
        }
        offline = nil
        let serverNow = Date()
        let made = minutesAgo.map { Timestamp.rounded(serverNow.addingTimeInterval(-$0 * 60)) }
        let outbox = try Outbox(directory: DataDirectory(path: tmp.path + "/site"))
        try outbox.update { changes in
            zip(changes, made).map { change, time in
                var c = change
                c.time = time
                return c
            }
        }
        try Self.cluster!.start()
        return made
    }

    func testAChangeMadeOfflineKeepsWhenItWasMadeBesideWhenItArrived() throws {
        let made = try madeOffline(["typed at 09:35"], minutesAgo: [66])
        let back = try site("site")
        XCTAssertEqual(back.link?.waiting, 0)
        let e = try XCTUnwrap(back.store.world.events.last)
        XCTAssertEqual(e.text, "typed at 09:35")
        XCTAssertEqual(e.time, made[0], "dated when the officer made it")
        let sent = try XCTUnwrap(e.sentAt, "and when the database took it")
        XCTAssertEqual(sent.timeIntervalSince(made[0]), 66 * 60, accuracy: 60)
        XCTAssertEqual(
            Format.made(e, now: sent),
            Format.when(made[0], now: sent) + ", sent " + Format.when(sent, now: sent))

        // Another site, with an empty cache, reads the same two times from the database.
        let other = try site("other")
        let seen = try XCTUnwrap(other.store.world.events.last)
        XCTAssertEqual(seen.time, made[0])
        XCTAssertEqual(seen.sentAt, e.sentAt)
        let row = try Self.cluster!.sql(
            "SELECT made_at IS NOT NULL AND made_at < at FROM crisiscell.operations ORDER BY seq DESC LIMIT 1",
            database: database)
        XCTAssertEqual(row.trimmingCharacters(in: .whitespacesAndNewlines), "t")
    }

    /// A site's clock running ahead of the server's, or a made time older than 30 days, is not believed: the
    /// server's time alone stands, so no client can date a change where it likes.
    func testAMadeTimeTheDatabaseCannotBelieveIsNotKept() throws {
        _ = try madeOffline(["clock ahead", "a month old"], minutesAgo: [-30, 31 * 24 * 60])
        let back = try site("site")
        XCTAssertEqual(back.link?.waiting, 0)
        let last = back.store.world.events.suffix(2)
        XCTAssertEqual(last.map(\.text), ["clock ahead", "a month old"])
        XCTAssertEqual(last.map(\.sentAt), [nil, nil])
        // Straight to the function, as an officer: the same rule.
        let head = back.store.seq
        let answer = try Self.cluster!.sql(
            "SELECT made_at IS NULL FROM crisiscell.append(\(head), ARRAY['{\"log\":{\"kind\":\"sitrep\",\"text\":\"x\"}}'], 'req-made', now() + interval '1 hour')",
            database: database, as: "karim")
        XCTAssertEqual(answer.trimmingCharacters(in: .whitespacesAndNewlines), "t")
        // A client's Date arrives a microsecond short of its millisecond: kept at the nearest one, as clients round.
        let rounded = try Self.cluster!.sql(
            "SELECT made_at = date_trunc('milliseconds', now()) - interval '1 hour' FROM crisiscell.append(\(head + 1), ARRAY['{\"log\":{\"kind\":\"sitrep\",\"text\":\"y\"}}'], 'req-round', date_trunc('milliseconds', now()) - interval '1 hour' - interval '1 microsecond')",
            database: database, as: "karim")
        XCTAssertEqual(rounded.trimmingCharacters(in: .whitespacesAndNewlines), "t")
    }

    /// A database of version 2 (no made times) is named as such and upgraded in place by db init.
    func testAVersionTwoDatabaseIsRefusedUntilItsOwnerUpgradesIt() throws {
        _ = try Self.cluster!.sql(
            "ALTER TABLE crisiscell.operations DROP COLUMN made_at; UPDATE crisiscell.meta SET value = '2' WHERE key = 'version'",
            database: database)
        XCTAssertThrowsError(try site("site")) { error in
            XCTAssertTrue(
                "\(error)".contains("schema version 2, which loses when offline changes were made"), "\(error)")
        }
        _ = try DatabaseAdmin.initialize(url())
        let s = try site("site")
        XCTAssertNotNil(try s.commit(.log(crisis: nil, kind: .sitrep, text: "after the upgrade"), by: "karim").entry)
    }
}
