import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Safe editing together, as operators do it: the real binary in tmux (two consoles where it is about a team),
/// scripts beside them, and the data directory read afterwards.
final class SafeEditingEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    private var store: Store { (try? Repository(directory: tmp.data, readOnly: true).store) ?? Store() }
    private func journalLines() -> Int {
        ((try? String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").count
    }
    private func cli(_ args: String..., status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line)
        -> ProcessResult
    {
        let r = runProcess(binary, args + ["--data", dir])
        XCTAssertEqual(r.status, status, r.stdout + r.stderr, file: file, line: line)
        return r
    }

    // MARK: 1. A paste is text

    func testAPasteIntoALogEntryIsTextAtBothSizes() {
        for (w, h) in [(120, 40), (80, 24)] {
            let s = console(w, h)
            let seq = store.seq
            s.send("3", "n")
            XCTAssertTrue(s.waitFor("Log entry · Lebanon escalation").ok, s.capture())
            // Two lines from a WhatsApp message, full of letters that are console keys (u undo, e edit, t theme, d delete).
            s.paste(
                "Bus 2 left Beirut 05:40, 48 on board \(w)\nupdate: due at the border 09:00, then Tartus; everything delayed"
            )
            let typed = s.waitFor("⏎update: due at the border")
            XCTAssertTrue(typed.ok, "both lines in the field, the break kept:\n\(typed.screen)")
            XCTAssertEqual(store.seq, seq, "nothing ran as a key: nothing saved, undone or deleted")
            s.send("Enter")
            XCTAssertTrue(s.waitFor("Saved · Bus 2 left Beirut").ok, s.capture())
            XCTAssertEqual(store.seq, seq + 1)
            XCTAssertEqual(
                store.world.events.last?.text,
                "Bus 2 left Beirut 05:40, 48 on board \(w)\nupdate: due at the border 09:00, then Tartus; everything delayed"
            )
            XCTAssertFalse(s.capture().contains("Theme:"), "t did not change the theme")
            // Outside a form a paste is never keys.
            s.paste("ued tq")
            XCTAssertTrue(s.waitFor("Pasted text (6 characters) ignored").ok, s.capture())
            XCTAssertEqual(store.seq, seq + 1)
            s.send("q")
            XCTAssertEqual(s.waitForExit(), 0)
        }
    }

    func testWithoutBracketedPasteABurstIntoAFormIsTextToo() {
        let s = console()
        let seq = store.seq
        s.send("n")
        XCTAssertTrue(s.waitFor("Log entry · Lebanon escalation").ok, s.capture())
        // Raw, as a terminal without bracketed paste sends it: the line break arrives as Enter.
        s.paste("Night shift: calls to Kuwait wardens done\ndetails to follow by e-mail", bracketed: false)
        XCTAssertTrue(s.waitFor("⏎details to follow").ok, s.capture())
        XCTAssertEqual(store.seq, seq)
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved · Night shift").ok, s.capture())
        XCTAssertEqual(
            store.world.events.last?.text, "Night shift: calls to Kuwait wardens done\ndetails to follow by e-mail")
        s.send("q")
    }

    /// A paste that ends in a line break (a whole line copied) leaves the form open to be checked; the Enter pressed
    /// after it, on its own, saves.
    func testAPasteEndingInALineBreakWaitsForItsOwnEnter() {
        let s = console()
        let seq = store.seq
        s.send("n")
        XCTAssertTrue(s.waitFor("Log entry · Lebanon escalation").ok, s.capture())
        s.type("Flight 19 boarded: 135 on the manifest\n")
        XCTAssertTrue(s.waitFor("then Enter saves").ok, s.capture())
        XCTAssertEqual(store.seq, seq, "nothing saved by the paste's own line break")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved · Flight 19").ok, s.capture())
        XCTAssertEqual(store.world.events.last?.text, "Flight 19 boarded: 135 on the manifest")
        s.send("q")
    }

    /// The three pastes that acted before, typed in by tmux as a terminal without bracketed paste sends them:
    /// the journal stays as it was, byte for byte.
    func testTextPastedOutsideAFormLeavesTheJournalUnchanged() throws {
        let s = console()
        s.send("3", "Space")
        XCTAssertTrue(s.waitFor("Saved · ").ok, s.capture())
        let journal = { (try? Data(contentsOf: URL(fileURLWithPath: self.dir + "/journal.jsonl"))) ?? Data() }
        let before = journal()
        let crises = store.world.crises.count
        for (pane, text) in [("1", "dy\nhello"), ("3", "  \nok"), ("1", "update from Beirut\nall ok")] {
            s.send(pane)
            s.type(text)
            let said = s.waitFor { $0.contains("Ignored") || $0.contains("not taken as the answer") }
            XCTAssertTrue(said.ok, "\(text.debugDescription): \(said.screen)")
            XCTAssertFalse(said.screen.contains("Delete"), said.screen)
        }
        XCTAssertEqual(journal(), before, "nothing written")
        XCTAssertEqual(store.world.crises.count, crises)
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0, s.capture())
    }

    /// Ctrl-C in a form with typed text asks, as Esc does, instead of quitting with the text gone.
    func testCtrlCInAFormWithTypedTextAsksFirst() {
        let s = console()
        s.send("n")
        XCTAssertTrue(s.waitFor("Log entry · Lebanon escalation").ok, s.capture())
        s.type("Bus 3 left Tyre")
        XCTAssertTrue(s.waitFor("Bus 3 left Tyre").ok, s.capture())
        s.send("C-c")
        let asked = s.waitFor("again discards what you typed")
        XCTAssertTrue(asked.ok, asked.screen)
        XCTAssertNotNil(s.programPid, "still running")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved · Bus 3 left Tyre").ok, s.capture())
        s.send("C-c")
        XCTAssertEqual(s.waitForExit(), 0, "with no typed text Ctrl-C quits as before")
    }

    // MARK: 2. The alert-level form

    func testTypingIntoTheAlertFormNeverChangesTheLevel() {
        let s = console(80, 24)
        s.send("2", "j", "j", "j", "j", "L")
        XCTAssertTrue(s.waitFor("Alert level · Kuwait").ok, s.capture())
        s.send("Enter")
        let refused = s.waitFor("Why: required")
        XCTAssertTrue(
            refused.ok && refused.screen.contains("▶    Why"),
            "the focus is visibly on Why, saying why:\n\(refused.screen)")
        s.send("BTab")
        s.type("voluntary mandatory evacuation")
        let typed = s.waitFor("› ←→ or 0-4 to choose")
        XCTAssertTrue(typed.ok, typed.screen)
        XCTAssertTrue(typed.screen.contains("◂ 1 precautionary ▸"), "letters changed nothing:\n\(typed.screen)")
        s.send("Right", "Right", "Right", "Tab")
        s.typeThenEnter("riots near the airport")
        let ask = s.waitFor("Raise Kuwait from L1 precautionary to L4 MANDATORY EVACUATION?")
        XCTAssertTrue(ask.ok, ask.screen)
        s.send("n")
        XCTAssertTrue(
            s.waitFor { $0.contains("riots near the airport") && $0.contains("◂ 4 mandatory evacuation ▸") }.ok,
            "back in the form, nothing lost")
        XCTAssertEqual(store.world.countries["KW"]?.alertLevel, .precautionary)
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Raise Kuwait").ok)
        s.send("y")
        XCTAssertTrue(s.waitFor("Saved · KW alert raised L1 → L4").ok, s.capture())
        XCTAssertEqual(store.world.countries["KW"]?.alertLevel, .mandatoryEvacuation)
        s.send("q")
    }

    // MARK: 3. Undo overwrites nobody

    func testUndoOverAColleaguesFigureAsksAndRedoWorks() {
        let a = console(120, 40, env: "TERM=xterm-256color USER=rahim")
        let b = console(120, 40, env: "TERM=xterm-256color USER=karim")
        a.send("2", "e")
        XCTAssertTrue(a.waitFor("Counts · Lebanon").ok)
        a.send("Tab", "Tab", "C-u")
        a.type("13000")
        a.send("Enter")
        XCTAssertTrue(a.waitFor("Saved · LB affected 13000").ok, a.capture())
        b.send("2", "e")
        XCTAssertTrue(b.waitFor("Counts · Lebanon").ok)
        b.send("Tab", "Tab", "C-u")
        b.type("13500")
        b.send("Enter")
        XCTAssertTrue(b.waitFor("Saved · LB affected 13500").ok, b.capture())
        a.send("u")
        let ask = a.waitFor("karim set Lebanon affected to 13,500")
        XCTAssertTrue(ask.ok && ask.screen.contains("Undo over a colleague's change?"), ask.screen)
        a.send("n")
        XCTAssertTrue(a.waitFor("Nothing done").ok)
        XCTAssertEqual(store.world.countries["LB"]?.count(.affected), 13_500, "nothing written unless confirmed")
        // karim's console cannot reach rahim's change: its undo is its own.
        b.send("u")
        XCTAssertTrue(b.waitFor("Undone · LB affected 13000").ok, b.capture())
        b.send("U")
        XCTAssertTrue(b.waitFor("Redone · LB affected 13500").ok, b.capture())
        XCTAssertEqual(store.world.countries["LB"]?.count(.affected), 13_500)
        a.send("q")
        b.send("q")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
    }

    // MARK: 4. A stale form rolls nothing back

    func testAnOpenFormKeepsAColleaguesFiguresAndAsksWhereBothChanged() {
        let s = console(80, 24)
        s.send("2", "e")
        XCTAssertTrue(s.waitFor("Counts · Lebanon").ok, s.capture())
        cli("count", "LB", "--evacuated", "1250", "--returned", "1250", "--source", "flight 19", "--operator", "karim")
        XCTAssertTrue(s.waitFor("karim changed this record").ok, s.capture())
        s.send("Tab", "Tab", "C-u")
        s.type("12400")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved · LB affected 12400").ok, s.capture())
        var lb = store.world.countries["LB"]!
        XCTAssertEqual(
            [lb.count(.affected), lb.count(.evacuated), lb.count(.returned)], [12_400, 1_250, 1_250],
            "karim's figures stay")

        // Both change the same field: both values shown, the operator chooses.
        s.send("e")
        XCTAssertTrue(s.waitFor("Counts · Lebanon").ok)
        s.send("Tab", "Tab", "C-u")
        s.type("14000")
        cli("count", "LB", "--affected", "14500", "--operator", "karim")
        XCTAssertTrue(s.waitFor("◆ theirs: '14500' (karim").ok, s.capture())
        s.send("Enter")
        XCTAssertTrue(s.waitFor("karim changed it to '14500' while you edited").ok, s.capture())
        s.send("C-y", "Enter")
        XCTAssertTrue(s.waitFor("Saved · LB affected 14000").ok, s.capture())
        lb = store.world.countries["LB"]!
        XCTAssertEqual(lb.count(.affected), 14_000)
        // A script's stale expectation is refused, naming who changed it.
        let stale = cli(
            "count", "LB", "--affected", "15000", "--expect-affected", "12000", "--operator", "nasrin", status: 3)
        XCTAssertTrue(
            stale.stderr.contains("conflict, nothing saved: LB affected is now 14,000 (changed by rahim at "),
            stale.stderr)
        XCTAssertEqual(store.world.countries["LB"]?.count(.affected), 14_000)
        s.send("q")
    }

    // MARK: 5. Changes that change nothing

    func testReTickingADoneItemWritesNothingAndSaysWhoDidIt() {
        let s = console()
        let item = store.world.crises["lb-escalation"]!.checklist.first { $0.status == .done }!
        let lines = journalLines()
        let r = cli("tick", "lb-escalation", item.id, "--operator", "zed")
        XCTAssertTrue(r.stdout.hasPrefix("\"\(item.text)\" is already done by \(item.doneBy!) at "), r.stdout)
        XCTAssertTrue(r.stdout.contains("; nothing changed"), r.stdout)
        XCTAssertEqual(journalLines(), lines, "nothing written")
        XCTAssertEqual(
            store.world.crises["lb-escalation"]!.checklist.first { $0.id == item.id }?.doneBy, item.doneBy,
            "history kept")
        let open = store.world.crises["lb-escalation"]!.checklist.first { $0.status == .open }!
        XCTAssertTrue(
            cli("tick", "lb-escalation", open.id, "--undo").stdout.contains("is already open; nothing changed"))
        XCTAssertTrue(
            cli("alert", "LB", "4", "--why", "again").stdout.contains("LB is already at L4 mandatory evacuation"))
        XCTAssertEqual(journalLines(), lines)
        // The console saw nothing happen.
        XCTAssertFalse(s.capture().contains("zed"))
        s.send("q")
    }

    // MARK: 6. Quitting never drops a change

    private func mountTmpfs(_ path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let r = runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
        if r.status != 0 { throw XCTSkip("cannot mount a small tmpfs here: \(r.stderr)") }
    }

    func testQuittingWithChangesWaitingKeepsThemInAFileToApplyLater() throws {
        let mnt = tmp.path + "/mnt"
        try mountTmpfs(mnt, size: "1m")
        defer { _ = runProcess("/bin/umount", ["-l", mnt]) }
        let data = mnt + "/data"
        XCTAssertEqual(runProcess(binary, ["demo", "--data", data]).status, 0)
        let filler = mnt + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let fill = FileHandle(forWritingAtPath: filler)!
        while (try? fill.write(contentsOf: Data(count: 4096))) != nil {}
        try? fill.close()
        let state = tmp.path + "/state"
        let s = console(120, 40, env: "TERM=xterm-256color XDG_STATE_HOME=\(state)", dataDir: data)
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter", "Space")
        XCTAssertTrue(s.waitFor("1 waiting, retrying").ok, s.capture())
        s.send("q")
        let ask = s.waitFor("1 change is not saved yet")
        XCTAssertTrue(ask.ok && ask.screen.contains("crisiscell import pending FILE"), ask.screen)
        s.send("x")
        XCTAssertTrue(s.waitFor { !$0.contains("not saved yet:") }.ok, "any other key stays")
        s.send("q")
        XCTAssertTrue(s.waitFor("1 change is not saved yet").ok)
        s.send("y")
        XCTAssertEqual(s.waitForExit(), 3, "a non-zero exit: something is not saved")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: state + "/crisiscell")) ?? []
        XCTAssertEqual(files.count, 1, "\(files)")
        let pending = state + "/crisiscell/" + (files.first ?? "")
        let said = s.capture().replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(
            said.contains(files.first ?? "?") && said.contains("Apply them when the disk takes writes again"), said)
        var st = stat()
        XCTAssertEqual(stat(pending, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        // Room again: the change is applied, once, and the file goes.
        try FileManager.default.removeItem(atPath: filler)
        let apply = runProcess(binary, ["import", "pending", pending, "--data", data])
        XCTAssertEqual(apply.status, 0, apply.stdout + apply.stderr)
        XCTAssertTrue(apply.stdout.contains("ticked \"Fallback ready"), apply.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pending))
        XCTAssertTrue(
            runProcess(binary, ["checklist", "lb-escalation", "--data", data]).stdout.contains("[x] resp-04"))
    }

    // MARK: 7. A new contact takes its country's zone, phone code and the next call order

    func testANewContactFollowsItsCountryAndADuplicateIsOfferedAMerge() throws {
        let s = console()
        let lastOrder =
            store.world.contacts.values.filter { $0.country == "LB" && $0.callOrder < 99 }.map(\.callOrder).max() ?? 0
        s.send("4", "a")
        XCTAssertTrue(s.waitFor("New contact").ok, s.capture())
        s.type("Warden Achrafieh")
        s.send("Tab", "Tab", "Tab", "Tab", "C-u")
        s.type("LB")
        s.send("Tab")
        s.type("Beirut")
        s.send("Tab")
        s.type("03 111 222")
        XCTAssertTrue(s.waitFor { $0.contains("Asia/Beirut") && $0.contains("03 111 222") }.ok, s.capture())
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved · added contact Warden Achrafieh").ok, s.capture())
        let c = try XCTUnwrap(store.world.contacts.values.first { $0.name == "Warden Achrafieh" })
        XCTAssertEqual(c.timeZone, "Asia/Beirut")
        XCTAssertEqual(c.phones, ["+961 3 111 222"])
        XCTAssertEqual(c.callOrder, lastOrder + 1)
        // Same phone and name again: shown, and merged rather than added twice.
        let count = store.world.contacts.count
        s.send("a")
        XCTAssertTrue(s.waitFor("New contact").ok)
        s.type("Warden Achrafieh")
        s.send("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
        s.typeThenEnter("+961 3 111 222, 01 222 333")
        XCTAssertTrue(s.waitFor("Already on the roster?").ok, s.capture())
        s.send("m")
        XCTAssertTrue(s.waitFor("Saved · updated contact Warden Achrafieh").ok, s.capture())
        XCTAssertEqual(store.world.contacts.count, count)
        XCTAssertEqual(store.world.contacts[c.id]?.phones, ["+961 3 111 222", "+961 1 222 333"])
        // A new checklist item starts in the section of the selected one.
        s.send("3", "G", "a")
        XCTAssertTrue(s.waitFor("New checklist item").ok)
        let last = store.world.crises["lb-escalation"]!.checklist.last!
        XCTAssertTrue(s.capture().contains("Section \(last.section)"), s.capture())
        s.send("Escape", "q")
    }

    // MARK: 8. Rules that fit the domain

    func testEvacuatedBeyondRegisteredIsATrueSituation() {
        let s = console()
        let r = cli(
            "count", "SD", "--evacuated", "900", "--returned", "890", "--source", "undocumented workers included")
        XCTAssertTrue(r.stdout.contains("SD evacuated 900"), r.stdout)
        XCTAssertTrue(s.waitFor("900").ok, s.capture())
        let refused = cli("count", "SD", "--returned", "901", status: 1)
        XCTAssertTrue(refused.stderr.contains("returned home (901) would exceed evacuated (900)"), refused.stderr)
        let warned = cli("count", "SD", "--affected", "2000")
        XCTAssertTrue(warned.stderr.contains("SD affected 2,000 is above the stock estimate 1,500"), warned.stderr)
        s.send("q")
    }
}
