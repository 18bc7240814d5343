import CrisisStorage
import Foundation
import XCTest

@testable import CrisisPostgres

/// Several servers in one URL, by libpq's rules, and how a site chooses among them (what each server is, and the
/// timeline it has seen), without a server: the rules alone.
final class SeveralServersTests: XCTestCase {
    private func parse(_ text: String, env: [String: String] = [:]) throws -> DatabaseURL {
        try DatabaseURL(text, environment: ["HOME": "/nonexistent", "USER": "rahim"].merging(env) { $1 })
    }

    func testHostsAndPortsAreListedInOrder() throws {
        let u = try parse("postgres://olga@hq-db:5432,dr-db:6432/cell?target_session_attrs=read-write")
        XCTAssertEqual(u.endpoints, [.tcp(host: "hq-db", port: 5432), .tcp(host: "dr-db", port: 6432)])
        XCTAssertEqual(u.targetSessionAttrs, .readWrite)
        XCTAssertFalse(u.loadBalanceHosts)
        XCTAssertEqual(u.description, "olga@hq-db:5432,dr-db:6432/cell")
        // A host without its port takes 5432; one port= for all, or one for each.
        XCTAssertEqual(
            try parse("postgres://olga@hq-db,dr-db:6432/cell").endpoints,
            [.tcp(host: "hq-db", port: 5432), .tcp(host: "dr-db", port: 6432)])
        XCTAssertEqual(
            try parse("postgres://olga@/cell?host=/run/a,/run/b&port=5499").endpoints,
            [.socket(directory: "/run/a", port: 5499), .socket(directory: "/run/b", port: 5499)])
        XCTAssertEqual(
            try parse("postgres://olga@/cell?host=/run/a,db.example&port=5499,5433").endpoints,
            [.socket(directory: "/run/a", port: 5499), .tcp(host: "db.example", port: 5433)])
        XCTAssertEqual(
            try parse("postgres://olga@[::1]:5433,[2001:db8::7]/cell").endpoints,
            [.tcp(host: "::1", port: 5433), .tcp(host: "2001:db8::7", port: 5432)])
        // The environment's lists, as libpq reads them.
        let env = try parse(
            "postgres:///cell",
            env: ["PGHOST": "hq-db,dr-db", "PGPORT": "5432,5433", "PGTARGETSESSIONATTRS": "prefer-standby"])
        XCTAssertEqual(env.endpoints, [.tcp(host: "hq-db", port: 5432), .tcp(host: "dr-db", port: 5433)])
        XCTAssertEqual(env.targetSessionAttrs, .preferStandby)
        XCTAssertTrue(try parse("postgres://u@a,b/db?load_balance_hosts=random").loadBalanceHosts)
        for value in DatabaseURL.TargetSessionAttrs.allCases {
            XCTAssertEqual(
                try parse("postgres://u@a,b/db?target_session_attrs=\(value.rawValue)").targetSessionAttrs, value)
        }
    }

    func testEachServerGetsItsOwnPasswordFromThePasswordFile() throws {
        let file = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
        try "hq-db:5432:cell:olga:Hq7secret\ndr-db:5432:cell:olga:Dr7secret\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        defer { unlink(file) }
        let u = try parse("postgres://olga@hq-db,dr-db/cell", env: ["PGPASSFILE": file])
        XCTAssertEqual(u.only(.tcp(host: "hq-db", port: 5432)).password, "Hq7secret")
        XCTAssertEqual(u.only(.tcp(host: "dr-db", port: 5432)).password, "Dr7secret")
        XCTAssertFalse(u.description.contains("secret"))
    }

    func testWhatEachWishAcceptsAsLibpqDoes() {
        let primary = ServerFacts(inRecovery: false, readOnly: false, timeline: 2)
        let standby = ServerFacts(inRecovery: true, readOnly: true, timeline: nil)
        let readOnlyPrimary = ServerFacts(inRecovery: false, readOnly: true, timeline: 2)
        let table: [(DatabaseURL.TargetSessionAttrs, [Bool])] = [
            (.any, [true, true, true]), (.readWrite, [true, false, false]), (.readOnly, [false, true, true]),
            (.primary, [true, false, true]), (.standby, [false, true, false]), (.preferStandby, [false, true, false]),
        ]
        for (want, accepts) in table {
            XCTAssertEqual([primary, standby, readOnlyPrimary].map { $0.satisfies(want) }, accepts, want.rawValue)
        }
        XCTAssertEqual(DatabaseURL.TargetSessionAttrs.any.forWriting, .readWrite)
        XCTAssertEqual(
            DatabaseURL.TargetSessionAttrs.primary.forWriting, .readWrite, "a read-only primary takes no changes")
        XCTAssertEqual(DatabaseURL.TargetSessionAttrs.preferStandby.forWriting, .readWrite)
    }

    func testAPrimaryBehindTheTimelineASiteHasSeenIsRefusedAndTheMarkIsKept() throws {
        let file = NSTemporaryDirectory() + "timeline-\(UUID().uuidString)"
        defer { unlink(file) }
        let mark = TimelineMark(file: file)
        XCTAssertEqual(mark.seen, 0)
        let hq = DatabaseURL.Endpoint.tcp(host: "hq-db", port: 5432)
        XCTAssertNil(mark.refusal(ServerFacts(inRecovery: false, readOnly: false, timeline: 1), server: hq))
        mark.saw(2)
        mark.saw(1)
        XCTAssertEqual(TimelineMark(file: file).seen, 2, "kept on disk, never lowered")
        let refusal = mark.refusal(ServerFacts(inRecovery: false, readOnly: false, timeline: 1), server: hq)
        XCTAssertEqual(
            refusal?.message,
            "hq-db is an old primary (timeline 1, this cell is on 2): rebuild it as a standby (pg_rewind) before use")
        XCTAssertEqual(refusal?.oldPrimary, true)
        XCTAssertEqual(refusal?.unreachable, false, "not a link that comes back by itself")
        XCTAssertNil(
            mark.refusal(ServerFacts(inRecovery: true, readOnly: true, timeline: 1), server: hq),
            "a standby is not written to")
        XCTAssertNil(mark.refusal(ServerFacts(inRecovery: false, readOnly: false, timeline: 3), server: hq))
    }

    func testNoServerWouldDoSaysEachAndAnOldPrimaryFirst() {
        let url = try! parse("postgres://olga@hq-db,dr-db/cell")
        let hq = DatabaseURL.Endpoint.tcp(host: "hq-db", port: 5432)
        let dr = DatabaseURL.Endpoint.tcp(host: "dr-db", port: 5432)
        let down = DatabaseError(
            message: "cannot reach the database at olga@dr-db:5432/cell: Connection refused", unreachable: true)
        let standby = DatabaseError(
            message: "dr-db is a standby, not a server that takes changes (read-write)", unreachable: true)
        let both = DatabaseError.none(of: [(hq, down), (dr, standby)], url: url, want: .readWrite)
        XCTAssertTrue(both.unreachable, "a failover in progress comes back by itself")
        XCTAssertTrue(
            both.message.hasPrefix(
                "cannot reach a server that takes changes (read-write) among olga@hq-db:5432,dr-db:5432/cell: hq-db: "),
            both.message)
        XCTAssertTrue(both.message.contains("dr-db: dr-db is a standby"), both.message)
        let old = TimelineMark(file: nil)
        old.saw(2)
        let refusal = old.refusal(ServerFacts(inRecovery: false, readOnly: false, timeline: 1), server: hq)!
        let withOld = DatabaseError.none(of: [(dr, down), (hq, refusal)], url: url, want: .readWrite)
        XCTAssertFalse(withOld.unreachable)
        XCTAssertTrue(withOld.oldPrimary)
        XCTAssertTrue(
            withOld.message.hasPrefix("hq-db is an old primary (timeline 1, this cell is on 2)"), withOld.message)
        XCTAssertEqual(
            DatabaseError.none(of: [(hq, down)], url: url, want: .any).message, down.message,
            "one server: its own words")
    }

    func testAMoveIsLostThenReachedElsewhere() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        var move = ServerMove(server: "hq-db")
        move.lost(at: t0)
        XCTAssertEqual(move.lostServer, "hq-db")
        XCTAssertNil(move.movedAt)
        move.reached("dr-db", at: t0 + 14)
        XCTAssertEqual(move.server, "dr-db")
        XCTAssertEqual(move.movedAt, t0 + 14)
        XCTAssertEqual(move.lostServer, "hq-db")
        // Back on the same server: no move to tell.
        var same = ServerMove(server: "hq-db")
        same.lost(at: t0)
        same.reached("hq-db", at: t0 + 3)
        XCTAssertNil(same.lostAt)
        XCTAssertNil(same.movedAt)
    }

    func testTheMarkBelongsToOneClusterAndStartsAgainForANewOne() {
        let mark = TimelineMark(file: nil)
        let hq = DatabaseURL.Endpoint.tcp(host: "hq-db", port: 5432)
        mark.saw(ServerFacts(inRecovery: false, readOnly: false, timeline: 3, system: "7715"))
        let old = ServerFacts(inRecovery: false, readOnly: false, timeline: 2, system: "7715")
        XCTAssertNotNil(mark.refusal(old, server: hq), "the same cluster, an older timeline")
        // Restored or upgraded onto a cluster made anew: its timelines start again, and it is not an old primary.
        let restored = ServerFacts(inRecovery: false, readOnly: false, timeline: 1, system: "9001")
        XCTAssertNil(mark.refusal(restored, server: hq))
        mark.saw(restored)
        XCTAssertEqual(mark.seen, 1)
        XCTAssertNil(mark.refusal(restored, server: hq))
    }
}
