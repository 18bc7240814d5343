import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

final class ThemeTests: XCTestCase {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Themes").path
    let catalog = ThemeCatalog(shippedCandidates: [ThemeTests.themesDir], userDirectory: nil)

    /// Roles that carry text a person must read (bars and borders are graphics).
    let textRoles = Role.allCases.filter { ![.border, .bar, .barEmpty].contains($0) }

    func testEveryShippedThemeParsesAndResolvesEveryRoleAtEveryDepth() throws {
        XCTAssertTrue(catalog.problems.isEmpty, catalog.problems.map(\.description).joined(separator: "\n"))
        for name in ["default", "light", "high-contrast", "mono", "tty"] {
            let theme = try XCTUnwrap(catalog.theme(named: name), "\(name) missing")
            XCTAssertTrue(catalog.sources[name]?.hasSuffix("\(name).toml") ?? false, "\(name) comes from its file")
            for role in Role.allCases {
                let style = theme.style(role)
                XCTAssertNotNil(theme.styles[role], "\(name) lacks \(role.rawValue)")
                for depth in [ColorDepth.indexed256, .sixteen, .eight] {
                    let fg = style.fg.number(at: depth)
                    let bg = style.bg.number(at: depth)
                    XCTAssertTrue((-1..<depth.rawValue).contains(fg), "\(name) \(role.rawValue) fg \(fg) at \(depth)")
                    XCTAssertTrue((-1..<depth.rawValue).contains(bg), "\(name) \(role.rawValue) bg \(bg) at \(depth)")
                }
                XCTAssertEqual(style.fg.number(at: .none), -1)
            }
        }
    }

    func testStatesKeepAMeaningWithoutColour() throws {
        for name in ["default", "light", "high-contrast", "mono", "tty"] {
            let theme = try XCTUnwrap(catalog.theme(named: name))
            for role: Role in [
                .cursor, .severity4, .alert4, .checkOverdue, .flashError, .borderFocus, .titleFocus, .statusError,
            ] {
                XCTAssertFalse(theme.style(role).mono.isEmpty, "\(name): \(role.rawValue) needs a mono rule")
            }
        }
    }

    func testContrastOfTextRoles() throws {
        for (name, minimum) in [("high-contrast", 7.0), ("default", 4.5), ("light", 4.5)] {
            let theme = try XCTUnwrap(catalog.theme(named: name))
            for role in textRoles {
                XCTAssertGreaterThanOrEqual(
                    theme.contrast(role), minimum,
                    "\(name) \(role.rawValue): \(String(format: "%.2f", theme.contrast(role))):1")
            }
        }
    }

    func testBadThemeFilesGiveFileLineAndKey() {
        func error(_ text: String) -> ThemeError? {
            do {
                _ = try ThemeParser.parse(text, path: "/t/bad.toml")
                return nil
            } catch { return error }
        }
        let syntax = error("name = \"x\"\n[roles\nnormal = {}\n")
        XCTAssertEqual(syntax?.line, 2)
        XCTAssertTrue(syntax?.description.hasPrefix("/t/bad.toml:2") ?? false, syntax?.description ?? "")
        let colour = error("name = \"x\"\n\n[roles]\nnormal = { fg = \"chartreuse-ish\" }\n")
        XCTAssertEqual(colour?.line, 4)
        XCTAssertEqual(colour?.key, "roles.normal")
        XCTAssertTrue(colour?.message.contains("unknown colour") ?? false)
        XCTAssertEqual(error("[roles]\n\"severity.9\" = { fg = 1 }\n")?.key, "roles.severity.9")
        XCTAssertTrue(error("[roles]\nnormal = { fg = 300 }\n")?.message.contains("0-255") ?? false)
        XCTAssertTrue(
            error("[roles]\nnormal = { attrs = [\"blink\"] }\n")?.message.contains("unknown attribute") ?? false)
        XCTAssertEqual(error("colour = 1\n")?.key, "colour")
        XCTAssertTrue(error("[palette]\nx = \"#12345\"\n")?.message.contains("#rrggbb") ?? false)
    }

    func testUserThemeOverridesShippedAndBrokenOnesAreReported() throws {
        let tmp = TempDirectory("themes")
        try "name = \"default\"\ndescription = \"mine\"\n[roles]\nnormal = { fg = \"#00ff00\" }\n"
            .write(toFile: tmp.path + "/default.toml", atomically: true, encoding: .utf8)
        try "name = \"broken\"\n[roles]\nnormal = { fg = \"nope\" }\n".write(
            toFile: tmp.path + "/broken.toml", atomically: true, encoding: .utf8)
        try "name = \"a\"\nparent = \"b\"\n".write(toFile: tmp.path + "/a.toml", atomically: true, encoding: .utf8)
        try "name = \"b\"\nparent = \"a\"\n".write(toFile: tmp.path + "/b.toml", atomically: true, encoding: .utf8)
        let c = ThemeCatalog(shippedCandidates: [Self.themesDir], userDirectory: tmp.path)
        XCTAssertEqual(c.theme(named: "default")?.description, "mine")
        XCTAssertEqual(c.theme(named: "default")?.style(.normal).fg, .rgb(0, 255, 0))
        XCTAssertNotNil(c.theme(named: "default")?.styles[.cursor], "roles not in the file come from below")
        XCTAssertNil(c.theme(named: "broken"))
        XCTAssertTrue(c.problems.contains { $0.file.hasSuffix("broken.toml") && $0.line == 3 })
        XCTAssertTrue(c.problems.contains { $0.message.contains("loops") })
    }

    func testNoFilesStillGivesBuiltInThemes() {
        let c = ThemeCatalog(shippedCandidates: ["/nonexistent/themes"], userDirectory: nil)
        XCTAssertNotNil(c.theme(named: "default"))
        XCTAssertNotNil(c.theme(named: "mono"))
        XCTAssertTrue(c.missingShippedMessage?.contains("/nonexistent/themes") ?? false)
    }

    /// One pane per theme, as roles resolved to colours at 256 and 8 colours: changes to a theme show up here.
    func testCrisesPanePerThemeGolden() throws {
        var h = ScreenHarness(width: 80, height: 24)
        h.press(.char("1"))
        let buf = h.render()
        for name in ["default", "light", "high-contrast", "mono", "tty"] {
            let theme = try XCTUnwrap(catalog.theme(named: name))
            var lines: [String] = []
            for y in 1..<9 {
                lines.append("|" + buf.rowText(y) + "|")
                var runs: [String] = []
                var x = 0
                while x < buf.width {
                    let role = buf[x, y].role
                    var end = x
                    while end < buf.width && buf[end, y].role == role { end += 1 }
                    let s = theme.style(role)
                    runs.append(
                        "\(x)-\(end - 1) \(role.rawValue) fg=\(s.fg.number(at: .indexed256))/\(s.fg.number(at: .eight)) bg=\(s.bg.number(at: .indexed256))/\(s.bg.number(at: .eight)) attrs=\(s.attrs.rawValue) mono=\(s.mono.rawValue)"
                    )
                    x = end
                }
                lines.append("  " + runs.joined(separator: "; "))
            }
            let text = lines.joined(separator: "\n") + "\n"
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Goldens/theme-\(name).txt"
            ).path
            if ProcessInfo.processInfo.environment["CRISISCELL_RECORD"] == "1" {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                let expected = try? String(contentsOfFile: path, encoding: .utf8)
                XCTAssertEqual(expected, text, "theme-\(name).txt differs (CRISISCELL_RECORD=1 rewrites it)")
            }
        }
    }
}
