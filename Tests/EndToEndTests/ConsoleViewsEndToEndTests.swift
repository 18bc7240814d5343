import CrisisExchange
import CrisisModel
import CrisisStorage
import CrisisUI
import Foundation
import TestSupport
import XCTest

/// The night shift and the briefing wall, as operators and briefers use them: the real binary in tmux, scripts
/// changing things in other processes.
final class ConsoleViewsEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    private func cli(_ args: String...) {
        let r = runProcess(binary, args + ["--data", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// At 80x24 every key is in the help by scrolling it; the Log view's key line is its own; Esc clears a kept
    /// filter; Ctrl-L draws the screen again.
    func testEveryKeyIsReachableInTheHelpAt80x24AndTheLogShowsItsOwnKeys() {
        let s = console(80, 24)
        s.send("?")
        XCTAssertTrue(s.waitFor("PgUp PgDn scroll").ok, s.capture())
        s.send("PageDown", "PageDown", "PageDown")
        let end = s.waitFor("draw the whole screen again")
        XCTAssertTrue(end.ok, end.screen)
        s.send("x", "5")
        let log = s.waitFor("Enter read whole")
        XCTAssertTrue(log.ok && log.screen.contains("f kind"), log.screen)
        s.send("2", "/")
        s.type("Leb")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("filter: Leb").ok, s.capture())
        s.send("Escape")
        XCTAssertTrue(s.waitFor("cleared").ok, s.capture())
        s.send("C-l")
        XCTAssertTrue(s.waitFor("2 Countries").ok, s.capture())
        s.send("q")
    }

    /// A family emoji joined by ZWJs (WhatsApp text) leaves nothing stray on tmux's screen: its row ends with the
    /// pane's border where every other row does, in the Log view and in the log strip.
    func testJoinedEmojiLeaveNoStrayCharactersOnTheScreen() {
        cli("log", "--crisis", "lb-escalation", "Family 👨\u{200D}👩\u{200D}👧 safe at the assembly point, 4,450 home")
        let s = console(120, 40)
        s.send("5")
        let log = s.waitFor("safe at the assembly point")
        XCTAssertTrue(log.ok, log.screen)
        let rows = log.screen.split(separator: "\n").map(String.init)
        let row = rows.first { $0.contains("safe at the assembly point") } ?? ""
        XCTAssertTrue(row.contains("Family 👨👩👧 safe"), row)
        let bordered = rows.filter { $0.hasPrefix("┃") || $0.hasPrefix("│") }
        XCTAssertTrue(bordered.count > 5)
        for r in bordered where r.contains("safe at the assembly point") {
            XCTAssertTrue(r.hasSuffix("┃") || r.hasSuffix("│"), "the border stays in place: \(r)")
        }
        s.send("q")
    }

    func testTheLogViewScrollsToTheFirstEntryFiltersAndGoesToARecord() {
        for (w, h) in [(120, 40), (80, 24)] {
            let s = console(w, h)
            s.send("5")
            XCTAssertTrue(s.waitFor("5 Log · all crises · every kind · times UTC").ok, s.capture())
            let total = store().world.events.count
            XCTAssertTrue(s.waitFor("of \(total)").ok, "it says how many: \(s.capture())")
            s.send("G")
            // The very first entry of the log: the cell's settings, a week ago, said with its day.
            let first = s.waitFor("cell settings: Dhaka cell")
            XCTAssertTrue(
                first.ok && first.screen.contains("\(total - (h - 6) + 1)–\(total) of \(total)")
                    || first.screen.contains("of \(total)"), first.screen)
            s.send("g", "/")
            s.type("Flight 18")
            s.send("Enter")
            let filtered = s.waitFor("filter: Flight 18")
            XCTAssertTrue(filtered.ok, filtered.screen)
            XCTAssertFalse(filtered.screen.contains("Called Kelantan"), "only entries that say it")
            s.send("/", "Escape", "f")
            XCTAssertTrue(s.waitFor("decision").ok || s.waitFor("sitrep").ok)
            s.send("f", "f", "f", "f", "f") // back to every kind
            // A tick in the log leads to its item in the checklist.
            s.send("/")
            s.type("ticked \"")
            s.send("Enter", "Enter")
            XCTAssertTrue(s.waitFor("Enter goes to its record").ok, s.capture())
            s.send("Enter")
            let there = s.waitFor { $0.contains("3 Checklist") && ($0.contains("┏ 3 Checklist") || $0.contains("┏━")) }
            XCTAssertTrue(there.ok, there.screen)
            s.send("q")
            XCTAssertEqual(s.waitForExit(), 0)
        }
    }

    private func store() -> Store { (try? Repository(directory: tmp.data, readOnly: true).store) ?? Store() }

    func testSinceYouLastLookedSurvivesARestartAndLeadsToTheChange() {
        var s = console()
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        // While rahim is away.
        cli("count", "LB", "--affected", "12600", "--operator", "karim", "--source", "night call")
        cli("tick", "lb-escalation", "resp-04", "--operator", "nasrin")
        cli(
            "log", "--crisis", "lb-escalation", "--kind", "decision", "--operator", "karim",
            "Flight 20 approved for 06:00")
        cli("alert", "KW", "2", "--why", "curfew announced", "--operator", "karim")
        s = console(ready: "Since you last looked")
        let summary = s.capture()
        XCTAssertTrue(summary.contains("karim raised Kuwait L1 → L2 restriction: curfew announced"), summary)
        XCTAssertTrue(summary.contains("Lebanon affected 12,000 → 12,600 (+600) · karim"), summary)
        XCTAssertTrue(summary.contains("nasrin ticked \"Fallback ready if the mission closes\""), summary)
        XCTAssertTrue(summary.contains("karim decision: Flight 20 approved for 06:00"), summary)
        XCTAssertTrue(summary.contains("New log entries: 1 decision"), summary)
        // Enter on the first line (the alert) goes to Kuwait.
        s.send("Enter")
        XCTAssertTrue(
            s.waitFor { $0.contains("┏ 2 Countries") && $0.contains("▸Kuwait") || $0.contains("⚑Kuwait") }.ok,
            s.capture())
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        // Looked at: the next opening has nothing to say.
        s = console()
        XCTAssertFalse(s.capture().contains("Since you last looked"))
        s.send("w")
        XCTAssertTrue(s.waitFor("Nothing has changed since you last looked").ok, s.capture())
        s.send("q")
    }

    func testAnAlertRaisedElsewhereAnnouncesItselfUntilAcknowledged() {
        let s = console(120, 40, args: "--bell")
        let b = console(160, 45, args: "--briefing", ready: "situation")
        let start = Date()
        cli("alert", "KW", "4", "--why", "airport closing; evacuation ordered", "--operator", "karim")
        let banner = s.waitFor(timeout: 1.0) {
            $0.contains("⚑ ALERT LEVEL · karim raised Kuwait from L1 precautionary to L4 MANDATORY EVACUATION")
        }
        XCTAssertTrue(banner.ok, "within a second: \(banner.screen)")
        print("ALERT BANNER: shown \(Int(Date().timeIntervalSince(start) * 1000)) ms after the command")
        XCTAssertTrue(
            b.waitFor(timeout: 1.0) { $0.contains("⚑ ALERT LEVEL · karim raised Kuwait") }.ok,
            "the briefing wall shows it too")
        // It stays through other keys, and goes with x.
        s.send("2", "j", "j")
        sleep(1)
        XCTAssertTrue(s.capture().contains("evacuation ordered · x acknowledges"), "it stays: \(s.capture())")
        XCTAssertTrue(
            s.waitFor(timeout: 2) { $0.contains("⚑Kuwait") || $0.contains("⚑△2") }.ok,
            "marked apart from a count change: \(s.capture())")
        s.send("x")
        XCTAssertTrue(s.waitFor { !$0.contains("⚑ ALERT LEVEL") }.ok, s.capture())
        b.send("x")
        XCTAssertTrue(b.waitFor { !$0.contains("⚑ ALERT LEVEL") }.ok)
        s.send("q")
        b.send("q")
    }

    /// A busy hour: Kuwait raised three times, Lebanon once. The banner shows Kuwait's newest level first (not
    /// the stale first one), counts the changes before it, and X acknowledges every banner at once.
    func testBannersShowEachCountrysNewestChangeFirstAndXClearsThemAll() {
        let s = console(120, 40)
        cli("alert", "KW", "2", "--why", "curfew", "--operator", "karim")
        cli("alert", "KW", "3", "--why", "clashes", "--operator", "karim")
        cli("alert", "LB", "3", "--why", "airport shut", "--operator", "nasrin")
        cli("alert", "KW", "4", "--why", "evacuation ordered", "--operator", "karim")
        let banner = s.waitFor { $0.contains("karim raised Kuwait from L3") && $0.contains("after 2 earlier") }
        XCTAssertTrue(banner.ok, banner.screen)
        XCTAssertTrue(banner.screen.contains("1 more country, X all"), banner.screen)
        s.send("X")
        XCTAssertTrue(s.waitFor { !$0.contains("⚑ ALERT LEVEL") }.ok, s.capture())
        s.send("q")
    }

    func testEveryScrollingPaneSaysWhereItIsAndTheCrisisCountriesStayInView() {
        let s = console(120, 40)
        XCTAssertTrue(s.waitFor("1–13 of 15").ok, "the countries pane says what it shows: \(s.capture())")
        s.send("2", "G")
        let bottom = s.waitFor {
            $0.contains("of 15") && $0.contains("▸Zambia") || $0.contains("▸South Africa") || $0.contains("▸Maldives")
        }
        XCTAssertTrue(bottom.ok, bottom.screen)
        XCTAssertTrue(
            bottom.screen.contains("◆Lebanon") || bottom.screen.contains("Lebanon            L4"),
            "the selected crisis's country is still in view: \(bottom.screen)")
        s.send("q")
    }

    func testTheBriefingFillsAWallAtEverySize() {
        for (w, h) in [(160, 45), (200, 60), (240, 67)] {
            let s = console(w, h, args: "--briefing --cycle 60", ready: "situation")
            let overview = s.waitFor("COUNTRIES ON ALERT")
            XCTAssertTrue(
                overview.ok && overview.screen.contains("AFFECTED") && overview.screen.contains("CRISES"),
                overview.screen)
            let rows = overview.screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(h)
            XCTAssertGreaterThan(
                rows.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count * 3, h * 2, "\(w)x\(h): filled")
            s.send("Right")
            let crisis = s.waitFor("STILL OPEN")
            // Named as text, or on a wall of 240x67 in block letters.
            let named =
                crisis.screen.contains("Lebanon escalation")
                || (w >= 240 && crisis.screen.contains(BlockLetters.lines("Lebanon escalation")[1]))
            XCTAssertTrue(crisis.ok && named, crisis.screen)
            for screen in [overview.screen, crisis.screen] {
                XCTAssertNil(
                    screen.range(of: #"\+\d{2,3}[\d ]{6,}"#, options: .regularExpression), "no phone number on a wall")
                XCTAssertNil(
                    screen.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, options: .regularExpression),
                    "no e-mail on a wall")
            }
            s.send("q")
            XCTAssertEqual(s.waitForExit(), 0)
        }
    }
}
