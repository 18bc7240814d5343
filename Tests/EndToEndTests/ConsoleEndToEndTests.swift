import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// The console as a person uses it: the real binary in tmux, keys in, screen out.
final class ConsoleEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    private func checklistLine(_ id: String) -> String {
        runProcess(binary, ["checklist", "lb-escalation", "--data", dir]).stdout.split(separator: "\n").first {
            $0.contains(" \(id) ")
        }.map(String.init) ?? ""
    }

    func testStartMoveTickQuitRestartSeesTheTick() {
        var s = console()
        s.send("3")
        s.send("/")
        s.type("Fallback")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("filter: Fallback").ok)
        s.send("Space")
        XCTAssertTrue(s.waitFor("Saved · ticked \"Fallback ready if the mission closes\"").ok, s.capture())
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertTrue(checklistLine("resp-04").contains("[x]"), checklistLine("resp-04"))
        XCTAssertTrue(checklistLine("resp-04").contains("done by rahim"))
        s = console()
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("[x] Fallback ready if the mission closes").ok, s.capture())
        s.send("q")
    }

    func testKillNineRightAfterATickLosesNothing() throws {
        let s = console()
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter", "Space")
        XCTAssertTrue(s.waitFor("Saved · ticked").ok, s.capture())
        let pid = try XCTUnwrap(s.programPid)
        kill(pid, SIGKILL)
        XCTAssertEqual(s.waitForExit(), 128 + SIGKILL)
        XCTAssertTrue(
            checklistLine("resp-04").contains("[x]"),
            "acknowledged on screen, so it must be on disk: \(checklistLine("resp-04"))")
        XCTAssertTrue(runProcess(binary, ["check", "--data", dir]).stdout.hasPrefix("healthy"))
        let again = console()
        again.send("3", "/")
        again.type("Fallback")
        again.send("Enter")
        XCTAssertTrue(again.waitFor("[x] Fallback").ok, again.capture())
        again.send("q")
    }

    /// Holding j through the crises: the other panes catch up with the selection once it rests, by themselves.
    func testPanesFollowTheCrisisSelectionWhenItRests() {
        let s = console()
        XCTAssertTrue(s.waitFor("3 Checklist · Lebanon escalation").ok, s.capture())
        s.send("j", "j", "k")
        let r = s.waitFor {
            $0.contains("▸▲3  Malaysia floods") && $0.contains("3 Checklist · Malaysia floods")
                && $0.contains("4 Contacts · Malaysia")
        }
        XCTAssertTrue(r.ok, r.screen)
        // A tick right after a move acts on the crisis the selection is on, not the one still shown.
        s.send("j", "3")
        XCTAssertTrue(s.waitFor("3 Checklist · Sudan conflict").ok, s.capture())
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
    }

    func testFilterCountries() {
        let s = console()
        s.send("2", "/")
        s.type("mala")
        let r = s.waitFor {
            $0.contains("filter: mala") && $0.contains("Malaysia") && !$0.contains("Lebanon            ")
        }
        XCTAssertTrue(r.ok, r.screen)
        s.send("Escape")
        XCTAssertTrue(s.waitFor { !$0.contains("filter: mala") && $0.contains("Lebanon") }.ok, s.capture())
        s.send("q")
    }

    func testResizeToTooSmallAndBack() {
        let s = console()
        s.resize(width: 50, height: 15)
        XCTAssertTrue(s.waitFor("Terminal too small (need 60x18").ok, s.capture())
        s.resize(width: 80, height: 24)
        XCTAssertTrue(s.waitFor { $0.contains("1 Crises") && !$0.contains("too small") }.ok, s.capture())
        s.resize(width: 120, height: 40)
        let r = s.waitFor {
            $0.contains("2 Countries") && $0.contains("4 Contacts") && $0.split(separator: "\n").count >= 39
        }
        XCTAssertTrue(r.ok, r.screen)
        // Every line fits the width: nothing left over from the smaller layouts.
        for line in r.screen.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 120) }
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
    }

    func testDumbTerminalIsRefusedWithAMessage() {
        // The shell stays a moment after the program so tmux still shows what it printed.
        let command = "env TERM=dumb \(shellQuote(binary)) --data \(shellQuote(dir)); echo EXIT=$?; sleep 5"
        let s = TmuxSession(width: 250, height: 10, command: command)!
        let screen = s.waitFor("EXIT=").screen
        XCTAssertTrue(screen.contains("terminal type 'dumb' cannot run a full-screen program"), screen)
        XCTAssertTrue(screen.contains("EXIT=1"), screen)
    }

    func testNoTTYIsRefused() {
        let r = runProcess(binary, ["--data", dir])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("needs a terminal"), r.stderr)
    }

    func testSigtermRestoresTheTerminalAndSnapshots() throws {
        let s = console()
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter", "Space")
        XCTAssertTrue(s.waitFor("Saved · ticked").ok)
        kill(try XCTUnwrap(s.programPid), SIGTERM)
        XCTAssertNotNil(s.waitForExit())
        let journal = try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8)
        XCTAssertEqual(journal, "", "a clean stop folds the journal into a fresh snapshot")
        XCTAssertTrue(checklistLine("resp-04").contains("[x]"))
    }

    func testBriefingModeIsReadOnly() {
        let s = console(160, 45, args: "--briefing", ready: "situation")
        XCTAssertTrue(s.waitFor("AFFECTED").ok, s.capture())
        s.send("Space")
        XCTAssertTrue(s.waitFor("PAUSED").ok)
        s.send("Right")
        XCTAssertTrue(s.waitFor("slide 2 /").ok)
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0, s.capture())
    }
}

final class ConsoleImportEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    func testImportCountsFromTheConsole() throws {
        let csv = tmp.path + "/ministry.csv"
        // Dated today by the program's own clock: the demo's figures are hours old, so today's are newer.
        let today = String(Timestamp.string(CellClock.now()).prefix(10))
        try
            "country;kind;value;as-of;source\r\nLebanon;evacuated;1250;\(today);flight 19\r\nKW;dead;99999;\(today);rumour\r\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let s = console()
        s.send("i")
        XCTAssertTrue(s.waitFor("Import from a file").ok, s.capture())
        s.send("Tab")
        s.typeThenEnter(csv, shown: "ministry.csv")
        // The whole preview, footer included, before Enter: a capture can catch a frame half drawn on a busy machine.
        let preview = s.waitFor {
            $0.contains("Import preview · ministry.csv")
                && $0.contains("Enter saves 1 row as one batch (1 rejected rows left out)")
        }
        XCTAssertTrue(preview.ok, preview.screen)
        XCTAssertTrue(preview.screen.contains("rejected"), preview.screen)
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved · ministry.csv: 1 row as one batch").ok, s.capture())
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertTrue(runProcess(binary, ["brief", "--data", dir]).stdout.contains("evacuated 1,250"))
    }
}
