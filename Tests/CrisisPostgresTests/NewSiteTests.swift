import CrisisModel
import CrisisTesting
import Foundation
import TestSupport
import XCTest

@testable import CrisisPostgres
@testable import CrisisStorage

/// A new site (an empty cache): a console draws on the database's snapshot and the operations after it at once,
/// and its own copy is written behind the first frame; the copy on disk is only ever empty or whole.
final class NewSiteTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PrivateCluster?
    private var tmp: TempDirectory!
    private var database = ""

    override class func setUp() { cluster = try? PrivateCluster(label: "newsite") }
    override class func tearDown() { cluster = nil }

    override func setUpWithError() throws {
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        tmp = TempDirectory("newsite")
        database = "n" + UUID().uuidString.prefix(8).lowercased()
        try cluster.createDatabase(database)
        _ = try DatabaseAdmin.initialize(url())
        _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: url())
        for login in ["karim", "nasrin"] { _ = try DatabaseAdmin.grant(url(), login: login, role: "officer") }
        // Operations after the database's snapshot, as a day of work leaves them.
        let karim = try open("karim", cache: "karim")
        for n in 1...3 { _ = try karim.commit(.log(crisis: nil, kind: .sitrep, text: "night \(n)"), by: "karim") }
    }

    override func tearDown() {
        Repository.everyBackgroundGate = nil
        tmp?.cleanUp()
    }

    /// Holds every cache's background write until `signal`, so what a site does meanwhile can be seen.
    private func holdCopies() -> DispatchSemaphore {
        let gate = DispatchSemaphore(value: 0)
        Repository.everyBackgroundGate = gate
        return gate
    }

    private func url(_ user: String = "postgres") -> DatabaseURL {
        try! DatabaseURL(Self.cluster!.url(user: user, database: database))
    }

    private func directory(_ name: String) -> DataDirectory { DataDirectory(path: tmp.path + "/" + name) }

    private func open(_ user: String, cache: String, live: Bool = false) throws -> PostgresStore {
        try PostgresStore(url: url(user), cache: directory(cache), live: live, operatorName: user)
    }

    private func onDisk(_ cache: String) throws -> Store {
        try Repository(directory: directory(cache), readOnly: true).store
    }

    /// The whole store as the database holds it, read by a command into a cache of its own.
    private func databaseStore() throws -> Store { try open("postgres", cache: "ref-\(UUID().uuidString)").store }

    private func waitUntil(_ what: String, _ done: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while try !done() {
            guard Date() < deadline else { return XCTFail("not within 20 s: \(what)") }
            usleep(20_000)
        }
    }

    func testANewConsoleHasTheWholeStoreAtOnceAndItsCopyLandsWithWhatCameMeanwhile() throws {
        // The database keeps its snapshot without layout: one line, a third smaller than snapshot.json.
        let lines = try Self.cluster!.sql(
            "SELECT strpos(rtrim(world, E'\\n'), E'\\n') FROM crisiscell.snapshots", database: database)
        XCTAssertEqual(lines.trimmingCharacters(in: .whitespacesAndNewlines), "0")
        let gate = holdCopies()
        let site = try open("nasrin", cache: "site", live: true)
        XCTAssertEqual(site.store, try databaseStore(), "the snapshot and the three operations after it")
        XCTAssertEqual(try onDisk("site").seq, 0, "nothing on disk until the whole copy is written")

        // A colleague's change arrives while the copy is still being written: it is held with it.
        let karim = try open("karim", cache: "karim")
        _ = try karim.commit(.log(crisis: nil, kind: .sitrep, text: "while the copy is written"), by: "karim")
        let head = karim.store.seq
        try waitUntil("the console has the colleague's change") {
            _ = try site.refresh()
            return site.store.seq >= head
        }
        XCTAssertEqual(site.store.seq, head)
        XCTAssertEqual(try onDisk("site").seq, 0)

        gate.signal()
        XCTAssertTrue(try site.finishBackgroundSnapshot(wait: true))
        XCTAssertEqual(try onDisk("site"), try databaseStore(), "the copy on disk: snapshot, then the held change")
    }

    func testASiteKilledBeforeItsCopyLandedStartsCleanAndRefusesToWorkOfflineOnNothing() throws {
        let gate = holdCopies()
        do {
            let site = try open("nasrin", cache: "site", live: true)
            XCTAssertGreaterThan(site.store.seq, 0)
            // Gone without finishing, as after kill -9.
        }
        XCTAssertEqual(try onDisk("site").seq, 0, "empty, never a journal without its snapshot")
        Repository.everyBackgroundGate = nil
        gate.signal() // the killed one's thread, which a real kill would have ended

        // The database unreachable now: the site says it has no copy to work on, rather than showing an empty
        // cell as if it were the record.
        let dead = try DatabaseURL("postgresql://nasrin@127.0.0.1:9/\(database)?connect_timeout=2")
        XCTAssertThrowsError(
            try PostgresStore(url: dead, cache: directory("site"), live: true, operatorName: "nasrin")
        ) {
            XCTAssertTrue("\($0)".contains("this site holds no copy of the database yet"), "\($0)")
        }

        let again = try open("nasrin", cache: "site", live: true)
        XCTAssertEqual(again.store, try databaseStore())
        try again.finishBackgroundSnapshot(wait: true)
        XCTAssertEqual(try onDisk("site"), try databaseStore())
    }

    func testASnapshotKeptWithLayoutByAnEarlierVersionIsReadAsWell() throws {
        let store = try databaseStore()
        let pretty = String(
            decoding: SnapshotFile(seq: store.seq, savedAt: CellClock.now(), world: store.world).encoded(),
            as: UTF8.self)
        XCTAssertTrue(pretty.contains("\n  \"seq\" : \(store.seq),\n"), "snapshot.json's own layout")
        let link = try DatabaseLink(url())
        defer { link.close() }
        _ = try link.query("SELECT crisiscell.put_snapshot(\(store.seq), $snap$\(pretty)$snap$)")
        let newest = try Self.cluster!.sql(
            "SELECT octet_length(world) FROM crisiscell.snapshots ORDER BY seq DESC LIMIT 1", database: database)
        XCTAssertEqual(Int(newest.trimmingCharacters(in: .whitespacesAndNewlines)), pretty.utf8.count)
        let site = try open("nasrin", cache: "site", live: true)
        XCTAssertEqual(site.store, store)
    }

    func testACommandWritesItsCopyBeforeItGoesOn() throws {
        let command = try open("nasrin", cache: "cmd")
        XCTAssertEqual(try onDisk("cmd"), command.store)
        XCTAssertEqual(command.store, try databaseStore())
    }
}
