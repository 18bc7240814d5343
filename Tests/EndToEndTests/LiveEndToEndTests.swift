import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Several consoles and scripts on one data directory: changes show everywhere within a second.
final class LiveEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    private func console(_ who: String) -> TmuxSession { console(args: "--operator \(who)") }

    func testATickInOneConsoleAndALogFromAShellShowInBoth() {
        let a = console("rahim")
        let b = console("karim")
        XCTAssertTrue(b.capture().contains("[ ] Fallback ready"))
        a.send("3", "/")
        a.type("Fallback")
        a.send("Enter", "Space")
        XCTAssertTrue(a.waitFor("Saved · ticked").ok, a.capture())
        let seen = b.waitFor(timeout: 1.0) { $0.contains("[x] Fallback ready") }
        XCTAssertTrue(seen.ok, "the tick did not reach the other console within a second:\n\(seen.screen)")
        XCTAssertTrue(seen.screen.contains("•[x] Fallback ready"), "a row that just changed is marked:\n\(seen.screen)")

        let log = runProcess(
            binary, ["log", "--data", dir, "--operator", "nasrin", "Shell says: bus convoy left Beirut 05:40"])
        XCTAssertEqual(log.status, 0, log.stderr)
        for console in [a, b] {
            let r = console.waitFor(timeout: 1.0) { $0.contains("Shell says: bus convoy left Beirut") }
            XCTAssertTrue(r.ok, "the shell's log entry did not show within a second:\n\(r.screen)")
        }
        // Each console names the other in its top bar.
        XCTAssertTrue(a.waitFor("also here: karim", timeout: 8).ok, a.capture())
        XCTAssertTrue(b.waitFor("also here: rahim", timeout: 8).ok, b.capture())
        a.send("q")
        b.send("q")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
    }

    /// 50 changes from a script; how long until the other console shows each. Reported, and each under a second.
    func testPropagationTimeOverFiftyChanges() {
        let b = console("karim")
        var delays: [Double] = []
        for i in 0..<50 {
            let text = "probe \(i) propagation"
            let r = runProcess(binary, ["log", "--data", dir, "--operator", "bench", text])
            XCTAssertEqual(r.status, 0)
            let acknowledged = Date()
            let seen = b.waitFor(timeout: 2) { $0.contains(text) }
            XCTAssertTrue(seen.ok, "probe \(i) never showed")
            delays.append(Date().timeIntervalSince(acknowledged))
        }
        delays.sort()
        let median = delays[delays.count / 2]
        let worst = delays.last!
        print(
            String(
                format:
                    "PROPAGATION over %d changes: median %.0f ms, worst %.0f ms (includes tmux capture polling every 50 ms)",
                delays.count, median * 1000, worst * 1000))
        XCTAssertLessThan(worst, 1.0)
        b.send("q")
    }

    /// 8 writers of 1,000 operations each while two consoles follow and compaction happens.
    func testStressEightWritersTwoConsolesCompaction() throws {
        let a = console("rahim")
        let b = console("karim")
        let base = try Repository(directory: tmp.data, readOnly: true).store.seq
        let store = try appendConcurrently(labels: (1...8).map { "writer\($0)" }, count: 1000, compactEvery: 700)
        XCTAssertGreaterThan(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/backups").count, 0, "compaction happened")
        // Both consoles caught up and still run: the last entry is on their screens.
        let last = store.world.events.last!.text
        for c in [a, b] { XCTAssertTrue(c.waitFor(last, timeout: 3).ok, c.capture()) }
        a.send("q")
        b.send("q")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
        XCTAssertTrue(runProcess(binary, ["check", "--data", dir]).stdout.hasPrefix("healthy"))
        XCTAssertEqual(
            try Repository(directory: tmp.data, readOnly: true).store.seq, base + 8000,
            "the consoles' exit snapshots lost nothing")
    }
}
