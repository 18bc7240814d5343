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
        standby.stop()
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
}

/// The writers' results, gathered from their threads.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: ProcessResult] = [:]
    func add(_ w: Int, _ r: ProcessResult) { lock.withLock { results[w] = r } }
    func get(_ w: Int) -> ProcessResult? { lock.withLock { results[w] } }
}
