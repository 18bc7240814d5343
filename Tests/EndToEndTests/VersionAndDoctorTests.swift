import Foundation
import TestSupport
import XCTest

/// `crisiscell --version` says the release and the commit; `crisiscell doctor` says, line by line, what is wrong
/// with a terminal or a data directory, and how to mend it.
final class VersionAndDoctorTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    func testTheVersionSaysTheReleaseAndTheCommitAndHelpOffersIt() {
        let r = runProcess(binary, ["--version"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(
            line.range(
                of: #"^crisiscell [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}|unknown)"#, options: .regularExpression),
            line)
        XCTAssertTrue(runProcess(binary, ["--help"]).stdout.contains("--version"))
    }

    func testABadTerminalAndLocaleAreWarnedOfWithTheFix() {
        let r = runProcess(
            binary, ["doctor", "--data", dir], environment: ["TERM": "dumb", "LANG": "C", "LC_ALL": "", "LC_CTYPE": ""])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("WARN  TERM=dumb: cannot address the cursor · fix: set TERM"), r.stdout)
        XCTAssertTrue(r.stdout.contains("WARN  locale: ANSI_X3.4-1968, not UTF-8"), r.stdout)
        XCTAssertTrue(r.stdout.contains("fix: export LANG=C.UTF-8"), r.stdout)
        XCTAssertTrue(r.stdout.contains("WARN  size: not a terminal"), r.stdout)
        XCTAssertTrue(r.stdout.contains("OK    data directory \(dir): yours, 0700"), r.stdout)
        XCTAssertTrue(r.stdout.contains("OK    free space:"), r.stdout)
        chmod(dir, 0o755)
        let open = runProcess(binary, ["doctor", "--data", dir])
        XCTAssertTrue(open.stdout.contains("others can read it · fix: chmod 700 \(dir)"), open.stdout)
    }

    func testInAGoodTerminalEveryTerminalLineIsOK() {
        let command =
            "env LANG=C.UTF-8 TERM=xterm-256color \(shellQuote(binary)) doctor --data \(shellQuote(dir)); echo \"exit $?\"; sleep 30"
        guard let s = TmuxSession(width: 120, height: 40, command: command) else { return XCTFail("no tmux") }
        let done = s.waitFor("exit ")
        XCTAssertTrue(done.ok, done.screen)
        XCTAssertTrue(done.screen.contains("OK    TERM=xterm-256color: terminfo found"), done.screen)
        XCTAssertTrue(done.screen.contains("OK    colours: 256"), done.screen)
        XCTAssertTrue(done.screen.contains("OK    locale: UTF-8"), done.screen)
        XCTAssertTrue(done.screen.contains("OK    size: 120x40"), done.screen)
        XCTAssertTrue(done.screen.contains("bracketed paste:"), done.screen)
        XCTAssertTrue(done.screen.contains("exit 0"), done.screen)
        XCTAssertTrue(done.screen.contains("OK    drawing: direct ECMA-48"), done.screen)
        XCTAssertTrue(done.screen.contains("with tab stops of its own"), done.screen)
    }

    /// Which way frames are drawn follows the terminal's description, and CRISISCELL_DRAW=curses.
    func testDoctorSaysWhoDraws() {
        for (env, said) in [
            ("TERM=vt100", "drawing: by ncurses"), ("TERM=linux", "drawing: direct"),
            ("TERM=xterm-256color CRISISCELL_DRAW=curses", "drawing: by ncurses"),
        ] {
            let r = runProcess(
                "/usr/bin/env",
                ["LANG=C.UTF-8"] + env.split(separator: " ").map(String.init) + [
                    binary, "doctor", "--data", dir,
                ])
            XCTAssertTrue(r.stdout.contains(said), "\(env): \(r.stdout)")
        }
    }
}
