import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Each command of the real binary against a temporary data directory.
final class CommandLineTests: DemoDirectoryTestCase {
    override var seedsDemo: Bool { false }

    @discardableResult
    private func run(_ args: String..., expect status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line)
        -> ProcessResult
    {
        let r = runProcess(binary, args, environment: ["USER": "tester"])
        XCTAssertEqual(
            r.status, status, "crisiscell \(args.joined(separator: " "))\nstdout: \(r.stdout)\nstderr: \(r.stderr)",
            file: file, line: line)
        return r
    }

    private func demo() { run("demo", "--data", dir) }

    func testDemoWritesTheWorldAndRefusesToOverwrite() {
        let r = run("demo", "--data", dir)
        XCTAssertTrue(r.stdout.contains("5 crises"), r.stdout)
        let again = run("demo", "--data", dir, expect: 1)
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)
        run("demo", "--data", dir, "--force")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/backups").count, 1)
    }

    func testBriefInThreeFormats() throws {
        demo()
        let text = run("brief", "--data", dir).stdout
        XCTAssertTrue(text.contains("SITUATION REPORT"), text)
        XCTAssertLessThan(
            text.range(of: "Lebanon escalation")!.lowerBound, text.range(of: "Saudi Arabia heatwave")!.lowerBound,
            "most urgent first")
        let md = run("brief", "--data", dir, "--format", "markdown").stdout
        XCTAssertTrue(md.hasPrefix("# Situation report"), md)
        XCTAssertTrue(md.contains("| Country | Alert |"), md)
        let json = run("brief", "--data", dir, "--format", "json").stdout
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["generatedAt", "crises", "countries", "totals", "eventCount", "latestEvents"] {
            XCTAssertNotNil(obj[key], key)
        }
        let crises = try XCTUnwrap(obj["crises"] as? [[String: Any]])
        XCTAssertEqual(crises.first?["id"] as? String, "lb-escalation")
        for key in ["id", "title", "kind", "phase", "severity", "countries", "checklist"] {
            XCTAssertNotNil(crises[0][key], key)
        }
        let checklist = try XCTUnwrap(crises[0]["checklist"] as? [String: Any])
        XCTAssertNotNil(checklist["done"])
        XCTAssertNotNil(checklist["total"])
        let countries = try XCTUnwrap(obj["countries"] as? [[String: Any]])
        let lebanon = try XCTUnwrap(countries.first { $0["code"] as? String == "LB" })
        XCTAssertEqual(
            lebanon["name"] as? String,
            FileManager.default.fileExists(atPath: CountryNames.defaultPath) ? "Lebanon" : "LB")
        XCTAssertEqual(lebanon["alertLevel"] as? Int, 4)
        for key in [
            "stock", "registered", "affected", "sheltered", "evacuated", "returned", "injured", "missing", "dead",
        ] {
            XCTAssertTrue(lebanon.keys.contains(key), key)
            XCTAssertTrue((obj["totals"] as? [String: Any])?.keys.contains(key) ?? false, key)
        }
        let events = try XCTUnwrap(obj["latestEvents"] as? [[String: Any]])
        XCTAssertEqual(events.count, 20)
        for key in ["time", "operator", "crisis", "kind", "text"] { XCTAssertTrue(events[0].keys.contains(key), key) }
        let times = events.compactMap { $0["time"] as? String }
        XCTAssertEqual(times, times.sorted(by: >), "newest first")
    }

    func testChecklistTickAndUndo() throws {
        demo()
        let list = run("checklist", "lb-escalation", "--data", dir).stdout
        XCTAssertTrue(list.contains("resp-"), list)
        let json = run("checklist", "lb-escalation", "--data", dir, "--format", "json").stdout
        let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let open = try XCTUnwrap(items.first { $0["status"] as? String == "open" }?["id"] as? String)
        let tick = run("tick", "lb-escalation", open, "--data", dir)
        XCTAssertTrue(tick.stdout.contains("ticked"), tick.stdout)
        XCTAssertTrue(tick.stdout.contains("tester"), tick.stdout)
        XCTAssertTrue(run("checklist", "lb-escalation", "--data", dir).stdout.contains("[x] \(open)"))
        XCTAssertTrue(run("tick", "lb-escalation", open, "--undo", "--data", dir).stdout.contains("unticked"))
        XCTAssertTrue(run("checklist", "lb-escalation", "--data", dir).stdout.contains("[ ] \(open)"))
        // A country code reaches its standing preparedness list.
        XCTAssertTrue(run("checklist", "LB", "--data", dir).stdout.contains("prep-"))
        let bad = run("tick", "lb-escalation", "no-such-item", "--data", dir, expect: 1)
        XCTAssertTrue(bad.stderr.contains("no checklist item 'no-such-item'"), bad.stderr)
        let badCrisis = run("tick", "atlantis", "x", "--data", dir, expect: 1)
        XCTAssertTrue(badCrisis.stderr.contains("lb-escalation"), "lists what exists: \(badCrisis.stderr)")
    }

    func testLogCountAndAlert() {
        demo()
        XCTAssertTrue(
            run(
                "log", "--crisis", "lb-escalation", "--kind", "decision", "Flight 19 confirmed", "--data", dir,
                "--operator", "karim"
            )
            .stdout.contains("karim: Flight 19 confirmed"))
        XCTAssertTrue(
            run("count", "LB", "--evacuated", "1250", "--returned", "1250", "--source", "flight 19", "--data", dir)
                .stdout.contains("evacuated 1250 (+51)"))
        XCTAssertTrue(
            run("count", "lebanon", "--missing", "0", "--data", dir).stdout.contains("missing 0"), "names work too")
        XCTAssertTrue(run("alert", "KW", "2", "--why", "curfew announced", "--data", dir).stdout.contains("L1 → L2"))
        let brief = run("brief", "--data", dir).stdout
        XCTAssertTrue(brief.contains("Flight 19 confirmed"), brief)
        XCTAssertTrue(brief.contains("Kuwait L2 restriction"), brief)
    }

    func testBadInputGetsAClearErrorAndNonZeroExit() {
        demo()
        XCTAssertTrue(run("count", "LB", "--data", dir, expect: 64).stderr.contains("at least one count"))
        XCTAssertTrue(run("count", "LB", "--dead=-1", "--data", dir, expect: 64).stderr.contains("cannot be negative"))
        XCTAssertTrue(
            run("count", "LB", "--evacuated", "99999", "--data", dir, expect: 1).stderr.contains(
                "would exceed affected"))
        XCTAssertTrue(
            run("count", "Atlantis", "--dead", "1", "--data", dir, expect: 1).stderr.contains("not a country"))
        XCTAssertTrue(run("alert", "LB", "9", "--why", "x", "--data", dir, expect: 64).stderr.contains("level"))
        XCTAssertTrue(run("alert", "LB", "3", "--data", dir, expect: 64).stderr.contains("--why"))
        XCTAssertTrue(run("log", "   ", "--data", dir, expect: 1).stderr.contains("log text must not be empty"))
        XCTAssertTrue(run("log", "x", "--kind", "gossip", "--data", dir, expect: 64).stderr.contains("kind"))
        XCTAssertTrue(run("brief", "--format", "pdf", "--data", dir, expect: 64).stderr.contains("format"))
        XCTAssertTrue(run("brief", "--data", tmp.path + "/nowhere", expect: 1).stderr.contains("no data at"))
        XCTAssertTrue(run("frobnicate", expect: 64).stderr.contains("frobnicate"))
        XCTAssertTrue(run("log", "x", "--operator", "", "--data", dir, expect: 64).stderr.contains("--operator"))
        for cmd in ["demo", "brief", "checklist", "tick", "log", "count", "alert", "check"] {
            let help = run(cmd, "--help")
            XCTAssertTrue(help.stdout.contains("--data"), "\(cmd) --help names --data")
            if !["demo", "brief", "checklist", "check"].contains(cmd) {
                XCTAssertTrue(help.stdout.contains("--operator"), cmd)
            }
        }
    }

    func testCheckPassesOnHealthyDataAndFailsOnDamage() throws {
        demo()
        XCTAssertTrue(run("check", "--data", dir).stdout.hasPrefix("healthy"))
        run("log", "one more", "--data", dir)
        let journal = dir + "/journal.jsonl"
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: journal))
        let r = run("check", "--data", dir, expect: 1)
        XCTAssertTrue(r.stdout.contains("journal.jsonl:1"), r.stdout)
        let brief = run("brief", "--data", dir, expect: 1)
        XCTAssertTrue(brief.stderr.contains("journal.jsonl:1"), brief.stderr)
        XCTAssertEqual(try String(contentsOfFile: journal, encoding: .utf8), "not json\n", "nothing overwritten")
    }

    func testTwoProcessesAppendingAtOnceLoseNothing() throws {
        demo()
        try appendConcurrently(labels: ["alpha", "beta"], count: 500, compactEvery: 300)
        XCTAssertTrue(run("check", "--data", dir).stdout.hasPrefix("healthy"))
    }

    func testDataDirectoryFromEnvironment() {
        let r = runProcess(binary, ["demo"], environment: ["CRISISCELL_DATA": dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/snapshot.json"))
    }
}
