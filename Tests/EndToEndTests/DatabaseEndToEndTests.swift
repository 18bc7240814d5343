import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisStorage
import CrisisTesting
import Foundation
import TestSupport
import XCTest

/// Several sites on one PostgreSQL database, with the real binary: a private cluster on a Unix socket, the
/// demo world pushed in, consoles on caches of their own, the server stopped under them.
final class DatabaseEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }
    nonisolated(unsafe) static var cluster: PrivateCluster?
    private var database = ""

    override class func setUp() { cluster = try? PrivateCluster(label: "e2e") }
    override class func tearDown() { cluster = nil }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        database = "e" + UUID().uuidString.prefix(8).lowercased()
        try cluster.createDatabase(database)
        ok(cli("db", "init", "--db", url()))
        ok(cli("db", "push", "--data", dir, "--db", url()))
        for (login, role) in [("viewer1", "viewer"), ("karim", "officer"), ("nasrin", "officer"), ("rahim", "officer")]
        {
            ok(cli("db", "grant", login, role, "--db", url()))
        }
    }

    private func url(_ user: String = "postgres") -> String { Self.cluster!.url(user: user, database: database) }

    private func cli(_ args: String..., env: [String: String] = [:]) -> ProcessResult {
        runProcess(binary, args, environment: env)
    }

    private func ok(_ r: ProcessResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr, file: file, line: line)
    }

    private func sql(_ q: String) -> String {
        ((try? Self.cluster!.sql(q, database: database)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
    private func head() -> Int { Int(sql("SELECT crisiscell.head()")) ?? -1 }
    private func cache(_ name: String) -> String { tmp.path + "/cache-" + name }

    /// A console on the database through a cache of its own.
    private func dbConsole(_ user: String, cache name: String, args: String = "", ready: String = "1 Crises")
        -> TmuxSession
    {
        console(args: "--db \(shellQuote(url(user))) \(args)", dataDir: cache(name), ready: ready)
    }

    /// Two sites fetch for one cell: one fetches (counted at the feed server), the other says who does; a viewer
    /// may not; one site's triage is seen at the other and clears a console's banner.
    func testTwoSitesOneFetcherAndOneTriageSeenByBoth() throws {
        let server = try FeedServer(directory: tmp.path)
        defer { server.stop() }
        try GDACSFeed.document([GDACSFeed.Event(id: 1102, level: "Red", iso3: "MYS", country: "Malaysia")])
            .write(toFile: tmp.path + "/world.xml", atomically: true, encoding: .utf8)
        ok(cli("feeds", "add", "world", server.url("/served/world.xml"), "--format", "gdacs", "--db", url()))
        let refused = cli(
            "feeds", "add", "more", server.url("/gdacs"), "--format", "gdacs", "--db", url("karim"), "--data",
            cache("k0"))
        XCTAssertNotEqual(refused.status, 0, "only admins choose the feeds: \(refused.stdout)")
        let wall = dbConsole("rahim", cache: "wall")

        let holder = try BackgroundProcess(
            binary, ["feeds", "fetch", "--every", "1h", "--db", url("karim"), "--data", cache("karim")])
        defer { holder.stop() }
        let banner = wall.waitFor(timeout: 60) { $0.contains("▲ INCOMING · GDACS Red flood · Malaysia") }
        XCTAssertTrue(banner.ok, "the fetched item did not reach the console on the database:\n\(banner.screen)")
        let other = cli("feeds", "fetch", "--once", "--all", "--db", url("nasrin"), "--data", cache("nasrin"))
        ok(other)
        XCTAssertTrue(other.stderr.contains("fetched by") && other.stderr.contains("(karim)"), other.stderr)
        XCTAssertEqual(try server.count("/served/world.xml"), 1, "one fetcher for the cell, counted at the server")
        let viewer = cli("feeds", "fetch", "--once", "--db", url("viewer1"), "--data", cache("viewer1"))
        XCTAssertEqual(viewer.status, 1)
        XCTAssertTrue(viewer.stderr.contains("viewer1 may not fetch this cell's feeds"), viewer.stderr)

        let listed = cli("incoming", "--db", url("nasrin"), "--data", cache("nasrin"))
        XCTAssertTrue(listed.stdout.contains("!  1 ▲ Red flood · Malaysia · 600,000 nationals"), listed.stdout)
        ok(cli("incoming", "link", "1", "my-floods", "--db", url("nasrin"), "--data", cache("nasrin")))
        let seen = cli("incoming", "--all", "--db", url("karim"), "--data", cache("karim2"))
        XCTAssertTrue(seen.stdout.contains("linked to Malaysia floods by nasrin"), seen.stdout)
        let cleared = wall.waitFor(timeout: 2) { !$0.contains("▲ INCOMING") }
        XCTAssertTrue(cleared.ok, "the other site's decision did not clear the banner:\n\(cleared.screen)")
        wall.send("q")
    }

    func testPushThenPullGivesTheSameBriefAndTheDatabaseChecksHealthy() {
        let clock = ["CRISISCELL_CLOCK": "2026-12-01T03:12:00Z"]
        let pulled = tmp.path + "/pulled"
        ok(cli("db", "pull", "--db", url(), "--data", pulled))
        let before = cli("brief", "--data", dir, env: clock)
        let after = cli("brief", "--data", pulled, env: clock)
        let live = cli("brief", "--db", url(), "--data", cache("brief"), env: clock)
        ok(before)
        ok(after)
        ok(live)
        XCTAssertEqual(before.stdout, after.stdout, "the same brief after push and pull")
        XCTAssertEqual(before.stdout, live.stdout, "and read through a cache")
        func exported(_ d: String) -> String {
            cli("export", "all", "--data", d).stdout.split(separator: "\n").filter { !$0.contains("\"exportedAt\"") }
                .joined(separator: "\n")
        }
        XCTAssertEqual(exported(pulled), exported(dir), "the same history, event for event")
        let check = cli("check", "--db", url())
        ok(check)
        XCTAssertTrue(check.stdout.contains("healthy:"), check.stdout)
        // Pushing again into a database that holds a record is refused.
        let again = cli("db", "push", "--data", dir, "--db", url())
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already holds a record"), again.stderr)
    }

    func testAViewerIsRefusedByTheServerAndTheLoginIsWhatIsRecorded() {
        let before = head()
        let refused = cli("log", "--db", url("viewer1"), "--data", cache("v"), "viewer tries to write")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("viewer1 may only read this database"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("crisiscell db grant viewer1 officer"), refused.stderr)
        XCTAssertEqual(head(), before, "nothing written")
        XCTAssertEqual(cli("brief", "--db", url("viewer1"), "--data", cache("v")).status, 0, "a viewer reads")

        // A viewer's console opens read-only and says why, rather than refusing each change it is asked for.
        var s = dbConsole("viewer1", cache: "vc", ready: "Read-only: viewer1 may only read this database")
        XCTAssertTrue(s.capture().contains("crisiscell db grant viewer1 officer"), s.capture())
        s.send("Escape")
        XCTAssertTrue(s.waitFor("READ-ONLY").ok, s.capture())
        s.send("3", "Space")
        XCTAssertTrue(s.waitFor("Read-only: changes are switched off here").ok, s.capture())
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        // And the line mode.
        let plain =
            "env LANG=C.UTF-8 \(shellQuote(binary)) --plain --db \(shellQuote(url("viewer1"))) --data \(shellQuote(cache("vp")))"
        s = TmuxSession(width: 160, height: 30, command: plain)!
        XCTAssertTrue(s.waitFor("Read-only: viewer1 may only read this database").ok, s.capture())
        s.type("tick lb-escalation 1")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("This line mode is read-only (viewer1 may only read this database").ok, s.capture())
        s.type("quit")
        s.send("Enter")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertEqual(head(), before, "still nothing written")

        let said = cli(
            "log", "--db", url("karim"), "--data", cache("k"), "--operator", "somebody-else", "Night call to Beirut")
        ok(said)
        XCTAssertTrue(said.stdout.contains(" karim: Night call to Beirut"), said.stdout)
        XCTAssertTrue(said.stderr.contains("--operator somebody-else is not recorded"), said.stderr)
        XCTAssertEqual(sql("SELECT operator FROM crisiscell.operations ORDER BY seq DESC LIMIT 1"), "karim")
    }

    /// 8 processes x 250 operations, each checked against its cache and appended under the database's lock:
    /// every one there once, each writer's order kept, numbers without a gap.
    func testEightWritersTimesTwoHundredAndFifty() {
        let base = head()
        let group = DispatchGroup()
        for w in 0..<8 {
            group.enter()
            let args = ["_append", "--db", url(), "--data", cache("w\(w)"), "--count", "250", "--label", "w\(w)"]
            let binary = self.binary
            DispatchQueue.global().async {
                let r = runProcess(binary, args)
                XCTAssertEqual(r.status, 0, r.stderr)
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(head(), base + 2000)
        XCTAssertEqual(sql("SELECT count(*) FROM crisiscell.operations"), "2000")
        XCTAssertEqual(
            sql(
                "SELECT count(*) FROM (SELECT seq - lag(seq) OVER (ORDER BY seq) AS d FROM crisiscell.operations) s WHERE d <> 1"
            ), "0",
            "numbers without a gap")
        let texts = sql("SELECT op::jsonb->'log'->>'text' FROM crisiscell.operations ORDER BY seq").split(
            separator: "\n"
        ).map(String.init)
        XCTAssertEqual(Set(texts).count, 2000, "none twice")
        for w in 0..<8 {
            XCTAssertEqual(
                texts.filter { $0.hasPrefix("w\(w) ") }, (0..<250).map { "w\(w) \($0)" }, "writer \(w)'s order kept")
        }
    }

    /// Eight commands at once on one site's cache (the default directory every command of a site uses): all
    /// succeed, or wait their turn; none says the cache is damaged.
    func testEightCommandsSharingOneSiteCacheAllSucceed() {
        let base = head()
        let group = DispatchGroup()
        let shared = cache("shared")
        ok(cli("brief", "--db", url("karim"), "--data", shared))
        for w in 0..<8 {
            group.enter()
            let binary = self.binary
            let db = url(["karim", "nasrin", "rahim"][w % 3])
            DispatchQueue.global().async {
                for i in 0..<25 {
                    let r = runProcess(binary, ["log", "--db", db, "--data", shared, "s\(w) \(i)"])
                    XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
                    XCTAssertFalse(r.stderr.contains("check"), r.stderr)
                }
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(head(), base + 200)
        let check = cli("check", "--data", shared)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }

    /// Two consoles at two sites (two caches): a tick in one shows in the other within a second, and each
    /// names the other as present, through the database.
    func testTwoConsolesOnTwoCachesSeeEachOther() {
        let a = dbConsole("rahim", cache: "a")
        let b = dbConsole("karim", cache: "b")
        XCTAssertTrue(b.capture().contains("[ ] Fallback ready"))
        a.send("3", "/")
        a.type("Fallback")
        a.send("Enter", "Space")
        XCTAssertTrue(a.waitFor("Saved · ticked").ok, a.capture())
        let start = Date()
        let seen = b.waitFor(timeout: 1.0) { $0.contains("[x] Fallback ready") }
        XCTAssertTrue(seen.ok, "the tick did not reach the other site within a second:\n\(seen.screen)")
        print(
            "DATABASE PROPAGATION: seen \(Int(Date().timeIntervalSince(start) * 1000)) ms after the first console said saved"
        )
        XCTAssertTrue(seen.screen.contains("•[x] Fallback ready"), "marked as just changed:\n\(seen.screen)")
        XCTAssertTrue(b.waitFor("also here: rahim", timeout: 8).ok, b.capture())
        XCTAssertEqual(sql("SELECT operator FROM crisiscell.operations ORDER BY seq DESC LIMIT 1"), "rahim")
        a.send("q")
        b.send("q")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
    }

    /// The server stops answering (SIGSTOP: it accepts and never replies, as behind a black-holed link) while a
    /// console ticks: the console goes on taking keys, shows the tick as waiting, says why in the top bar, and
    /// the tick arrives once when the server answers again.
    func testAHungServerNeverFreezesTheConsole() throws {
        let s = dbConsole("rahim", cache: "hung")
        let base = head()
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("[ ] Fallback ready").ok, s.capture())
        Self.cluster!.signalAll(SIGSTOP)
        defer { Self.cluster!.signalAll(SIGCONT) }
        s.send("Space")
        let kept = s.waitFor(timeout: 2) { $0.contains("[x] Fallback ready") && $0.contains("waiting to send") }
        XCTAssertTrue(kept.ok, "the tick shows as waiting within 2 s:\n\(kept.screen)")
        s.send("2")
        XCTAssertTrue(s.waitFor("┏ 2 Countries", timeout: 1).ok, "a key during the silence is handled:\n\(s.capture())")
        let topBar: (String) -> String = { String($0.split(separator: "\n").first ?? "") }
        let said = s.waitFor(timeout: 6) {
            topBar($0).contains("no answer from the database") || topBar($0).contains("offline since")
        }
        XCTAssertTrue(said.ok, "the top bar says why within 5 s:\n\(said.screen)")
        Self.cluster!.signalAll(SIGCONT)
        let sent = s.waitFor(timeout: 40) {
            !topBar($0).contains("waiting to send") && !topBar($0).contains("offline")
                && !topBar($0).contains("no answer")
        }
        XCTAssertTrue(sent.ok, sent.screen)
        XCTAssertEqual(head(), base + 1, "the tick, once")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertEqual(head(), base + 1)
    }

    /// The server stops under an open console: three ticks are kept at the site, the console is killed with
    /// kill -9, reopened, the server comes back, and the three arrive exactly once.
    func testChangesMadeOfflineSurviveKillNineAndArriveOnce() throws {
        var s = dbConsole("rahim", cache: "site")
        let base = head()
        let ticks: (String) -> Int = { $0.components(separatedBy: "[x]").count - 1 }
        let ticksBefore = ticks(s.capture())
        Self.cluster!.stop()
        s.send("3")
        for _ in 0..<3 { s.send("Space", "j") }
        let offline = s.waitFor { $0.contains("offline since") && $0.contains("3 waiting to send") }
        XCTAssertTrue(offline.ok, offline.screen)
        XCTAssertTrue(offline.screen.contains("Kept at this site"), offline.screen)
        XCTAssertTrue(offline.screen.contains("· waiting to send"), "the log says which lines wait:\n\(offline.screen)")
        XCTAssertEqual(
            abs(ticks(offline.screen) - ticksBefore), 3,
            "the three toggles show at the site while they wait:\n\(offline.screen)")
        guard let pid = s.programPid else { return XCTFail("no console process") }
        kill(pid, SIGKILL)
        XCTAssertEqual(s.waitForExit(), 137)

        s = dbConsole("rahim", cache: "site", ready: "offline since")
        XCTAssertTrue(s.capture().contains("3 waiting to send"), s.capture())
        XCTAssertTrue(s.capture().contains("working offline on this site's copy"), "said on opening: \(s.capture())")
        s.send("Escape")
        let reopened = s.waitFor { !$0.contains("working offline on this site's copy") }
        XCTAssertEqual(
            ticks(reopened.screen), ticks(offline.screen),
            "and again after kill -9, from the outbox:\n\(reopened.screen)")
        try Self.cluster!.start()
        let topBar: (String) -> String = { String($0.split(separator: "\n").first ?? "") }
        let sent = s.waitFor(timeout: 15) { !topBar($0).contains("waiting to send") && !topBar($0).contains("offline") }
        XCTAssertTrue(sent.ok, sent.screen)
        XCTAssertEqual(head(), base + 3, "the three, once")
        XCTAssertEqual(
            sql("SELECT count(*) FROM crisiscell.operations WHERE kind = 'setItemStatus' AND operator = 'rahim'"), "3")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertEqual(head(), base + 3, "nothing sent twice on the way out")
    }

    /// A figure changed offline meets a colleague's newer one when it is sent: the line mode says so with both
    /// values, the change stays at the site, and `crisiscell outbox --keep` settles it.
    func testAConflictQueuedOfflineIsShownAndResolved() throws {
        let state = tmp.path + "/state"
        let command =
            "env LANG=C.UTF-8 USER=rahim XDG_STATE_HOME=\(shellQuote(state)) \(shellQuote(binary)) --plain --db \(shellQuote(url("rahim"))) --data \(shellQuote(cache("plain")))"
        var s = TmuxSession(width: 160, height: 40, command: command)!
        XCTAssertTrue(s.waitFor("Type help for the commands").ok, s.capture())
        s.type("country LB")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Affected 12,000").ok, s.capture())
        Self.cluster!.stop()
        s.type("count LB --affected 13000")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Kept at this site, to send when the database is back").ok, s.capture())
        s.type("quit")
        s.send("Enter")
        XCTAssertEqual(s.waitForExit(), 0)
        // While the site is away, headquarters changes the same figure from the same old value.
        try Self.cluster!.start()
        ok(
            cli(
                "count", "LB", "--affected", "12900", "--expect-affected", "12000", "--db", url("nasrin"), "--data",
                cache("hq")))
        s = TmuxSession(width: 160, height: 40, command: command)!
        // Who is named comes from the histories in time order; the server's clock is not moved by CRISISCELL_CLOCK.
        let moved = ProcessInfo.processInfo.environment["CRISISCELL_CLOCK"] != nil
        let told = s.waitFor(timeout: 15) {
            $0.contains("Not sent: LB affected is now 12,900" + (moved ? "" : " (changed by nasrin"))
        }
        XCTAssertTrue(told.ok, told.screen)
        XCTAssertTrue(told.screen.contains("not 12,000 as this change expected"), told.screen)
        XCTAssertEqual(
            sql(
                "SELECT op::jsonb->'setCounts'->'counts'->>'affected' FROM crisiscell.operations ORDER BY seq DESC LIMIT 1"
            ), "12900",
            "the colleague's figure stands until someone decides")
        s.type("quit")
        s.send("Enter")
        XCTAssertEqual(s.waitForExit(), 0)

        let listed = cli("outbox", "--db", url("rahim"), "--data", cache("plain"))
        ok(listed)
        XCTAssertTrue(listed.stdout.contains("refused when sent"), listed.stdout)
        guard let id = listed.stdout.split(separator: " ").first.map(String.init) else { return XCTFail(listed.stdout) }
        ok(cli("outbox", "--keep", id, "--db", url("rahim"), "--data", cache("plain")))
        XCTAssertEqual(
            sql(
                "SELECT op::jsonb->'setCounts'->'counts'->>'affected' FROM crisiscell.operations ORDER BY seq DESC LIMIT 1"
            ), "13000")
        XCTAssertTrue(cli("outbox", "--db", url("rahim"), "--data", cache("plain")).stdout.contains("nothing waits"))
    }

    /// Finding 5: a change refused when it was sent is settled in the console: the message leads with W, W lists
    /// it with the refusal in full, m sends mine over theirs and the list closes; the database holds mine once.
    func testARefusedWaitingChangeIsSettledInTheConsoleWithOneKey() throws {
        ok(cli("brief", "--db", url("rahim"), "--data", cache("a")))
        Self.cluster!.stop()
        let kept = cli(
            "count", "LB", "--affected", "13000", "--expect-affected", "12000", "--db", url("rahim"), "--data",
            cache("a"))
        XCTAssertTrue(kept.stderr.contains("kept at this site"), kept.stdout + kept.stderr)
        try Self.cluster!.start()
        ok(
            cli(
                "count", "LB", "--affected", "12900", "--expect-affected", "12000", "--db", url("nasrin"), "--data",
                cache("hq")))
        let s = dbConsole("rahim", cache: "a", ready: "1 refused (W)")
        let told = s.waitFor { $0.contains("✖ Not sent (W: keep mine / take theirs): LB affected is now 12,900") }
        XCTAssertTrue(told.ok, told.screen)
        s.send("W")
        let listed = s.waitFor("Waiting to send · 1 · 1 refused")
        XCTAssertTrue(listed.ok, listed.screen)
        // Who is named comes from the histories in time order; the server's clock is not moved by CRISISCELL_CLOCK.
        let moved = ProcessInfo.processInfo.environment["CRISISCELL_CLOCK"] != nil
        XCTAssertTrue(moved || listed.screen.contains("(changed by nasrin"), listed.screen)
        XCTAssertTrue(listed.screen.contains("this change expected"), "read in full, wrapped:\n\(listed.screen)")
        XCTAssertTrue(listed.screen.contains("m: keep mine (send it over theirs)"), listed.screen)
        s.send("m")
        let settled = s.waitFor {
            $0.contains("Sent yours in place of what it met") && !$0.contains("Waiting to send ·")
        }
        XCTAssertTrue(settled.ok, settled.screen + "\nexit: \(String(describing: s.exitStatus))")
        let cleared = s.waitFor { !String($0.split(separator: "\n").first ?? "").contains("refused") }
        XCTAssertTrue(cleared.ok, "the top bar still counts it:\n\(cleared.screen)")
        XCTAssertEqual(
            sql(
                "SELECT op::jsonb->'setCounts'->'counts'->>'affected' FROM crisiscell.operations ORDER BY seq DESC LIMIT 1"
            ), "13000")
        XCTAssertEqual(
            sql("SELECT count(*) FROM crisiscell.operations WHERE operator = 'rahim' AND kind = 'setCounts'"), "1")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
    }
}
