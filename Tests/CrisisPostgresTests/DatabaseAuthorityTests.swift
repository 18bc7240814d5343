import CrisisExchange
import CrisisModel
import CrisisStorage
import CrisisTesting
import Foundation
import TestSupport
import XCTest

@testable import CrisisPostgres

/// The database is the authority: it refuses what a role may not do and what no client can read, and a site
/// survives anything another login can put in it. Each test is one thing the server or a site protects,
/// tried as a hostile officer, viewer or stranger would, with psql as each login.
final class DatabaseAuthorityTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PrivateCluster?
    private var tmp: TempDirectory!
    private var database = ""

    override class func setUp() { cluster = try? PrivateCluster(label: "authority") }
    override class func tearDown() { cluster = nil }

    override func setUpWithError() throws {
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        tmp = TempDirectory("pgauth")
        database = "a" + UUID().uuidString.prefix(8).lowercased()
        try cluster.createDatabase(database)
        _ = try DatabaseAdmin.initialize(url())
        _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: url())
        for (login, role) in [("viewer1", "viewer"), ("karim", "officer"), ("nasrin", "officer"), ("boss", "admin")] {
            _ = try DatabaseAdmin.grant(url(), login: login, role: role)
        }
        try cluster.sql(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stranger') THEN CREATE ROLE stranger LOGIN; END IF; END $$"
        )
    }

    override func tearDown() {
        Self.cluster?.signalAll(SIGCONT)
        tmp?.cleanUp()
    }

    private var cluster: PrivateCluster { Self.cluster! }
    private func url(_ user: String = "postgres") -> DatabaseURL {
        try! DatabaseURL(cluster.url(user: user, database: database))
    }
    private var prefix: String { try! Schema.rolePrefix(database: database) }

    private func store(_ user: String, cache: String, live: Bool = false, wait: TimeInterval? = nil) throws
        -> PostgresStore
    {
        try PostgresStore(
            url: url(user), cache: DataDirectory(path: tmp.path + "/" + cache), live: live, operatorName: user,
            answerWait: wait)
    }

    private func head() throws -> Int {
        Int(
            try cluster.sql("SELECT crisiscell.head()", database: database).trimmingCharacters(
                in: .whitespacesAndNewlines))!
    }
    private func count(_ sql: String) throws -> Int {
        Int(try cluster.sql(sql, database: database).trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    /// The fixtures' statements, one a line, with the cell's role prefix and head put in.
    private func hostileLines(_ file: String) throws -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/" + file
        ).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let h = try head()
        return text.split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("--") }
            .map { $0.replacingOccurrences(of: "PREFIX", with: prefix).replacingOccurrences(of: "HEAD", with: "\(h)") }
    }

    // MARK: 1, 2, 11: what a role may write

    func testNoOfficerOrViewerStatementWritesAnythingAndNoSpellingOfAnAdminKindIsStored() throws {
        let before = try head()
        let operations = try count("SELECT count(*) FROM crisiscell.operations")
        for (file, login) in [
            ("hostile.sql", "karim"), ("hostile-viewer.sql", "viewer1"), ("hostile-viewer.sql", "stranger"),
        ] {
            let lines = try hostileLines(file)
            XCTAssertGreaterThan(lines.count, 10, file)
            for line in lines {
                XCTAssertThrowsError(
                    try cluster.sql(line, database: database, as: login), "\(login) was let do: \(line)")
            }
        }
        XCTAssertEqual(try head(), before, "nothing appended")
        XCTAssertEqual(try count("SELECT count(*) FROM crisiscell.operations"), operations)
        XCTAssertEqual(
            try count("SELECT count(*) FROM crisiscell.operations WHERE kind IN ('deleteCrisis', 'setCell')"), 0)
        // The same attempt through a modified client: the function refuses it, whatever the spelling.
        let link = try DatabaseLink(url("karim"))
        defer { link.close() }
        for text in [
            #"{"deleteCrisis":{"id":"x"},"x":null}"#, #"{"x":null,"setCell":{"_0":{"name":"n","homeTimeZone":"UTC"}}}"#,
            #"{"\u0064eleteCrisis":{"id":"x"}}"#,
        ] {
            XCTAssertThrowsError(
                try link.query(
                    "SELECT * FROM crisiscell.append($1, $2, $3)",
                    [.init(int64: Int64(before)), .init(array: [text]), .init(string: UUID().uuidString)]), text)
        }
        XCTAssertEqual(try head(), before)
        XCTAssertThrowsError(
            try cluster.sql("TRUNCATE crisiscell.operations", database: database),
            "not even the owner truncates history")
        XCTAssertThrowsError(
            try cluster.sql("DELETE FROM crisiscell.snapshots", database: database), "nor deletes a snapshot")
    }

    func testTheServerNumbersTheLoginAndTheClockWhateverTheClientSends() throws {
        let karim = try store("karim", cache: "k")
        guard
            case .saved(let entry) = try karim.commit(
                .log(crisis: nil, kind: .sitrep, text: "night call"), by: "someone-else")
        else {
            return XCTFail("not saved")
        }
        XCTAssertEqual(entry.operator, "karim")
        XCTAssertEqual(entry.seq, try head())
        let gaps = try count(
            "SELECT count(*) FROM (SELECT seq - lag(seq) OVER (ORDER BY seq) AS d FROM crisiscell.operations) s WHERE d <> 1"
        )
        XCTAssertEqual(gaps, 0)
    }

    // MARK: 2, 4: no row stops a site

    func testARowNoClientCanReadIsSetAsideTheSameWayEverywhereAndAnAdminRetiresIt() throws {
        let early = try store("karim", cache: "early")
        let n = try head() + 1
        // The owner, by hand (or a newer version): a kind this version does not know.
        try cluster.sql(
            "INSERT INTO crisiscell.operations (seq, at, operator, kind, op) VALUES (\(n), now(), 'officer1', 'futureKind', '{\"futureKind\":{\"a\":1}}')",
            database: database)
        _ = try early.commit(.log(crisis: nil, kind: .sitrep, text: "after the unreadable row"), by: "karim")
        let fresh = try store("nasrin", cache: "fresh")
        for site in [early, fresh] {
            let aside = site.store.world.events.first { $0.seq == n }
            XCTAssertEqual(aside?.operator, "officer1")
            XCTAssertTrue(aside?.text.contains("Change #\(n) by officer1") ?? false, "\(String(describing: aside))")
            XCTAssertTrue(aside?.text.contains(SetAside.marker) ?? false)
            XCTAssertFalse(aside?.text.contains("journal") ?? true, "the site's own copy is not blamed")
        }
        XCTAssertEqual(early.store.world, fresh.store.world, "every site converges on one world")
        XCTAssertTrue(
            fresh.store.world.events.contains { $0.text == "after the unreadable row" }, "the site kept working")

        let report = try DatabaseAdmin.check(url())
        XCTAssertEqual(report.problems.count, 1, "\(report.problems)")
        XCTAssertTrue(report.problems.first?.contains("crisiscell db retire \(n)") ?? false, "\(report.problems)")
        XCTAssertThrowsError(try DatabaseAdmin.retire(url("karim"), seq: n, why: "x"), "an officer does not retire")
        XCTAssertThrowsError(
            try DatabaseAdmin.retire(url("boss"), seq: n + 1, why: "x"), "a row every site reads is not retired"
        ) {
            XCTAssertTrue("\($0)".contains("reads and applies"), "\($0)")
        }
        _ = try DatabaseAdmin.retire(url("boss"), seq: n, why: "written by a test version")
        let after = try DatabaseAdmin.check(url())
        XCTAssertEqual(after.problems, [])
        XCTAssertEqual(after.notes.count, 1)
    }

    func testAConsoleThatMeetsAnUnreadableRowKeepsFollowingWithoutReconnecting() throws {
        let console = try store("karim", cache: "live", live: true)
        let n = try head() + 1
        let sessions = { try self.count("SELECT sessions FROM pg_stat_database WHERE datname = '\(self.database)'") }
        try cluster.sql(
            "INSERT INTO crisiscell.operations (seq, at, operator, kind, op) VALUES (\(n), now(), 'officer1', 'x', '{\"log\":{\"kind\":\"sitrep\",\"text\":\"t\",\"extra\":1}}')",
            database: database)
        let start = try sessions()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (console.store.world.events.first { $0.seq == n }) == nil {
            _ = try console.refresh()
            usleep(50_000)
        }
        XCTAssertNotNil(console.store.world.events.first { $0.seq == n }?.text.contains(SetAside.marker))
        Thread.sleep(forTimeInterval: 3)
        _ = try console.refresh()
        XCTAssertLessThanOrEqual(try sessions() - start, 2, "no storm of logins")
        XCTAssertTrue(console.link?.online ?? false)
    }

    // MARK: 3: locks only writers can take

    func testALoginThatMayNotWriteCannotHoldUpAnOfficerAndABusyLockSaysWhoHoldsIt() throws {
        // Every lock a viewer or a stranger can take, held while an officer writes.
        let hold = [
            "BEGIN; LOCK TABLE crisiscell.operations IN ACCESS SHARE MODE; LOCK TABLE crisiscell.snapshots IN ACCESS SHARE MODE; "
                + "LOCK TABLE crisiscell.meta IN ACCESS SHARE MODE; LOCK TABLE crisiscell.presence IN ACCESS SHARE MODE; "
                + "SELECT pg_advisory_lock(7402301); SELECT pg_advisory_lock(7402302); SELECT pg_sleep(6); COMMIT;",
            "SELECT pg_advisory_lock(7402301); SELECT pg_advisory_xact_lock(1); SELECT pg_sleep(6);",
        ]
        // The sessions are waited for at the end: the cluster must not outlive the test in their hands.
        let sessions = DispatchGroup()
        nonisolated(unsafe) let c = cluster
        let db = database
        for (sql, login) in [(hold[0], "viewer1"), (hold[1], "stranger")] {
            sessions.enter()
            Thread {
                _ = try? c.sql(sql, database: db, as: login)
                sessions.leave()
            }.start()
        }
        defer { sessions.wait() }
        Thread.sleep(forTimeInterval: 1)
        let karim = try store("karim", cache: "k")
        let started = Date()
        guard case .saved = try karim.commit(.log(crisis: nil, kind: .sitrep, text: "not held up"), by: "karim") else {
            return XCTFail("not saved")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "a login that may not write does not delay an officer")

        // An officer's client that took the writers' lock and hangs: the next writer is told who holds it.
        sessions.enter()
        Thread {
            _ = try? c.sql(
                "BEGIN; SELECT crisiscell.lock_writers(1000); SELECT pg_sleep(9); COMMIT;", database: db, as: "nasrin")
            sessions.leave()
        }.start()
        Thread.sleep(forTimeInterval: 1)
        let outcome = try karim.commit(.log(crisis: nil, kind: .sitrep, text: "waits"), by: "karim")
        guard case .queued(let why) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(why.contains("the database is busy") && why.contains("nasrin"), why)
        XCTAssertEqual(try karim.waitingChanges().count, 1, "kept at this site, not lost")
    }

    // MARK: 5: a hung link never freezes a console

    func testAHungServerNeverHoldsAConsoleAndTheChangeArrivesOnceWhenItAnswers() throws {
        let console = try store("karim", cache: "live", live: true)
        let before = try head()
        cluster.signalAll(SIGSTOP)
        let started = Date()
        let outcome = try console.commit(.log(crisis: nil, kind: .sitrep, text: "sent into silence"), by: "karim")
        let held = Date().timeIntervalSince(started)
        XCTAssertLessThan(held, 0.25 + 0.1, "the console got its answer in \(held) s")
        guard case .queued = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(
            console.store.world.events.contains { $0.text.hasPrefix("sent into silence") }, "shown, as waiting")
        // The top bar says why within 5 s.
        var said: LinkStatus?
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            _ = try console.refresh()
            if let l = console.link, l.silentFor != nil || !l.online {
                said = l
                break
            }
            usleep(100_000)
        }
        XCTAssertNotNil(said, "the link's silence is said within 5 s")
        cluster.signalAll(SIGCONT)
        let back = Date().addingTimeInterval(40)
        while Date() < back, (try console.waitingChanges().count) > 0 || console.link?.online != true {
            _ = try console.refresh()
            usleep(100_000)
        }
        XCTAssertEqual(try console.waitingChanges().count, 0)
        XCTAssertEqual(
            try count("SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%sent into silence%'"), 1,
            "exactly once")
        XCTAssertEqual(try head(), before + 1)
    }

    func testABatchTheDatabaseDoesNotAnswerIsKeptAsOneAndSentOnce() throws {
        let console = try store("karim", cache: "batch", live: true)
        let before = try head()
        cluster.signalAll(SIGSTOP)
        let batch: [StoreOperation] = (1...3).map { .log(crisis: nil, kind: .sitrep, text: "batch line \($0)") }
        guard case .queued = try console.save(batch, by: "karim") else {
            return XCTFail("a kept batch is said as kept, not failed")
        }
        XCTAssertEqual(try console.waitingChanges().count, 1, "one batch, kept once")
        cluster.signalAll(SIGCONT)
        let back = Date().addingTimeInterval(40)
        while Date() < back, (try console.waitingChanges().count) > 0 {
            _ = try console.refresh()
            usleep(100_000)
        }
        XCTAssertEqual(try head(), before + 3, "the batch, once")
    }

    func testALinkThatSwallowsEverythingNeverHoldsAConsoleAndTheChangeArrivesOnce() throws {
        let proxy = try BlackHoleProxy(toUnixSocket: cluster.root + "/.s.PGSQL.\(cluster.port)")
        defer { proxy.stop() }
        let tcp = try DatabaseURL("postgres://karim@127.0.0.1:\(proxy.port)/\(database)?sslmode=disable")
        let console = try PostgresStore(
            url: tcp, cache: DataDirectory(path: tmp.path + "/proxied"), live: true, operatorName: "karim")
        let before = try head()
        proxy.blackHole = true
        let started = Date()
        guard
            case .queued = try console.commit(
                .log(crisis: nil, kind: .sitrep, text: "into the black hole"), by: "karim")
        else {
            return XCTFail("not kept at the site")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.35, "the console is not held")
        var said = false
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !said {
            _ = try console.refresh()
            if let l = console.link { said = l.silentFor != nil || !l.online }
            usleep(100_000)
        }
        XCTAssertTrue(said, "the silence is said within 5 s")
        proxy.blackHole = false
        let back = Date().addingTimeInterval(60)
        while Date() < back, (try console.waitingChanges().count) > 0 {
            _ = try console.refresh()
            usleep(100_000)
        }
        XCTAssertEqual(try console.waitingChanges().count, 0)
        XCTAssertEqual(
            try count("SELECT count(*) FROM crisiscell.operations WHERE op LIKE '%into the black hole%'"), 1,
            "exactly once")
        XCTAssertEqual(try head(), before + 1)
    }

    // MARK: 6, 7: honest outcomes at the site

    func testADamagedWaitingLineIsShownAndTheIntactOnesStillGoInOrder() throws {
        let site = try store("karim", cache: "k")
        cluster.stop()
        let offline = try store("karim", cache: "k")
        for text in ["first", "second", "third"] {
            _ = try offline.commit(.log(crisis: nil, kind: .sitrep, text: text), by: "karim")
        }
        _ = site
        let path = tmp.path + "/k/outbox.jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].prefix(30)) + "#damage#"
        try (lines.joined(separator: "\n") + "\n" + #"{"id":"torn","ti"#).write(
            toFile: path, atomically: false, encoding: .utf8)
        let report = HealthCheck.run(directory: DataDirectory(path: tmp.path + "/k"), more: Outbox.report)
        XCTAssertEqual(report.problems.filter { $0.contains("outbox.jsonl:2") }.count, 1, "\(report.problems)")
        XCTAssertEqual(
            report.problems.filter { $0.contains("outbox.jsonl:4") && $0.contains("cut off") }.count, 1,
            "a torn line is said, \(report.problems)")
        try cluster.start()
        let back = try store("karim", cache: "k")
        XCTAssertEqual(try back.waitingChanges().count, 0)
        let texts = try cluster.sql(
            "SELECT op FROM crisiscell.operations ORDER BY seq DESC LIMIT 2", database: database)
        XCTAssertTrue(texts.contains("third") && texts.contains("first") && !texts.contains("second"), texts)
        XCTAssertLessThan(texts.range(of: "third")!.lowerBound, texts.range(of: "first")!.lowerBound, "in order")
        let damaged = try back.damagedChanges()
        XCTAssertEqual(damaged.count, 2)
        XCTAssertEqual(back.link?.damaged, 2)
        for d in damaged { try back.resolve(d.id, keep: false) }
        XCTAssertEqual(try back.damagedChanges().count, 0)
    }

    func testAChangeTheDatabaseCommittedIsSavedWhenTheSiteDiskIsFullAndNeverDoubled() throws {
        let mnt = tmp.path + "/small"
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        let mounted = runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt])
        if mounted.status != 0 { throw XCTSkip("cannot mount a small tmpfs here: \(mounted.stderr)") }
        defer { _ = runProcess("/bin/umount", ["-l", mnt]) }
        let site = try PostgresStore(
            url: url("karim"), cache: DataDirectory(path: mnt + "/cache"), operatorName: "karim")
        let filler = mnt + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let h = FileHandle(forWritingAtPath: filler)!
        while (try? h.write(contentsOf: Data(count: 4096))) != nil {}
        try? h.close()
        let before = try head()
        let outcome = try site.commit(.log(crisis: nil, kind: .sitrep, text: "committed, disk full"), by: "karim")
        guard case .saved(let entry) = outcome else { return XCTFail("a committed change said as \(outcome)") }
        XCTAssertEqual(entry.seq, before + 1)
        XCTAssertTrue(site.warnings.contains { $0.contains("saved in the database") }, "\(site.warnings)")
        try FileManager.default.removeItem(atPath: filler)
        _ = try site.commit(.log(crisis: nil, kind: .sitrep, text: "and the next"), by: "karim")
        XCTAssertEqual(try head(), before + 2, "nothing doubled")
        let reopened = try PostgresStore(
            url: url("karim"), cache: DataDirectory(path: mnt + "/cache"), operatorName: "karim")
        XCTAssertEqual(
            reopened.store.world.events.filter { $0.text == "committed, disk full" }.count, 1, "the cache caught up")
        XCTAssertTrue(HealthCheck.run(directory: DataDirectory(path: mnt + "/cache")).problems.isEmpty)
    }

    func testAViewerOfflineIsRefusedAtOnceInTheWordsUsedOnline() throws {
        let online = try store("viewer1", cache: "v")
        var words = ""
        XCTAssertThrowsError(try online.commit(.log(crisis: nil, kind: .sitrep, text: "x"), by: "viewer1")) {
            words = "\($0)"
        }
        cluster.stop()
        let offline = try store("viewer1", cache: "v")
        XCTAssertThrowsError(try offline.commit(.log(crisis: nil, kind: .sitrep, text: "x"), by: "viewer1")) {
            XCTAssertEqual("\($0)", words)
        }
        XCTAssertEqual(try offline.waitingChanges().count, 0, "nothing acknowledged to be refused later")
        try cluster.start()
    }

    // MARK: 8: roles per cell

    func testRolesBelongToOneCellAndAGrantIsWholeOrNothing() throws {
        let drill = database + "drill"
        try cluster.createDatabase(drill)
        let drillURL = try DatabaseURL(cluster.url(database: drill))
        _ = try DatabaseAdmin.initialize(drillURL)
        _ = try DatabaseAdmin.grant(drillURL, login: "trainee", role: "viewer")
        XCTAssertNoThrow(try cluster.sql("SELECT count(*) FROM crisiscell.operations", database: drill, as: "trainee"))
        XCTAssertThrowsError(
            try cluster.sql("SELECT count(*) FROM crisiscell.operations", database: database, as: "trainee"),
            "a drill's viewer reads nothing of the real cell")
        XCTAssertThrowsError(
            try DatabaseAdmin.grant(url(), login: Schema.role("officer", prefix: prefix), role: "admin")
        ) {
            XCTAssertTrue("\($0)".contains("CrisisCell's own group roles"), "\($0)")
        }
        XCTAssertNoThrow(
            try cluster.sql("SELECT count(*) FROM crisiscell.operations", database: database, as: "karim"),
            "officers still read")
        XCTAssertThrowsError(try DatabaseAdmin.grant(url(), login: String(repeating: "k", count: 100), role: "viewer"))
        {
            XCTAssertTrue("\($0)".contains("63"), "\($0)")
        }
        // An admin of the cell grants (the admin option db init set up), no superuser needed.
        XCTAssertNoThrow(try DatabaseAdmin.grant(url("boss"), login: "nasrin", role: "viewer"))
        XCTAssertEqual(try store("nasrin", cache: "n").writeRefusal?.contains("viewer"), true)
        XCTAssertThrowsError(
            try DatabaseAdmin.grant(url("karim"), login: "nasrin", role: "admin"), "an officer does not grant")
    }

    // MARK: 9, 10, 11: limits, search_path, presence

    func testAChangeOverTheSizeLimitOrWithANulIsRefusedAtTheSiteAndByTheServer() throws {
        let karim = try store("karim", cache: "k")
        let big = String(repeating: "x", count: OperationShape.maxOperationBytes)
        XCTAssertThrowsError(try karim.commit(.log(crisis: nil, kind: .sitrep, text: big), by: "karim")) {
            XCTAssertTrue("\($0)".contains("65536"), "\($0)")
        }
        XCTAssertThrowsError(try karim.commit(.log(crisis: nil, kind: .sitrep, text: "a\u{0}b"), by: "karim")) {
            XCTAssertTrue("\($0)".contains("NUL"), "\($0)")
        }
        let link = try DatabaseLink(url("karim"))
        defer { link.close() }
        let h = try head()
        for text in [#"{"log":{"kind":"sitrep","text":"\#(big)"}}"#, #"{"log":{"kind":"sitrep","text":"a\u0000b"}}"#] {
            XCTAssertThrowsError(
                try link.query(
                    "SELECT * FROM crisiscell.append($1, $2, $3)",
                    [.init(int64: Int64(h)), .init(array: [text]), .init(string: UUID().uuidString)]))
        }
        XCTAssertEqual(try head(), h)
    }

    func testObjectsAnOfficerCreatesCannotShadowWhatTheFunctionsCall() throws {
        try cluster.sql("GRANT CREATE ON SCHEMA public TO karim", database: database)
        let attack = """
            CREATE FUNCTION public.pg_has_role(name, text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
            CREATE FUNCTION public.clock_timestamp() RETURNS timestamptz LANGUAGE sql AS $$SELECT '2020-01-01'::timestamptz$$;
            CREATE DOMAIN pg_temp.jsonb AS text;
            SET search_path = public, pg_temp, pg_catalog;
            SELECT * FROM crisiscell.append(crisiscell.head(), ARRAY['{"deleteCrisis":{"id":"x"}}'], 'shadow');
            """
        XCTAssertThrowsError(try cluster.sql(attack, database: database, as: "karim"))
        let shadowTime = """
            CREATE OR REPLACE FUNCTION public.clock_timestamp() RETURNS timestamptz LANGUAGE sql AS $$SELECT '2020-01-01'::timestamptz$$;
            SET search_path = public, pg_temp, pg_catalog;
            SELECT at FROM crisiscell.append(crisiscell.head(), ARRAY['{"log":{"kind":"sitrep","text":"when"}}'], 'shadow-time');
            """
        let at = try cluster.sql(shadowTime, database: database, as: "karim")
        XCTAssertFalse(at.contains("2020"), at)
    }

    /// A console of the same login on this machine killed without a word (kill -9) is not "also here": the next
    /// heartbeat of a live one finds its process gone and takes its row away.
    func testAKilledConsoleOfTheSameLoginIsNotAlsoHere() throws {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(cString: name)
        var dead: Int32 = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        _ = try cluster.sql("SELECT crisiscell.here('\(host)', \(dead))", database: database, as: "karim")
        _ = try cluster.sql("SELECT crisiscell.here('elsewhere', \(dead))", database: database, as: "karim")
        let live = try store("karim", cache: "k", live: true)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline,
            try count("SELECT count(*) FROM crisiscell.presence WHERE pid = \(dead) AND host = '\(host)'") > 0
        {
            _ = try live.refresh()
            usleep(200_000)
        }
        XCTAssertEqual(
            try count("SELECT count(*) FROM crisiscell.presence WHERE pid = \(dead) AND host = '\(host)'"), 0,
            "the dead console's row is gone")
        XCTAssertEqual(live.othersPresent, ["karim"], "karim at another machine is still here; the dead one is not")
    }

    func testALoginWritesOnlyItsOwnPresence() throws {
        XCTAssertNoThrow(try cluster.sql("SELECT crisiscell.here('host', 1)", database: database, as: "viewer1"))
        XCTAssertThrowsError(
            try cluster.sql(
                "INSERT INTO crisiscell.presence (login, host, pid) VALUES ('boss', 'h', 2)", database: database,
                as: "viewer1"))
        XCTAssertNoThrow(try cluster.sql("SELECT crisiscell.gone('host', 1)", database: database, as: "karim"))
        XCTAssertEqual(
            try count("SELECT count(*) FROM crisiscell.presence WHERE login = 'viewer1'"), 1,
            "karim cannot remove viewer1's row")
    }

    /// The feed fetcher's lease: officers take it one site at a time; a viewer or a stranger cannot, nobody reads or
    /// writes the row but through the functions, and a holder's lease is not taken from it until it runs out.
    func testOnlyWritersTakeTheFeedLeaseAndOneSiteHoldsIt() throws {
        func claim(_ site: String, _ who: String, _ seconds: Int = 60) throws -> String {
            try cluster.sql(
                "SELECT held_by FROM crisiscell.claim_fetcher('\(site)', \(seconds))", database: database, as: who
            ).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        XCTAssertEqual(try claim("a", "karim"), "a (karim)")
        XCTAssertEqual(try claim("b", "nasrin"), "a (karim)", "held: the other site is told who fetches")
        XCTAssertEqual(try claim("a", "karim"), "a (karim)", "renewed by its holder")
        XCTAssertEqual(try claim("a", "nasrin"), "a (karim)", "the same site name under another login is another site")
        for who in ["viewer1", "stranger"] { XCTAssertThrowsError(try claim("v", who), who) }
        XCTAssertThrowsError(try claim("a", "karim", 86_400), "a lease of a day is refused")
        for q in [
            "SELECT * FROM crisiscell.fetcher", "UPDATE crisiscell.fetcher SET until = now()",
            "DELETE FROM crisiscell.fetcher",
        ] {
            XCTAssertThrowsError(try cluster.sql(q, database: database, as: "nasrin"), q)
        }
        _ = try cluster.sql("SELECT crisiscell.release_fetcher('a')", database: database, as: "nasrin")
        XCTAssertEqual(try claim("b", "nasrin"), "a (karim)", "only the holder lets it go")
        _ = try cluster.sql("SELECT crisiscell.release_fetcher('a')", database: database, as: "karim")
        XCTAssertEqual(try claim("b", "nasrin"), "b (nasrin)")
    }

    /// The standbys' state is for every role of the cell (db status), through one function that reads and
    /// changes nothing; a stranger is refused it, and nobody may redefine it.
    func testEveryRoleOfTheCellReadsTheReplicationStateAndAStrangerDoesNot() throws {
        for who in ["viewer1", "karim"] {
            XCTAssertNoThrow(
                try cluster.sql("SELECT count(*) FROM crisiscell.replication()", database: database, as: who), who)
        }
        XCTAssertThrowsError(
            try cluster.sql("SELECT count(*) FROM crisiscell.replication()", database: database, as: "stranger"))
        XCTAssertThrowsError(
            try cluster.sql(
                "CREATE OR REPLACE FUNCTION crisiscell.replication() RETURNS SETOF record LANGUAGE sql AS 'SELECT 1'",
                database: database, as: "karim"))
    }
}
