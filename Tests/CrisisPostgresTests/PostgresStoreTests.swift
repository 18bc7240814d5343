import CrisisExchange
import CrisisModel
import CrisisStorage
import CrisisTesting
import Foundation
import TestSupport
import XCTest

@testable import CrisisPostgres

/// The store on a private PostgreSQL cluster: who may write, who is recorded, two writers racing, a site
/// that loses its link and keeps its changes, and one the database refuses when they are sent.
final class PostgresStoreTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PrivateCluster?
    private var tmp: TempDirectory!
    private var database = ""

    override class func setUp() {
        cluster = try? PrivateCluster(label: "store")
    }

    override class func tearDown() { cluster = nil }

    override func setUpWithError() throws {
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        tmp = TempDirectory("pgstore")
        database = "t" + UUID().uuidString.prefix(8).lowercased()
        try cluster.createDatabase(database)
        _ = try DatabaseAdmin.initialize(url())
        _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: url())
        for (login, role) in [("viewer1", "viewer"), ("karim", "officer"), ("nasrin", "officer"), ("boss", "admin")] {
            _ = try DatabaseAdmin.grant(url(), login: login, role: role)
        }
    }

    override func tearDown() { tmp?.cleanUp() }

    private func url(_ user: String = "postgres") -> DatabaseURL {
        try! DatabaseURL(Self.cluster!.url(user: user, database: database))
    }

    private func store(_ user: String, cache: String) throws -> PostgresStore {
        try PostgresStore(
            url: url(user), cache: DataDirectory(path: tmp.path + "/" + cache), operatorName: "typed-\(user)")
    }

    /// Who a conflict names comes from the histories, kept in time order; the database stamps the server's
    /// time, which a moved test clock (CRISISCELL_CLOCK) does not move, so then only the figures are checked.
    private var clockIsMoved: Bool { ProcessInfo.processInfo.environment["CRISISCELL_CLOCK"] != nil }
    private func changedBy(_ who: String) -> String { clockIsMoved ? "" : " (changed by \(who)" }

    private func head() throws -> Int {
        Int(
            try Self.cluster!.sql("SELECT crisiscell.head()", database: database).trimmingCharacters(
                in: .whitespacesAndNewlines))!
    }

    func testTheLoginIsRecordedAndPostgreSQLDecidesWhoMayWrite() throws {
        let karim = try store("karim", cache: "k")
        guard
            case .saved(let entry) = try karim.commit(
                .log(crisis: nil, kind: .sitrep, text: "night call"), by: "someone-else")
        else {
            return XCTFail("not saved")
        }
        XCTAssertEqual(entry.operator, "karim", "the login, whatever the client says")
        XCTAssertEqual(
            try Self.cluster!.sql(
                "SELECT operator FROM crisiscell.operations WHERE seq = \(entry.seq)", database: database
            )
            .trimmingCharacters(in: .whitespacesAndNewlines), "karim")

        let before = try head()
        let viewer = try store("viewer1", cache: "v")
        XCTAssertThrowsError(try viewer.commit(.log(crisis: nil, kind: .sitrep, text: "not allowed"), by: "viewer1")) {
            XCTAssertTrue("\($0)".contains("viewer1 may only read"), "\($0)")
        }
        XCTAssertEqual(try head(), before, "nothing written")

        // An officer's client may be modified; the server still says who may delete a crisis.
        let crisis = karim.store.world.crisesByUrgency().last!
        XCTAssertThrowsError(try karim.commit(.deleteCrisis(id: crisis.id, expected: crisis), by: "karim")) {
            XCTAssertTrue("\($0)".contains("only a crisiscell admin may delete a crisis"), "\($0)")
        }
        let boss = try store("boss", cache: "b")
        XCTAssertNotNil(try boss.commit(.deleteCrisis(id: crisis.id, expected: crisis), by: "boss").entry)
        // Rows are never changed or removed, even by the owner.
        XCTAssertThrowsError(try Self.cluster!.sql("DELETE FROM crisiscell.operations", database: database))
    }

    /// Two sites write the same figure from the same old value: the second is told, never merged silently;
    /// different figures from stale caches are caught up, checked again and saved.
    func testTwoWritersNeverOverwriteEachOtherSilently() throws {
        let a = try store("karim", cache: "a")
        let b = try store("nasrin", cache: "b")
        let seen = a.store.world.countries["LB"]!.count(.affected)
        XCTAssertNotNil(
            try a.commit(
                .setCounts(
                    country: "LB", counts: [.affected: 12_600], source: "", asOf: nil, expected: [.affected: seen]),
                by: "karim"
            ).entry)
        XCTAssertThrowsError(
            try b.commit(
                .setCounts(
                    country: "LB", counts: [.affected: 12_700], source: "", asOf: nil, expected: [.affected: seen]),
                by: "nasrin")
        ) {
            XCTAssertTrue("\($0)".contains("is now 12,600" + self.changedBy("karim")), "\($0)")
        }
        // b's cache was behind; a change to something else goes through after catching up.
        XCTAssertNotNil(
            try b.commit(
                .setAlert(country: "KW", level: .restriction, reason: "curfew", expected: .precautionary), by: "nasrin"
            ).entry)
        XCTAssertEqual(b.store.world.countries["LB"]!.count(.affected), 12_600, "and b now holds a's figure")
        XCTAssertEqual(b.store.seq, try head())
    }

    /// The link drops: changes go to the site's outbox, durable; reopened later (as after kill -9) with the
    /// server back, they are sent once, in order. One that meets a colleague's newer figure stays, with why.
    func testAnOfflineSiteKeepsItsChangesAndSendsThemOnce() throws {
        var site: PostgresStore? = try store("karim", cache: "site")
        let affected = site!.store.world.countries["LB"]!.count(.affected)
        let headBefore = try head()
        Self.cluster!.stop()
        defer { if !Self.cluster!.running { try? Self.cluster!.start() } }
        for text in ["first", "second", "third"] {
            guard case .queued(let why) = try site!.commit(.log(crisis: nil, kind: .sitrep, text: text), by: "karim")
            else { return XCTFail("not queued") }
            XCTAssertTrue(why.contains("waiting to send"), why)
        }
        XCTAssertEqual(
            try site!.commit(
                .setCounts(
                    country: "LB", counts: [.affected: 13_000], source: "", asOf: nil, expected: [.affected: affected]),
                by: "karim"
            ).entry, nil)
        XCTAssertEqual(site!.link?.online, false)
        XCTAssertEqual(site!.link?.waiting, 4)
        // Shown at this site while they wait, said to wait, numbered as the database last was.
        XCTAssertEqual(site!.store.world.countries["LB"]!.count(.affected), 13_000)
        XCTAssertEqual(
            site!.store.world.events.suffix(4).prefix(3).map(\.text),
            ["first · waiting to send", "second · waiting to send", "third · waiting to send"])
        XCTAssertEqual(site!.store.seq, headBefore)
        // The next change made here is checked against what the operator sees.
        XCTAssertNoThrow(
            try site!.store.prepare(
                .setCounts(
                    country: "LB", counts: [.affected: 13_100], source: "", asOf: nil, expected: [.affected: 13_000])))
        site = nil // as if killed: only the outbox file remains

        try Self.cluster!.start()
        let colleague = try store("nasrin", cache: "hq")
        XCTAssertNotNil(
            try colleague.commit(
                .setCounts(
                    country: "LB", counts: [.affected: 12_900], source: "", asOf: nil, expected: [.affected: affected]),
                by: "nasrin"
            ).entry)
        let base = try head()

        let reopened = try store("karim", cache: "site")
        XCTAssertEqual(try head(), base + 3, "the three log entries arrived, once")
        let texts = reopened.store.world.events.suffix(3).map(\.text)
        XCTAssertEqual(texts, ["first", "second", "third"], "in order")
        XCTAssertEqual(reopened.link?.waiting, 0)
        XCTAssertEqual(reopened.link?.refused.count, 1, "the figure nasrin changed meanwhile is refused, not forced")
        guard let refusal = reopened.link?.refused.first else { return XCTFail("nothing refused") }
        XCTAssertTrue(refusal.contains("is now 12,900" + changedBy("nasrin")), refusal)
        XCTAssertEqual(reopened.store.world.countries["LB"]!.count(.affected), 12_900)

        // Resolved by the operator: sent again expecting what is there now.
        let waiting = try Outbox(directory: DataDirectory(path: tmp.path + "/site")).changes()
        XCTAssertEqual(waiting.count, 1)
        try reopened.resolve(waiting[0].id, keep: true)
        XCTAssertEqual(reopened.store.world.countries["LB"]!.count(.affected), 13_000)
        XCTAssertEqual(reopened.link?.refused.count, 0)
        XCTAssertEqual(try Outbox(directory: DataDirectory(path: tmp.path + "/site")).changes().count, 0)
    }

    /// Ticked and unticked again while offline: the second is checked against the first (as the operator saw
    /// it), and both arrive, in order, leaving the item as it was.
    func testChangesMadeOfflineBuildOnEachOther() throws {
        let site = try store("karim", cache: "site")
        let crisis = site.store.world.crisesByUrgency().first!
        let item = crisis.checklist.first { $0.status == .open }!
        let headBefore = try head()
        Self.cluster!.stop()
        defer { if !Self.cluster!.running { try? Self.cluster!.start() } }
        let owner = ChecklistOwner.crisis(crisis.id)
        guard
            case .queued = try site.commit(
                .setItemStatus(owner: owner, item: item.id, status: .done, expected: .open), by: "karim")
        else { return XCTFail("not queued") }
        XCTAssertEqual(site.store.world.crises[crisis.id]!.checklist.first { $0.id == item.id }!.status, .done)
        guard
            case .queued = try site.commit(
                .setItemStatus(owner: owner, item: item.id, status: .open, expected: .done), by: "karim")
        else { return XCTFail("not queued") }
        XCTAssertEqual(site.store.world.crises[crisis.id]!.checklist.first { $0.id == item.id }!.status, .open)
        XCTAssertThrowsError(
            try site.commit(.setItemStatus(owner: owner, item: item.id, status: .done, expected: .done), by: "karim"),
            "a stale expectation is a conflict offline too")
        XCTAssertEqual(site.link?.waiting, 2)

        try Self.cluster!.start()
        _ = try site.refresh()
        XCTAssertEqual(site.link?.waiting, 0)
        XCTAssertEqual(try head(), headBefore + 2, "both, once")
        XCTAssertEqual(site.store.world.crises[crisis.id]!.checklist.first { $0.id == item.id }!.status, .open)
        XCTAssertFalse(site.store.world.events.contains { $0.text.hasSuffix("waiting to send") })
    }

    /// A site the database stops letting in (its login disabled) is not merely offline: the link status says
    /// why, so the console can say what to mend; changes wait meanwhile, and go once it is let in again.
    func testARefusalIsToldApartFromADroppedLink() throws {
        let site = try PostgresStore(
            url: url("karim"), cache: DataDirectory(path: tmp.path + "/live"), live: true, operatorName: "karim")
        func until(_ what: String, _ condition: () -> Bool) {
            let end = Date().addingTimeInterval(15)
            while !condition() && Date() < end {
                _ = try? site.refresh()
                usleep(100_000)
            }
            XCTAssertTrue(condition(), what)
        }
        _ = try Self.cluster!.sql(
            "ALTER ROLE karim NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'karim'",
            database: database)
        until("the follower sees the link down and the refusal") {
            site.link?.online == false && site.link?.problem != nil
        }
        let problem = site.link?.problem ?? ""
        XCTAssertTrue(problem.contains("karim") && problem.contains("not permitted to log in"), problem)
        guard case .queued = try site.commit(.log(crisis: nil, kind: .sitrep, text: "while refused"), by: "karim")
        else { return XCTFail("not kept") }

        _ = try Self.cluster!.sql("ALTER ROLE karim LOGIN", database: database)
        until("let in again, the waiting change sent") { site.link?.online == true && site.link?.waiting == 0 }
        XCTAssertNil(site.link?.problem)
        XCTAssertEqual(
            try Self.cluster!.sql(
                "SELECT count(*) FROM crisiscell.operations WHERE op::jsonb->'log'->>'text' = 'while refused'",
                database: database
            )
            .trimmingCharacters(in: .whitespacesAndNewlines), "1")
    }

    /// A change sent again with its id (the link cut while it was being committed, then sent from the
    /// outbox) is recognised: the rows it made come back, nothing is appended twice.
    func testAChangeSentTwiceIsAppendedOnce() throws {
        let base = try head()
        let op = #"{"log":{"kind":"sitrep","text":"sent twice"}}"#
        let call = "SELECT seq FROM crisiscell.append(\(base), ARRAY['\(op)'], 'req-42')"
        let first = try Self.cluster!.sql(call, database: database).trimmingCharacters(in: .whitespacesAndNewlines)
        let again = try Self.cluster!.sql(
            call.replacingOccurrences(of: "(\(base),", with: "(\(base + 1),"), database: database
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(first, "\(base + 1)")
        XCTAssertEqual(again, first, "the same row again")
        XCTAssertEqual(try head(), base + 1)
    }

    func testACacheOfAnotherDatabaseIsRefused() throws {
        _ = try store("karim", cache: "x")
        let other = "o" + UUID().uuidString.prefix(8).lowercased()
        try Self.cluster!.createDatabase(other)
        let otherURL = try DatabaseURL(Self.cluster!.url(database: other))
        _ = try DatabaseAdmin.initialize(otherURL)
        XCTAssertThrowsError(
            try PostgresStore(url: otherURL, cache: DataDirectory(path: tmp.path + "/x"), operatorName: "k")
        ) {
            XCTAssertTrue("\($0)".contains("caches another database"), "\($0)")
        }
    }
}
