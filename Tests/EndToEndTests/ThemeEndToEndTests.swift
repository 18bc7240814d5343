import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Colour as a terminal really receives it: NO_COLOR, the Linux console, a broken theme file.
final class ThemeEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    private func start(_ env: String, args: String = "") -> TmuxSession {
        console(env: "XDG_CONFIG_HOME=\(shellQuote(tmp.path + "/config")) \(env)", args: args, ready: "CrisisCell · ")
    }

    /// SGR parameters that set a colour: 30-37, 39 aside, 40-47, 90-97, 100-107, 38;… and 48;….
    private func colourCodes(_ screen: String) -> [String] {
        var found: [String] = []
        let pattern = try! NSRegularExpression(pattern: "\u{1B}\\[([0-9;]*)m")
        for m in pattern.matches(in: screen, range: NSRange(screen.startIndex..., in: screen)) {
            let params = (screen as NSString).substring(with: m.range(at: 1)).split(separator: ";").compactMap {
                Int($0)
            }
            if params.contains(where: {
                (30...37).contains($0) || (40...47).contains($0) || (90...97).contains($0) || (100...107).contains($0)
                    || $0 == 38 || $0 == 48
            }) {
                found.append((screen as NSString).substring(with: m.range))
            }
        }
        return found
    }

    func testNoColorSendsNoColourCodes() {
        let s = start("TERM=xterm-256color NO_COLOR=1")
        let screen = s.capture(colors: true)
        XCTAssertTrue(screen.contains("Lebanon escalation"))
        XCTAssertEqual(colourCodes(screen), [], "colour codes despite NO_COLOR")
        XCTAssertTrue(
            screen.contains("\u{1B}[1m") || screen.contains("\u{1B}[7m") || screen.contains(";1m"),
            "attributes still carry state")
        s.send("t")
        XCTAssertTrue(s.waitFor("Colour is off").ok)
        s.send("q")
    }

    func testLinuxConsoleGetsEightColours() {
        let s = start("TERM=linux", args: "--theme tty")
        let screen = s.capture(colors: true)
        let codes = colourCodes(screen)
        XCTAssertFalse(codes.isEmpty, "the tty theme has colour")
        XCTAssertFalse(
            codes.contains { $0.contains("38;5") || $0.contains("48;5") || $0.contains("38;2") },
            "only 8 colours: \(Set(codes))")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
    }

    func testBrokenThemeFileFallsBackWithFileLineAndKey() throws {
        let themes = tmp.path + "/config/crisiscell/themes"
        try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
        try "name = \"night\"\n\n[roles]\n\"severity.4\" = { fg = \"glowing\" }\n".write(
            toFile: themes + "/night.toml", atomically: true, encoding: .utf8)
        let s = start("TERM=xterm-256color", args: "--theme night")
        let r = s.waitFor {
            $0.contains("night.toml:4:") && $0.contains("roles.severity.4:") && $0.contains("unknown colour")
        }
        XCTAssertTrue(r.ok, r.screen)
        XCTAssertTrue(r.screen.contains("using default"), r.screen)
        s.send("Escape", "2")
        XCTAssertTrue(s.waitFor("┏ 2 Countries").ok, "still running and answering keys")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
    }

    func testThemeKeyCyclesAndUnknownThemeFlagIsRefused() {
        let s = start("TERM=xterm-256color")
        s.send("t")
        XCTAssertTrue(s.waitFor("Theme: light").ok, s.capture())
        s.send("q")
        let r = runProcess(binary, ["--data", dir, "--theme", "sparkly"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("no theme named 'sparkly'") && r.stderr.contains("high-contrast"), r.stderr)
        let list = runProcess(binary, ["themes"])
        for name in ["default", "light", "high-contrast", "mono", "tty"] {
            XCTAssertTrue(list.stdout.contains(name), list.stdout)
        }
    }
}
