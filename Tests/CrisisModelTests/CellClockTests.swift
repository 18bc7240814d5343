import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

final class CellClockTests: XCTestCase {
    func testReadsAnInstantAndStartsItNow() throws {
        let parsed = try CellClock.parse("2031-03-15T23:30:00Z", wallNow: 1_000).get()
        XCTAssertEqual(parsed.instant, Timestamp.parse("2031-03-15T23:30:00Z"))
        XCTAssertEqual(parsed.wall, 1_000)
        XCTAssertFalse(parsed.anchored)
    }

    func testReadsTheSharedForm() throws {
        let parsed = try CellClock.parse("2031-03-15T23:30:00.000Z@1796098000.250", wallNow: 5)
            .get()
        XCTAssertEqual(parsed.wall, 1_796_098_000.25)
        XCTAssertTrue(parsed.anchored)
    }

    func testRefusesWhatIsNotATime() {
        for bad in [
            "tomorrow", "2031-03-15", "2031-13-15T23:30:00Z", "2031-03-15T23:30:00Z@", "2031-03-15T23:30:00Z@-4",
            "2031-03-15T23:30:00Z@x",
        ] {
            guard case .failure(let p) = CellClock.parse(bad, wallNow: 0) else { return XCTFail("accepted \(bad)") }
            XCTAssertTrue(p.message.contains("CRISISCELL_CLOCK"), p.message)
        }
    }
}

/// The real binary under a moved clock: what it records is dated by that clock, and a bad value is refused.
final class MovedClockEndToEndTests: DemoDirectoryTestCase {
    override var seedsDemo: Bool { false }

    func testAChildProcessRunsOnTheMovedClock() throws {
        let r = runProcess(
            binary, ["log", "--data", dir, "drill: clock moved"],
            environment: ["CRISISCELL_CLOCK": "2031-03-15T23:30:00Z"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(" 2031-03-15T23:30:0"), "recorded at the moved time: \(r.stdout)")
        let journal = try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8)
        XCTAssertTrue(journal.contains("\"time\":\"2031-03-15T23:30:0"), journal)
    }

    func testTheSharedTimelineGoesOnAcrossProcesses() throws {
        // Two processes given the same anchored setting agree on the time, and it runs forward.
        let anchor = String(format: "%.3f", Date().timeIntervalSince1970 - 3600)
        let env = ["CRISISCELL_CLOCK": "2031-03-15T23:30:00Z@\(anchor)"]
        XCTAssertEqual(runProcess(binary, ["log", "--data", dir, "one"], environment: env).status, 0)
        XCTAssertEqual(runProcess(binary, ["log", "--data", dir, "two"], environment: env).status, 0)
        let store = try Repository(directory: tmp.data, readOnly: true).store
        let times = store.world.events.map(\.time)
        XCTAssertEqual(times.count, 2)
        let expected = try XCTUnwrap(Timestamp.parse("2031-03-16T00:30:00Z"))
        for t in times { XCTAssertEqual(t.timeIntervalSince(expected), 0, accuracy: 30, "an hour after the anchor") }
        XCTAssertLessThanOrEqual(times[0], times[1])
    }

    func testABadClockIsRefusedWithAMessage() {
        let r = runProcess(binary, ["brief", "--data", dir], environment: ["CRISISCELL_CLOCK": "next tuesday"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("CRISISCELL_CLOCK='next tuesday' is not a UTC time"), r.stderr)
    }
}
