import CrisisModel
import Foundation
import TestSupport
import XCTest

/// Feeds the cell follows, fetched by one process per directory, and what they bring in triaged from the command
/// line: the real binary against a local feed server whose document the test changes as the world would.
final class FeedsFollowCommandLineTests: XCTestCase {
    var tmp: TempDirectory!
    let binary = builtProduct("crisiscell")

    override func setUp() { tmp = TempDirectory("cli-follow") }
    override func tearDown() { tmp.cleanUp() }

    @discardableResult
    private func run(_ args: [String], expect status: Int32, line: UInt = #line) -> ProcessResult {
        let r = runProcess(binary, args + ["--data", tmp.data.path], environment: ["USER": "tester"])
        XCTAssertEqual(r.status, status, "\(args)\nstdout: \(r.stdout)\nstderr: \(r.stderr)", line: line)
        return r
    }

    private func publish(_ events: [GDACSFeed.Event]) throws {
        try GDACSFeed.document(events).write(toFile: tmp.path + "/world.xml", atomically: true, encoding: .utf8)
    }

    private var journalLines: Int {
        ((try? String(contentsOfFile: tmp.data.path + "/journal.jsonl", encoding: .utf8)) ?? "")
            .split(separator: "\n").count
    }

    func testAFollowedFeedBringsItemsInOnceAndAnUpgradeToRedRaisesTheBannerMark() throws {
        let server = try FeedServer(directory: tmp.path)
        defer { server.stop() }
        run(["demo"], expect: 0)
        run(["feeds", "add", "world", "ftp://x", "--format", "gdacs"], expect: 1)
        let added = run(
            ["feeds", "add", "world", server.url("/served/world.xml"), "--format", "gdacs", "--every", "2m"], expect: 0)
        XCTAssertTrue(added.stdout.contains("following feed world: gdacs"), added.stdout)
        XCTAssertTrue(run(["feeds", "list"], expect: 0).stdout.contains("not fetched yet at this site"))

        try publish([GDACSFeed.Event(id: 1102, level: "Orange", iso3: "MYS", country: "Malaysia")])
        let first = run(["feeds", "fetch", "--once"], expect: 0)
        XCTAssertTrue(first.stdout.contains("world: 1 items, 1 new or changed"), first.stdout)
        var list = run(["incoming"], expect: 0).stdout
        XCTAssertTrue(
            list.contains("▲ Orange flood · Malaysia · 600,000 nationals · GDACS · 30 min · Malaysia floods open"), list
        )
        XCTAssertFalse(list.contains("!  1"), "orange raises no banner: \(list)")

        // Not due again yet; --all fetches anyway, and the unchanged document is not modified (ETag): nothing written.
        let lines = journalLines
        XCTAssertTrue(run(["feeds", "fetch", "--once"], expect: 0).stdout.isEmpty)
        XCTAssertTrue(run(["feeds", "fetch", "--once", "--all"], expect: 0).stdout.contains("world: not modified"))
        XCTAssertEqual(journalLines, lines, "a fetch that finds nothing new writes nothing")

        try publish([
            GDACSFeed.Event(id: 1102, level: "Red", iso3: "MYS", country: "Malaysia"),
            GDACSFeed.Event(id: 77, type: "EQ", level: "Green", iso3: "", country: "", minutesAgo: 5),
        ])
        XCTAssertTrue(
            run(["feeds", "fetch", "--once", "--all"], expect: 0).stdout.contains("2 items, 2 new or changed"))
        list = run(["incoming"], expect: 0).stdout
        XCTAssertTrue(list.contains("!  1 ▲ Red flood · Malaysia · 600,000 nationals · GDACS"), list)
        XCTAssertTrue(list.contains("updated (was Orange)"), list)
        XCTAssertTrue(list.contains("at sea / unknown"), list)

        let opened = run(["incoming", "open", "1"], expect: 0)
        XCTAssertTrue(opened.stdout.contains("opened crisis"), opened.stdout)
        let log = run(["incoming", "--all"], expect: 0).stdout
        XCTAssertTrue(log.contains("opened Malaysia flood by tester"), log)
        run(["incoming", "dismiss", "GDACS:EQ77", "--reason", "at sea"], expect: 0)
        XCTAssertTrue(run(["incoming"], expect: 0).stdout.contains("Nothing incoming to triage"))
        run(["incoming", "dismiss", "GDACS:EQ77", "--reason", "again"], expect: 0)

        let shown = run(["feeds", "list"], expect: 0).stdout
        XCTAssertTrue(shown.contains("world  gdacs  every 2 min"), shown)
        XCTAssertTrue(shown.contains("2 items in Incoming · last read"), shown)
        run(["feeds", "remove", "world"], expect: 0)
        run(["feeds", "remove", "world"], expect: 1)
        XCTAssertTrue(run(["feeds", "list"], expect: 0).stdout.contains("No feeds followed"))
    }

    func testOneFetcherPerDirectoryAndAFailingFeedIsShownWithItsError() throws {
        let server = try FeedServer(directory: tmp.path)
        defer { server.stop() }
        run(["demo"], expect: 0)
        try publish([GDACSFeed.Event(id: 5, level: "Green", iso3: "KWT", country: "Kuwait")])
        run(["feeds", "add", "world", server.url("/served/world.xml"), "--format", "gdacs"], expect: 0)
        run(["feeds", "add", "broken", server.url("/flaky"), "--format", "reliefweb"], expect: 0)

        // A long-running fetcher holds the directory's feed lock: a second one fetches nothing and says who does.
        let holder = try BackgroundProcess(binary, ["feeds", "fetch", "--every", "1h", "--data", tmp.data.path])
        defer { holder.stop() }
        // Wait for a state: the holder has fetched the feed once.
        let deadline = Date().addingTimeInterval(60)
        while (try? server.count("/served/world.xml")) ?? 0 < 1, Date() < deadline { usleep(50_000) }
        XCTAssertEqual(try server.count("/served/world.xml"), 1)
        let second = run(["feeds", "fetch", "--once", "--all"], expect: 0)
        XCTAssertTrue(second.stderr.contains("fetched by"), second.stderr)
        XCTAssertTrue(second.stderr.contains("crisiscell feeds fetch"), second.stderr)
        XCTAssertEqual(try server.count("/served/world.xml"), 1, "one fetcher, counted at the server")
        holder.stop()

        let listed = run(["feeds", "list"], expect: 0).stdout
        XCTAssertTrue(listed.contains("last error: HTTP 500"), listed)
        let failing = run(["feeds", "fetch", "--once", "--all"], expect: 1)
        XCTAssertTrue(failing.stdout.contains("broken: failed: HTTP 500"), failing.stdout)
    }
}
