import Foundation
import TestSupport
import XCTest

/// `crisiscell feeds read` of the real binary: how an officer tries a feed before following it.
final class FeedsCommandLineTests: XCTestCase {
    var tmp: TempDirectory!
    let binary = builtProduct("crisiscell")
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CrisisFeedsTests/Fixtures").path

    override func setUp() { tmp = TempDirectory("cli-feeds") }
    override func tearDown() { tmp.cleanUp() }

    private func run(_ args: [String], expect status: Int32, line: UInt = #line) -> ProcessResult {
        let r = runProcess(binary, args, environment: ["USER": "tester"])
        XCTAssertEqual(r.status, status, "\(args)\nstdout: \(r.stdout)\nstderr: \(r.stderr)", line: line)
        return r
    }

    func testAFeedIsReadItemByItemWithCountriesLevelsAndOurReading() {
        let r = run(["feeds", "read", "\(fixtures)/gdacs.xml", "--format", "gdacs"], expect: 0)
        XCTAssertTrue(r.stdout.hasPrefix("GDACS RSS information: 4 items\n"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains(
                "   GDACS TC1001234 · tropical cyclone · PH (Philippines), VN (Vietnam) · Red (our reading: extreme) · 2026-12-01 00:00 UTC"
            ), r.stdout)
        XCTAssertTrue(r.stdout.contains("[above the banner threshold]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("earthquake · at sea / unknown · Green"), r.stdout)
        let advisories = run(
            ["feeds", "read", "\(fixtures)/us-advisories.xml", "--format", "us-travel-advisories"], expect: 0)
        XCTAssertTrue(advisories.stderr.contains("no country known for: Kosovo"), advisories.stderr)
    }

    func testAFeedIsTriedFromItsAddressAndAnUnreachableOneIsSaidInWords() throws {
        let server = try FeedServer()
        defer { server.stop() }
        let r = run(["feeds", "read", server.url("/gzip"), "--format", "cap"], expect: 0)
        XCTAssertTrue(r.stdout.hasPrefix("Regional hazard alerts: 5 items\n"), r.stdout)
        let gone = run(["feeds", "read", server.url("/flaky"), "--format", "reliefweb"], expect: 1)
        XCTAssertTrue(gone.stderr.contains("/flaky: HTTP 500 Internal Server Error"), gone.stderr)
        let closed = run(["feeds", "read", "http://127.0.0.1:1/feed", "--format", "rss"], expect: 1)
        XCTAssertTrue(closed.stderr.contains("http://127.0.0.1:1/feed: cannot connect"), closed.stderr)
    }

    func testExportCapWritesTheDemoCellsAlertChangesAsAFeedTheCellCanFollow() throws {
        _ = run(["demo", "--data", tmp.data.path], expect: 0)
        _ = run(["alert", "KW", "4", "--why", "airport closed", "--data", tmp.data.path], expect: 0)
        let file = tmp.path + "/alerts.xml"
        let r = run(["export", "cap", "--sender", "cell@example.org", "-o", file, "--data", tmp.data.path], expect: 0)
        XCTAssertTrue(r.stderr.contains("CAP messages to \(file)"), r.stderr)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let back = run(["feeds", "read", file, "--format", "cap"], expect: 0)
        XCTAssertTrue(back.stdout.contains("1. Kuwait: L4 mandatory evacuation (was L1)"), back.stdout)
        XCTAssertTrue(back.stdout.contains("[above the banner threshold]"), back.stdout)
        _ = run(["export", "cap", "--sender", "a cell", "--data", tmp.data.path], expect: 64)
    }

    func testADocumentOfAnotherFormatOrAMissingFileExitsOneWithTheReason() {
        let wrong = run(["feeds", "read", "\(fixtures)/news-rss.xml", "--format", "cap"], expect: 1)
        XCTAssertTrue(wrong.stderr.contains("not CAP: 4 entries, none with a CAP message or link"), wrong.stderr)
        XCTAssertEqual(wrong.stdout, "")
        let json = run(["feeds", "read", "\(fixtures)/usgs.geojson", "--format", "reliefweb"], expect: 1)
        XCTAssertTrue(json.stderr.contains("not a ReliefWeb API answer: no \"data\" list"), json.stderr)
        let missing = run(["feeds", "read", "\(tmp.path)/none.xml", "--format", "rss"], expect: 1)
        XCTAssertTrue(missing.stderr.contains("none.xml: cannot be read"), missing.stderr)
    }

    func testRefusedItemsAreNamedAndTheRestPrintedAndHostileTextNeverReachesTheTerminal() throws {
        let path = tmp.path + "/rw.json"
        let text = """
            {"data": [{"id": "7", "fields": {"name": "Floods \\u001b[2J\\u001b]0;owned\\u0007 here", "status": "current",
              "country": [{"iso3": "mys"}]}}, {"id": "8", "fields": {"name": "Bad", "status": "soon"}}]}
            """
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        let r = run(["feeds", "read", path, "--format", "reliefweb"], expect: 1)
        XCTAssertTrue(r.stdout.contains("1. Floods"), r.stdout)
        XCTAssertFalse(
            r.stdout.contains("\u{1B}"), "no escape from a feed reaches the terminal: \(r.stdout.debugDescription)")
        XCTAssertFalse(r.stdout.contains("\u{07}"))
        XCTAssertTrue(
            r.stderr.contains("item 2 (8), field fields.status: \"soon\" is not alert, current or past"), r.stderr)
        XCTAssertTrue(r.stderr.contains("1 of 2 items refused"), r.stderr)
        let j = run(["feeds", "read", path, "--format", "reliefweb", "--json"], expect: 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let items = parsed?["items"] as? [[String: Any]]
        let title = items?.first?["title"] as? String
        XCTAssertEqual(title, "Floods [2J]0;owned here", "the controls are gone from the data itself, not only escaped")
        XCTAssertEqual(items?.first?["countries"] as? [String], ["MY"])
        XCTAssertEqual(items?.first?["severity"] as? String, "severe")
        XCTAssertEqual((parsed?["refused"] as? [String])?.count, 1)
    }
}

/// Counts in HXL: exported as HDX publishes them, read by libhxl (PyPI, the HXL standard's own library), and
/// imported back unchanged.
final class HXLCommandLineTests: XCTestCase {
    var tmp: TempDirectory!
    let binary = builtProduct("crisiscell")

    override func setUp() { tmp = TempDirectory("cli-hxl") }
    override func tearDown() { tmp.cleanUp() }

    private func run(_ args: [String], expect status: Int32 = 0, line: UInt = #line) -> ProcessResult {
        let r = runProcess(binary, args, environment: ["USER": "tester"])
        XCTAssertEqual(r.status, status, "\(args)\nstdout: \(r.stdout)\nstderr: \(r.stderr)", line: line)
        return r
    }

    func testTheHXLExportIsReadByLibhxlAndImportsBackUnchanged() throws {
        let demo = tmp.path + "/demo"
        _ = run(["demo", "--data", demo])
        _ = run(["count", "LB", "--dead", "3", "--data", demo])
        let file = tmp.path + "/counts.csv"
        _ = run(["export", "counts", "--format", "hxl", "-o", file, "--data", demo])
        let script = """
            import json, sys
            import hxl
            from hxl.input import InputOptions
            rows = list(hxl.data(open(sys.argv[1], 'rb'), InputOptions(allow_local=True)))
            total = lambda tag: sum(int(r.get(tag) or 0) for r in rows)
            lb = [r for r in rows if r.get('#country+code') == 'LBN']
            print(json.dumps({'rows': len(rows), 'killed': total('#affected+killed'),
                'lb_killed': sum(int(r.get('#affected+killed') or 0) for r in lb),
                'stock': total('#population+stock'), 'name': lb[0].get('#country+name')}))
            """
        let py = runProcess("/usr/bin/env", ["python3", "-c", script, file], environment: [:])
        XCTAssertEqual(py.status, 0, "libhxl must be installed (pip install libhxl; .ci/run does): \(py.stderr)")
        let seen = try JSONSerialization.jsonObject(with: Data(py.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(seen?["lb_killed"] as? Int, 3)
        XCTAssertEqual(seen?["name"] as? String, "Lebanon")
        let csv = run(["export", "counts", "--data", demo]).stdout
        let stock = csv.split(whereSeparator: \.isNewline).filter { $0.contains(",stock estimate,") }
            .compactMap { Int($0.split(separator: ",")[3]) }.reduce(0, +)
        XCTAssertEqual(seen?["stock"] as? Int, stock, "libhxl sums the same stock as our CSV holds")

        // Into an empty directory: every figure back with its own date and source.
        let copy = tmp.path + "/copy"
        _ = run(["import", "counts", file, "--apply", "--data", copy])
        XCTAssertEqual(run(["export", "counts", "--data", copy]).stdout, csv)
        let again = run(["import", "counts", file, "--data", copy])
        XCTAssertTrue(again.stdout.contains("0 new, 0 changed"), again.stdout)
    }

    func testAnHXLTableFromElsewhereIsReadByItsHashtagsAndItsRefusalsNameTheLineAndTag() {
        let dir = tmp.path + "/d"
        let file = tmp.path + "/dtm.csv"
        let text = """
            Displacement Tracking Matrix: flash update 3,,,,,
            Country,ISO3,Date,Admin 1,Affected,Deaths,People in need,Source
            #country+name,#country+code,#date,#adm1+name,#affected,#affected+killed,#inneed,#meta+source
            Lebanon,LBN,2026-11-20,South,12000,14,30000,DTM
            Lebanon,LBN,2026-11-20,,12000,14,30000,DTM
            Lebanon,LBN,2026-11-21,,-5,,,DTM
            Atlantis,ATL,2026-11-21,,4,,,DTM

            """
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)))
        let r = run(["import", "counts", file, "--data", dir])
        XCTAssertTrue(r.stdout.contains("rows: 2 new, 0 changed, 0 unchanged, 3 rejected"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains("#adm1+name South: a sub-national row; counts here are per country"), r.stdout)
        XCTAssertTrue(r.stdout.contains("#affected: affected cannot be negative (got -5)"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains("'Atlantis' is not a country") || r.stdout.contains("'ATL' is not a country"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains("#adm1+name") && r.stdout.contains("#inneed"),
            "the columns not used are said: \(r.stdout)")
    }
}
