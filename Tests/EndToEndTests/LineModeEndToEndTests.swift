import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// The line mode as a blind officer, a braille display or a slow link uses it: the real binary at a terminal
/// (tmux), under TERM=dumb, in an Emacs-like buffer and through a pipe; and the console's cursor on the focus.
final class LineModeEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    private var raw: String { tmp.path + "/raw-output" }

    /// `crisiscell --plain` in tmux, every byte it writes recorded (it starts a moment later, so nothing is missed).
    private func plain(_ width: Int = 140, _ height: Int = 30, env: String = "TERM=xterm-256color", args: String = "")
        -> TmuxSession
    {
        let state = tmp.path + "/state"
        let command =
            "sleep 0.4; env -u NO_COLOR LANG=C.UTF-8 USER=rahim XDG_STATE_HOME=\(shellQuote(state)) \(env) "
            + "\(shellQuote(binary)) --plain --data \(shellQuote(dir)) \(args)"
        let s = TmuxSession(width: width, height: height, command: command)!
        s.record(to: raw)
        XCTAssertTrue(s.waitFor("Type help for the commands").ok, s.capture())
        return s
    }

    private func say(
        _ s: TmuxSession, _ line: String, expect: String, file: StaticString = #filePath, sourceLine: UInt = #line
    ) {
        s.type(line)
        s.send("Enter")
        let r = s.waitFor(expect)
        XCTAssertTrue(r.ok, "after '\(line)' expected '\(expect)':\n\(r.screen)", file: file, line: sourceLine)
    }

    private func cli(_ args: String...) {
        let r = runProcess(binary, args + ["--data", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    private func store() -> Store { (try? Repository(directory: tmp.data, readOnly: true).store) ?? Store() }

    /// The bytes the line mode wrote: text and line ends, carriage returns and backspaces, never an escape
    /// sequence (no cursor addressing, no erasing, no colour unless asked for).
    private func assertPlainBytes(file: StaticString = #filePath, line: UInt = #line) {
        let bytes = FileManager.default.contents(atPath: raw) ?? Data()
        XCTAssertGreaterThan(bytes.count, 200, "the output was recorded", file: file, line: line)
        XCTAssertFalse(bytes.contains(0x1b), "no ESC byte in \(bytes.count) bytes", file: file, line: line)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x9b }, "no 8-bit CSI", file: file, line: line)
        let controls = Set(text.unicodeScalars.filter { $0.value < 0x20 }.map(\.value))
        XCTAssertTrue(
            controls.isSubset(of: [0x08, 0x0a, 0x0d]), "only BS, LF and CR: \(controls.sorted())", file: file,
            line: line)
    }

    func testEveryCommandAtATerminal() {
        let s = plain()
        XCTAssertTrue(
            s.capture().contains("5 active crises; at alert level 4, mandatory evacuation: Lebanon, Sudan."),
            s.capture())
        say(
            s, "crises",
            expect:
                "1. Lebanon escalation, evacuation, severity 4, highest alert level 4, mandatory evacuation in Lebanon."
        )
        say(s, "crisis 2", expect: "Malaysia floods (id ")
        say(s, "countries", expect: "1. Lebanon, alert level 4, mandatory evacuation. Stock estimate 90,000")
        say(s, "country 1", expect: "Lebanon (LB), alert level 4, mandatory evacuation.")
        say(s, "checklist lebanon open", expect: "Open items:")
        let item = World.sections(of: store().world.crises["lb-escalation"]!.checklist.filter { !$0.status.isClosed })
            .flatMap(\.items)[0]
        say(s, "tick 1", expect: "Saved: you ticked \"\(item.text.prefix(30))")
        XCTAssertEqual(
            store().world.crises["lb-escalation"]!.checklist.first { $0.id == item.id }?.doneBy, "rahim",
            "on disk once said")
        say(s, "untick 1", expect: "Saved: you reopened")
        say(
            s, "count LB --affected 12600 --source \"night call\"",
            expect: "Saved: you set Lebanon affected to 12,600 (was 12,000); source: night call.")
        XCTAssertEqual(store().world.countries["LB"]!.count(.affected), 12_600)
        say(
            s, "alert Kuwait 2 curfew announced",
            expect: "Saved: you raised Kuwait to alert level 2, restriction: curfew announced.")
        say(s, "alert Oman 4 airport closing at noon", expect: "Type yes to save it")
        XCTAssertEqual(
            store().world.countries["OM"]?.alertLevel ?? AlertLevel.none, AlertLevel.none, "nothing saved before yes")
        say(s, "yes", expect: "Saved: you raised Oman to alert level 4, mandatory evacuation: airport closing at noon.")
        say(
            s, "log --crisis lebanon --kind decision Flight 20 approved for 06:00",
            expect: "Saved: you logged a decision on Lebanon escalation")
        say(s, "log", expect: "rahim, Lebanon escalation, decision: Flight 20 approved for 06:00")
        say(s, "contacts LB", expect: "Phone +961")
        say(s, "find manifests", expect: "Item on the Lebanon escalation checklist")
        say(s, "since", expect: "This is the first time you look here")
        cli("count", "SD", "--affected", "1600", "--operator", "karim")
        XCTAssertTrue(s.waitFor("karim set Sudan affected to 1,600 (was 1,500)").ok, s.capture())
        say(s, "since", expect: "Sudan affected 1,500 to 1,600 (+100), karim")
        say(s, "undo", expect: "Undone: you lowered Oman to no alert")
        say(s, "checklist lebanon", expect: "Type more for the next")
        say(s, "more", expect: "16. ")
        say(s, "help", expect: "quit: leave (Ctrl-D too).")
        say(s, "help count", expect: "Kinds: stock, registered, affected")
        say(s, "tock", expect: "There is no command \"tock\"")
        s.type("quit")
        s.send("Enter")
        XCTAssertEqual(s.waitForExit(), 0, "a person's mistakes at a terminal are answered, not an exit status")
        assertPlainBytes()
    }

    /// Another process changes something while a line is half typed: the announcement comes as a whole line,
    /// and the half-typed line is back under it, to be finished. At a terminal and under TERM=dumb.
    func testAnAnnouncementNeverBreaksTheLineBeingTyped() {
        for (i, term) in ["TERM=xterm-256color", "TERM=dumb"].enumerated() {
            unlink(raw)
            let s = plain(env: term)
            s.type("log half typed")
            XCTAssertTrue(s.waitFor("crisiscell> log half typed").ok)
            cli("alert", "KW", i == 0 ? "2" : "3", "--why", "curfew announced", "--operator", "karim")
            let level = i == 0 ? "alert level 2, restriction" : "alert level 3, voluntary return"
            let shown = s.waitFor("karim raised Kuwait to \(level): curfew announced")
            XCTAssertTrue(shown.ok, shown.screen)
            let lines = shown.screen.split(separator: "\n").map(String.init).filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            XCTAssertTrue(
                lines.last?.hasPrefix("crisiscell> log half typed") == true,
                "the typed text is back under it: \(lines.suffix(3))")
            XCTAssertTrue(
                lines.dropLast().last?.hasSuffix("karim raised Kuwait to \(level): curfew announced") == true,
                "\(lines.suffix(3))")
            s.type(" words")
            s.send("Enter")
            XCTAssertTrue(s.waitFor("Saved: you logged a situation report: half typed words.").ok, s.capture())
            XCTAssertEqual(store().world.events.last?.text, "half typed words")
            s.send("C-d")
            XCTAssertEqual(s.waitForExit(), 0)
            assertPlainBytes()
        }
    }

    func testTabCompletesAndTheUpArrowBringsACommandBack() {
        let s = plain()
        s.type("count Sau")
        s.send("Tab")
        XCTAssertTrue(s.waitFor("crisiscell> count Saudi Arabia").ok, s.capture())
        s.type("--aff")
        s.send("Tab")
        XCTAssertTrue(s.waitFor("crisiscell> count Saudi Arabia --affected").ok, s.capture())
        s.type("230")
        s.send("Enter")
        XCTAssertTrue(s.waitFor("Saved: you set Saudi Arabia affected to 230 (was 210).").ok, s.capture())
        s.send("Up")
        XCTAssertTrue(
            s.waitFor {
                $0.split(separator: "\n").last { !$0.isEmpty } == "crisiscell> count Saudi Arabia --affected 230"
            }.ok, s.capture())
        s.send("C-u")
        s.type("quit")
        s.send("Enter")
        XCTAssertEqual(s.waitForExit(), 0)
        // The history outlives the session, the operator's own and private.
        let history = tmp.path + "/state/crisiscell/line-history-rahim"
        XCTAssertTrue(
            (try? String(contentsOfFile: history, encoding: .utf8))?.contains("count Saudi Arabia --affected 230")
                == true)
        var st = stat()
        XCTAssertEqual(stat(history, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        assertPlainBytes()
    }

    /// In an Emacs shell buffer the buffer edits the line: whole lines go in, whole lines come out, and an
    /// announcement gets its own line and a fresh prompt.
    func testInAnEmacsBufferLinesComeWhole() {
        let s = plain(env: "TERM=dumb INSIDE_EMACS=29.1,comint")
        say(s, "countries", expect: "1. Lebanon, alert level 4")
        cli("alert", "KW", "2", "--why", "curfew announced", "--operator", "karim")
        let r = s.waitFor("karim raised Kuwait to alert level 2, restriction: curfew announced")
        XCTAssertTrue(r.ok, r.screen)
        XCTAssertEqual(
            r.screen.split(separator: "\n").last { !$0.isEmpty }.map(String.init), "crisiscell>",
            "a fresh prompt under it")
        s.type("quit")
        s.send("Enter")
        XCTAssertEqual(s.waitForExit(), 0)
        assertPlainBytes()
    }

    /// `crisiscell --plain < shift-commands.txt`: each command echoed and answered, changes saved, and the exit
    /// status says whether any failed (1), or only clashed with someone's change (3).
    func testThroughAPipe() throws {
        let commands = """
            crises
            checklist lebanon open
            tick 1
            count LB --affected 12600 --source "night call"
            log --crisis lebanon Shift handed over at 06:00
            contacts LB
            quit
            """
        let ok = runProcess(binary, ["--plain", "--data", dir, "--operator", "nasrin"], stdin: commands + "\n")
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertTrue(ok.stdout.contains("crisiscell> crises\nCrises, most urgent first: 5 active."), ok.stdout)
        XCTAssertTrue(ok.stdout.contains("Saved: you ticked"), ok.stdout)
        XCTAssertTrue(
            ok.stdout.contains("Saved: you set Lebanon affected to 12,600 (was 12,000); source: night call."), ok.stdout
        )
        XCTAssertTrue(ok.stdout.contains("Phone +961"), ok.stdout)
        XCTAssertFalse(ok.stdout.contains("\u{1b}"), "no escape sequence in a pipe either")
        XCTAssertEqual(store().world.events.last { $0.kind == .sitrep }?.text, "Shift handed over at 06:00")
        XCTAssertEqual(store().world.events.last { $0.kind == .sitrep }?.operator, "nasrin")

        // The last line without its newline still runs; a mistake makes the status 1 and the rest still runs.
        let bad = runProcess(
            binary, ["--plain", "--data", dir], stdin: "count Atlantis --affected 3\nlog after the mistake")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stdout.contains("\"Atlantis\" is not a country"), bad.stdout)
        XCTAssertEqual(store().world.events.last?.text, "after the mistake")

        let clash = runProcess(
            binary, ["--plain", "--data", dir], stdin: "count LB --affected 13000 --expect-affected 12000\n")
        XCTAssertEqual(clash.status, 3, clash.stdout)
        XCTAssertTrue(clash.stdout.contains("Not saved: LB affected is now 12,600 (changed by nasrin"), clash.stdout)
        XCTAssertEqual(store().world.countries["LB"]!.count(.affected), 12_600)

        // A raise to L4 from a pipe is asked: a following yes saves it, anything else (or the end) refuses it, 1.
        let unconfirmed = runProcess(binary, ["--plain", "--data", dir], stdin: "alert Oman 4 airport closing\n")
        XCTAssertEqual(unconfirmed.status, 1, unconfirmed.stdout)
        XCTAssertEqual(store().world.countries["OM"]?.alertLevel, AlertLevel.none)
        let confirmed = runProcess(binary, ["--plain", "--data", dir], stdin: "alert Oman 4 airport closing\nyes\n")
        XCTAssertEqual(confirmed.status, 0, confirmed.stdout)
        XCTAssertEqual(store().world.countries["OM"]?.alertLevel, .mandatoryEvacuation)
        let flagged = runProcess(binary, ["--plain", "--data", dir], stdin: "alert Qatar 4 --yes borders shut\n")
        XCTAssertEqual(flagged.status, 0, flagged.stdout)
        XCTAssertEqual(store().world.countries["QA"]?.alertLevel, .mandatoryEvacuation)

        let readOnly = runProcess(binary, ["--plain", "--read-only", "--data", dir], stdin: "countries\nlog hello\n")
        XCTAssertEqual(readOnly.status, 1)
        XCTAssertTrue(readOnly.stdout.contains("read-only"), readOnly.stdout)

        let colour = runProcess(
            binary, ["--plain", "--color", "--data", dir], environment: ["NO_COLOR": ""], stdin: "countries\n")
        XCTAssertTrue(
            colour.stdout.contains("\u{1b}[1;31m1. Lebanon, alert level 4"),
            "colour only when asked for: \(colour.stdout)")

        // Text from the data reaches the terminal cleaned, here as everywhere.
        cli("log", "evil \u{1b}[2J entry \u{1b}]0;owned\u{7}")
        let hostile = runProcess(binary, ["--plain", "--data", dir], stdin: "log\n")
        XCTAssertFalse(hostile.stdout.contains("\u{1b}"), hostile.stdout)
        XCTAssertTrue(hostile.stdout.contains("evil"), hostile.stdout)

        let flags = runProcess(binary, ["--plain", "--briefing", "--data", dir])
        XCTAssertNotEqual(flags.status, 0)
        XCTAssertTrue(flags.stderr.contains("--briefing is for the full-screen console"), flags.stderr)
    }

    /// The full-screen console: the terminal's cursor is on the selected row of the focused pane, and in a form
    /// in the field, as tmux (a terminal) reports it, so a screen reader's review cursor or a magnifier follows.
    func testTheConsolesCursorRestsOnTheFocus() {
        for (w, h) in [(120, 40), (80, 24)] {
            let s = console(w, h)
            /// Where the cursor rests once it has left `previous`, checked to be on a selected row's marker.
            func marker(
                leaving previous: (x: Int, y: Int)? = nil, _ file: StaticString = #filePath, _ line: UInt = #line
            ) -> (x: Int, y: Int) {
                var at = s.cursor
                var screen = s.capture()
                for _ in 0..<40 {
                    at = s.cursor
                    screen = s.capture()
                    if let at, previous.map({ $0 != at }) ?? true,
                        let row = screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(at.y).first,
                        at.x < row.count, Array(row)[at.x] == "▸"
                    {
                        break
                    }
                    usleep(50_000)
                }
                guard let at else {
                    XCTFail("no cursor", file: file, line: line)
                    return (0, 0)
                }
                let row =
                    screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(at.y).first.map(
                        Array.init) ?? []
                XCTAssertTrue(
                    at.x < row.count && row[at.x] == "▸",
                    "the cursor (\(at)) sits on the selected row's marker at \(w)x\(h):\n\(screen)", file: file,
                    line: line)
                if let previous {
                    XCTAssertTrue(previous != at, "the cursor moved from \(previous)", file: file, line: line)
                }
                return at
            }
            let first = marker()
            s.send("j", "j")
            let third = marker(leaving: first)
            XCTAssertEqual(third.y, first.y + 2, "two rows down")
            XCTAssertEqual(third.x, first.x)
            s.send("2")
            let countries = marker(leaving: third)
            s.send("j")
            XCTAssertEqual(marker(leaving: countries).y, countries.y + 1, "one row down in the countries pane")
            s.send("3")
            let checklist = marker(leaving: countries)
            s.send("e")
            let form = s.waitFor("Edit checklist item")
            XCTAssertTrue(form.ok, form.screen)
            usleep(200_000)
            if let at = s.cursor {
                let row =
                    form.screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(at.y).first.map(
                        String.init) ?? ""
                XCTAssertTrue(row.contains("Text"), "in the form's focused field: row \(at.y) is \(row)")
                XCTAssertNotEqual(at.y, checklist.y)
            } else {
                XCTFail("no cursor in the form")
            }
            s.send("Escape")
            usleep(200_000)
            s.send("4")
            _ = marker(leaving: checklist)
            s.send("q")
            XCTAssertEqual(s.waitForExit(), 0)
        }
    }
}
