import CrisisTesting
import Foundation
import TestSupport
import XCTest

/// A primary and a synchronous streaming standby (pg_basebackup -R) on one machine, with the real binary on a
/// two-host URL: the primary killed as a power cut would (`pg_ctl stop -m immediate`), the standby promoted, the
/// sites carrying on, and the old primary started again on its own.
final class FailoverEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }
    private var primary: PrivateCluster!
    private var standby: PrivateCluster!

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard let p = try PrivateCluster(label: "hq") else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        primary = p
        try primary.createDatabase("cell")
        standby = try PrivateCluster(label: "dr", standbyOf: primary, name: "dr")
        try primary.requireStandby("dr")
        ok(cli("db", "init", "--db", url()))
        ok(cli("db", "push", "--data", dir, "--db", url()))
        for login in ["karim", "rahim", "nasrin", "omar"] { ok(cli("db", "grant", login, "officer", "--db", url())) }
        ok(cli("db", "grant", "wall", "viewer", "--db", url()))
    }

    override func tearDownWithError() throws {
        standby = nil
        primary = nil
        try super.tearDownWithError()
    }

    /// The two servers, the primary first, as a cell lists them.
    private func url(_ user: String = "postgres", attrs: String? = nil) -> String {
        "postgres://\(user)@/cell?host=\(primary.root),\(standby.root)&port=\(primary.port)"
            + (attrs.map { "&target_session_attrs=\($0)" } ?? "")
    }
    private var primaryName: String { (primary.root as NSString).lastPathComponent + ":\(primary.port)" }
    private var standbyName: String { (standby.root as NSString).lastPathComponent + ":\(standby.port)" }

    private func cli(_ args: String...) -> ProcessResult { runProcess(binary, args) }
    private func ok(_ r: ProcessResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr, file: file, line: line)
    }
    private func sql(_ q: String, on cluster: PrivateCluster) -> String {
        ((try? cluster.sql(q, database: "cell")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
    private func cache(_ name: String) -> String { tmp.path + "/cache-" + name }

    /// Polls `condition` every 50 ms for at most `timeout` seconds.
    private func eventually(_ timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Four writers with the two-host URL; the primary dies under them and the standby is promoted: every
    /// change a writer was told is kept is on the new primary exactly once, numbered without a gap, and the
    /// database checks clean. Then the old primary starts again on its own, and every site refuses it in words.
    func testFourWritersCarryOnThroughAFailoverAndRefuseTheOldPrimary() throws {
        let base = Int(sql("SELECT crisiscell.head()", on: primary)) ?? -1
        let count = 120
        let group = DispatchGroup()
        let outputs = OutputBox()
        for (w, login) in ["karim", "rahim", "nasrin", "omar"].enumerated() {
            group.enter()
            let args = [
                "_append", "--db", url(login), "--data", cache("w\(w)"), "--count", "\(count)", "--label", "w\(w)",
            ]
            let binary = self.binary
            DispatchQueue.global().async {
                let r = runProcess(binary, args)
                outputs.add(w, r)
                group.leave()
            }
        }
        // Each writer under way (a site that never reached the database has no copy to work offline on).
        let started =
            "SELECT count(*) FROM (SELECT split_part(op::jsonb->'log'->>'text', ' ', 1) AS w FROM crisiscell.operations"
            + " WHERE seq > \(base) GROUP BY 1 HAVING count(*) >= 10) s"
        XCTAssertTrue(eventually(60) { sql(started, on: primary) == "4" }, "the writers did not get going")
        primary.stopImmediately()
        let lost = Date()
        usleep(1_000_000)
        try standby.promote()
        print("FAILOVER: standby promoted \(Int(Date().timeIntervalSince(lost) * 1000)) ms after the primary was lost")
        XCTAssertEqual(group.wait(timeout: .now() + 120), .success, "the writers did not finish")
        for w in 0..<4 {
            let r = outputs.get(w)
            XCTAssertEqual(r?.status, 0, r.map { String($0.stdout.suffix(300)) + String($0.stderr.suffix(600)) } ?? "")
            let acknowledged = (r?.stdout ?? "").split(separator: "\n").filter { $0.hasPrefix("ok ") }.count
            XCTAssertEqual(acknowledged, count, "writer \(w) was told each change was kept")
            // What a writer kept at its site while no primary answered goes with its next opening.
            ok(cli("outbox", "--db", url(["karim", "rahim", "nasrin", "omar"][w]), "--data", cache("w\(w)")))
        }
        let texts = sql(
            "SELECT op::jsonb->'log'->>'text' FROM crisiscell.operations WHERE seq > \(base) ORDER BY seq", on: standby
        )
        .split(separator: "\n").map(String.init)
        XCTAssertEqual(texts.count, 4 * count, "every acknowledged change is on the new primary, once")
        XCTAssertEqual(Set(texts).count, texts.count, "none twice")
        for w in 0..<4 {
            XCTAssertEqual(Set(texts.filter { $0.hasPrefix("w\(w) ") }).count, count, "writer \(w)'s changes")
        }
        XCTAssertEqual(
            sql(
                "SELECT count(*) FROM (SELECT seq - lag(seq) OVER (ORDER BY seq) AS d FROM crisiscell.operations) s WHERE d <> 1",
                on: standby), "0", "numbers without a gap")
        let check = cli("check", "--db", url())
        ok(check)
        XCTAssertTrue(check.stdout.contains("healthy"), check.stdout)

        // The old primary comes back on its own (not rebuilt): a primary on timeline 1, the cell on 2.
        try primary.start()
        let status = cli("db", "status", "--db", url("karim"))
        XCTAssertEqual(status.status, 1, status.stdout)
        XCTAssertTrue(status.stdout.contains("\(primaryName) is an old primary (timeline 1"), status.stdout)
        // With the new primary up, a site writes there; with it down, it refuses the old one, in words.
        ok(cli("log", "--db", url("karim"), "--data", cache("w0"), "after the failover"))
        XCTAssertEqual(
            sql("SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%after the failover%'", on: primary), "0")
        // A new site (no timeline seen yet), the old primary listed first: it asks the others, and goes to the new.
        ok(cli("log", "--db", url("karim"), "--data", cache("fresh"), "from a new site"))
        XCTAssertEqual(
            sql("SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%from a new site%'", on: standby), "1")
        XCTAssertEqual(
            sql("SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%from a new site%'", on: primary), "0")
        standby.stop()
        let fresh = cli("log", "--db", url("karim"), "--data", cache("fresh"), "to the old primary?")
        XCTAssertTrue(
            fresh.stderr.contains("\(primaryName) is an old primary (timeline 1, this cell is on 2)"), fresh.stderr)
        for w in 0..<4 {
            let login = ["karim", "rahim", "nasrin", "omar"][w]
            let r = cli("log", "--db", url(login), "--data", cache("w\(w)"), "to the old primary?")
            XCTAssertTrue(
                r.stderr.contains(
                    "\(primaryName) is an old primary (timeline 1, this cell is on 2): rebuild it as a standby (pg_rewind) before use"
                ),
                r.stderr)
        }
        XCTAssertEqual(
            sql("SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%old primary?%'", on: primary), "0",
            "nothing written to the old primary")
    }

    /// Two consoles through the failover: both say the database is moving while no server takes changes, a tick
    /// made in the gap is kept at its site, and within 5 s of the promotion both are on the new primary, the
    /// tick there once and seen at the other site.
    func testTwoConsolesFollowTheFailoverAndATickMadeInTheGapArrivesOnce() throws {
        let a = console(200, 40, args: "--db \(shellQuote(url("rahim")))", dataDir: cache("a"))
        let b = console(200, 40, args: "--db \(shellQuote(url("karim")))", dataDir: cache("b"))
        let base = Int(sql("SELECT crisiscell.head()", on: primary)) ?? -1
        a.send("3", "/")
        a.type("Fallback")
        a.send("Enter")
        XCTAssertTrue(a.waitFor("[ ] Fallback ready").ok, a.capture())
        let topBar: (String) -> String = { String($0.split(separator: "\n").first ?? "") }
        primary.stopImmediately()
        for s in [a, b] {
            let moving = s.waitFor(timeout: 10) { topBar($0).contains("database moving: \(self.primaryName) lost") }
            XCTAssertTrue(moving.ok, "the top bar says the database is moving:\n\(moving.screen)")
        }
        a.send("Space")
        let kept = a.waitFor(timeout: 2) {
            $0.contains("[x] Fallback ready") && topBar($0).contains("1 waiting to send")
        }
        XCTAssertTrue(kept.ok, "the tick is kept at the site during the gap:\n\(kept.screen)")
        try standby.promote()
        let promoted = Date()
        for s in [a, b] {
            let moved = s.waitFor(timeout: 5) {
                topBar($0).contains("database moved: \(self.primaryName) lost")
                    && topBar($0).contains("now \(self.standbyName)")
                    && !topBar($0).contains("waiting to send")
            }
            XCTAssertTrue(moved.ok, "on the new primary within 5 s of the promotion:\n\(moved.screen)")
        }
        print(
            "FAILOVER AT THE CONSOLES: both on the new primary \(Int(Date().timeIntervalSince(promoted) * 1000)) ms after the promotion"
        )
        XCTAssertTrue(b.waitFor(timeout: 2) { $0.contains("[x] Fallback ready") }.ok, b.capture())
        XCTAssertEqual(Int(sql("SELECT crisiscell.head()", on: standby)), base + 1, "the tick, once")
        a.send("q")
        b.send("q")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
        XCTAssertEqual(Int(sql("SELECT crisiscell.head()", on: standby)), base + 1)
    }

    /// A briefing wall on the standby (prefer-standby; a standby sends no notifications, so it looks four times a
    /// second): an alert raised on the primary is on the wall within a second, and the wall's session is on the
    /// standby, not the primary.
    func testABriefingWallOnTheStandbyShowsAChangeWithinASecond() {
        let wall = console(
            160, 45, args: "--briefing --db \(shellQuote(url("wall", attrs: "prefer-standby")))",
            dataDir: cache("wall"),
            ready: "situation")
        let on = "SELECT count(*) FROM pg_stat_activity WHERE usename = 'wall' AND application_name = 'crisiscell'"
        XCTAssertTrue(eventually(5) { sql(on, on: standby) != "0" }, "the wall reads from the standby")
        XCTAssertEqual(sql(on, on: primary), "0", "and not from the primary")
        // A viewer may ask how the cell's changes are held: by two machines here.
        let status = cli("db", "status", "--db", url("wall"))
        ok(status)
        XCTAssertTrue(status.stdout.contains("standby dr (local socket): streaming, sync"), status.stdout)
        XCTAssertTrue(status.stdout.contains("durability: two machines"), status.stdout)
        let doctor = cli("doctor", "--db", url("wall", attrs: "prefer-standby"), "--data", cache("doctor"))
        XCTAssertTrue(
            doctor.stdout.contains(
                "OK    database: \(standbyName) (a standby) answers, login wall, viewer (reads only)"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("OK    clock: within"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("OK    replication: two machines"), doctor.stdout)
        ok(cli("alert", "KW", "4", "--why", "airport closing", "--db", url("karim"), "--data", cache("k")))
        let start = Date()
        let seen = wall.waitFor(timeout: 1.0) { $0.contains("⚑ ALERT LEVEL · karim raised Kuwait") }
        XCTAssertTrue(seen.ok, "within a second of the primary's answer:\n\(seen.screen)")
        print("STANDBY WALL: shown \(Int(Date().timeIntervalSince(start) * 1000)) ms after the primary's answer")
        wall.send("q")
        XCTAssertEqual(wall.waitForExit(), 0)
        // The standby gone while the primary still waits for it: said as what it means for every change.
        standby.stop()
        let absent = cli("db", "status", "--db", url("wall"))
        XCTAssertEqual(absent.status, 1, absent.stdout)
        XCTAssertTrue(
            absent.stdout.contains("warning: synchronous_standby_names = 'dr' but no such standby is streaming"),
            absent.stdout)
        let check = cli("check", "--db", url())
        XCTAssertTrue(check.stdout.contains("synchronous_standby_names = 'dr' but no such standby"), check.stdout)
    }

    /// An asynchronous standby promoted without the primary's last change: the site that made it says the
    /// database lacks it; once another site's change is numbered over it, says the histories differ; and
    /// neither time lays the database's history over its own.
    func testAChangeLostInAnAsynchronousFailoverIsSaidNeverPaperedOver() throws {
        try primary.requireStandby("")
        ok(cli("log", "--db", url("karim"), "--data", cache("x"), "replicated"))
        standby.stop()
        ok(cli("log", "--db", url("karim"), "--data", cache("x"), "only on the old primary"))
        primary.stopImmediately()
        try standby.start()
        try standby.promote()
        let behind = cli("log", "--db", url("karim"), "--data", cache("x"), "after the failover")
        XCTAssertTrue(
            behind.stderr.contains(
                "but the database at karim@\(standby.root) (socket, port \(standby.port))/cell only"), behind.stderr)
        XCTAssertTrue(behind.stderr.contains("failover to an asynchronous standby"), behind.stderr)
        ok(cli("log", "--db", url("rahim"), "--data", cache("y"), "from another site"))
        ok(cli("log", "--db", url("rahim"), "--data", cache("y"), "and another"))
        let differs = cli("log", "--db", url("karim"), "--data", cache("x"), "and again")
        XCTAssertTrue(differs.stderr.contains("holds another operation"), differs.stderr)
        XCTAssertTrue(differs.stderr.contains("lost this site's last changes"), differs.stderr)
        XCTAssertEqual(
            sql(
                "SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%after the failover%' OR op LIKE '%and again%'",
                on: standby),
            "0", "nothing of this site's sent over a history that is not its own")
        let kept = ["/journal.jsonl", "/snapshot.json"].compactMap {
            try? String(contentsOfFile: cache("x") + $0, encoding: .utf8)
        }.joined()
        XCTAssertTrue(kept.contains("only on the old primary"), "this site keeps what the database lost")
    }
}

/// The writers' results, gathered from their threads.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: ProcessResult] = [:]
    func add(_ w: Int, _ r: ProcessResult) { lock.withLock { results[w] = r } }
    func get(_ w: Int) -> ProcessResult? { lock.withLock { results[w] } }
}
