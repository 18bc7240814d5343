import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

@_silgen_name("wcwidth") private func systemWcwidth(_ c: Int32) -> Int32

final class TextAndWidgetTests: XCTestCase {
    /// A family emoji joined by ZWJs (common in WhatsApp text) is drawn as its pictures apart, each 2 columns as
    /// both ncurses and the terminal advance them; the joiner Bengali needs stays.
    func testJoinedEmojiAreDrawnApartAndBengaliKeepsItsJoiner() {
        let family = "Family 👨\u{200D}👩\u{200D}👧 safe"
        let cells = TerminalText.cells(family)
        XCTAssertEqual(TerminalText.width(family), 7 + 6 + 5)
        XCTAssertEqual(cells.map(\.width).reduce(0, +), TerminalText.width(family))
        XCTAssertFalse(cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x200D } }, "no joiner drawn")
        XCTAssertEqual(TerminalText.width("👍\u{1F3FD} ok"), 2 + 3, "a skin tone is not drawn as a second emoji")
        XCTAssertEqual(TerminalText.width("❤\u{FE0F}"), TerminalText.width("❤"))
        let bengali = "ক্\u{200D}ষ"
        XCTAssertTrue(
            TerminalText.cells(bengali).contains { $0.text.unicodeScalars.contains { $0.value == 0x200D } },
            "the Bengali joiner stays")
        var buf = ScreenBuffer(width: 30, height: 1)
        buf.put(family + "|", x: 0, y: 0, role: .normal)
        XCTAssertEqual(buf[18, 0].text, "|", "the bar lands where the terminal puts it: 7 + 3×2 + 5 columns in")
    }

    func testDisplayWidthOfScripts() {
        XCTAssertEqual(TerminalText.width("Lebanon"), 7)
        XCTAssertEqual(TerminalText.width("中文"), 4)
        XCTAssertEqual(TerminalText.width("রহিম উদ্দিন"), TerminalText.cells("রহিম উদ্দিন").reduce(0) { $0 + $1.width })
        XCTAssertEqual(TerminalText.width("e\u{301}"), 1, "a combining accent takes no column")
        XCTAssertEqual(TerminalText.width("سامي"), 4)
    }

    /// The width table must agree with the C library that ncurses and the terminal use.
    func testWidthTableAgreesWithGlibc() throws {
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil else { throw XCTSkip("no C.UTF-8 locale") }
        defer { setlocale(LC_CTYPE, "C") }
        var mismatches: [String] = []
        for v in stride(from: UInt32(0x20), to: 0x30000, by: 1) where !(0xD800...0xDFFF).contains(v) {
            let scalar = Unicode.Scalar(v)!
            let expected = Int(systemWcwidth(Int32(bitPattern: v)))
            if TerminalText.width(scalar) != expected { mismatches.append(String(v, radix: 16)) }
        }
        XCTAssertTrue(
            mismatches.isEmpty, "differs from wcwidth at U+\(mismatches.prefix(10).joined(separator: ", U+"))")
    }

    func testSanitiseMakesControlsVisibleAndHarmless() {
        let hostile = "A\u{1B}]52;c;SGVsbG8=\u{07}B\u{1B}[2J\u{9B}31m\u{202E}evil\u{0}\u{7F}"
        let shown = TerminalText.cells(hostile).map(\.text).joined()
        for bad: Unicode.Scalar in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\u{0}", "\u{7F}"] {
            XCTAssertFalse(shown.unicodeScalars.contains(bad), "U+\(String(bad.value, radix: 16)) passed through")
        }
        XCTAssertTrue(shown.contains("␛"), shown)
        XCTAssertEqual(TerminalText.cells("a\tb\nc").map(\.text).joined(), "a b c")
    }

    func testCombiningFloodCollapses() {
        let flood = "x" + String(repeating: "\u{301}", count: 10_000) + "y"
        let cells = TerminalText.cells(flood)
        XCTAssertEqual(cells.count, 2)
        XCTAssertEqual(cells[0].text.unicodeScalars.count, 1 + TerminalText.maxMarks)
    }

    func testClipAndFitByDisplayWidth() {
        XCTAssertEqual(TerminalText.clip("Lebanon escalation", to: 10), "Lebanon e…")
        XCTAssertEqual(TerminalText.width(TerminalText.fit("中文中文中文", 7)), 7)
        XCTAssertEqual(TerminalText.fit("12", 5, right: true), "   12")
    }

    func testBufferNeverSplitsAWideCharacter() {
        var buf = ScreenBuffer(width: 5, height: 1)
        buf.put("中文中", x: 0, y: 0)
        XCTAssertEqual(buf.rowText(0), "中文 ")
        buf.put("x", x: 1, y: 0)
        XCTAssertEqual(buf.rowText(0), " x文 ", "overwriting half a wide char blanks the other half")
        buf.put("abc", x: 3, y: 0, maxWidth: 1)
        XCTAssertEqual(buf.rowText(0), " x a ")
    }

    func testBufferDiffListsOnlyChangedCells() {
        var a = ScreenBuffer(width: 10, height: 3)
        a.put("hello", x: 0, y: 0)
        var b = a
        b.put("J", x: 0, y: 0)
        XCTAssertEqual(b.changes(since: a).map { [$0.x, $0.y] }, [[0, 0]])
        XCTAssertEqual(b.changes(since: nil).count, 30)
    }

    func testTableDropsLeastImportantColumnsAndAlignsUnicode() {
        let table = Table([
            Column("Name", 6, flex: true), Column("Org", 8, priority: 1), Column("N", 5, .right, priority: 9),
        ])
        XCTAssertEqual(table.fit(width: 40).map(\.index), [0, 1, 2])
        XCTAssertEqual(table.fit(width: 14).map(\.index), [0, 2])
        var buf = ScreenBuffer(width: 20, height: 3)
        for (i, name) in ["Ayesha", "রহিম উদ্দিন", "王小明"].enumerated() {
            table.drawRow(&buf, TableRow([name, "x", "\(i)"]), x: 0, y: i, width: 20, selectedRole: nil)
        }
        // The last column ends in the same column on every row whatever the script.
        for y in 0..<3 { XCTAssertEqual(buf[18, y].text, "\(y)", buf.text) }
    }

    /// A total of four million in an eight-column cell reads "4.11M", never "4,109,3…".
    func testFiguresTooWideAreShortenedNotClipped() {
        let table = Table([Column("Name", 6, flex: true), Column("Affected", 8, .right, priority: 9)])
        var buf = ScreenBuffer(width: 20, height: 2)
        XCTAssertEqual(table.fit(width: 20).map(\.width).last, 8)
        table.drawRow(&buf, TableRow(["Total", "4,109,300"]), x: 0, y: 0, width: 20, selectedRole: nil)
        table.drawRow(&buf, TableRow(["Lebanon", "12,000"]), x: 0, y: 1, width: 20, selectedRole: nil)
        let total = buf.rowText(0).trimmingCharacters(in: .whitespaces)
        let lebanon = buf.rowText(1).trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(total.hasSuffix(" 4.11M") && !total.contains("…"), total)
        XCTAssertTrue(lebanon.hasSuffix(" 12,000"), lebanon)
        // Right-aligned in the same column.
        XCTAssertEqual(
            buf.rowText(0).count - buf.rowText(0).reversed().prefix { $0 == " " }.count,
            buf.rowText(1).count - buf.rowText(1).reversed().prefix { $0 == " " }.count)
    }

    func testBlockShowsFocusWithoutColour() {
        var buf = ScreenBuffer(width: 12, height: 3)
        Block(title: "1 X", focused: true).draw(&buf, buf.area)
        XCTAssertTrue(buf.rowText(0).hasPrefix("┏"))
        var plain = ScreenBuffer(width: 12, height: 3)
        Block(title: "1 X").draw(&plain, plain.area)
        XCTAssertTrue(plain.rowText(0).hasPrefix("╭"))
    }

    func testBarsAndDigits() {
        XCTAssertEqual(Bars.progress(0.5, width: 4).filled, "██")
        XCTAssertEqual(Bars.bar(1, width: 3).filled, "███")
        XCTAssertEqual(Bars.bar(0.5 / 3, width: 3).filled, "▌")
        XCTAssertEqual(Bars.sparkline([0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(BigDigits.lines("10", tallFont: false), ["▀█  █▀█", " █  █ █", "▀▀▀ ▀▀▀"])
    }

    func testColourDownsampling() {
        XCTAssertEqual(ThemeColor.rgb(255, 0, 0).number(at: .indexed256), 196)
        XCTAssertEqual(ThemeColor.rgb(255, 255, 255).number(at: .eight), 7)
        XCTAssertEqual(ThemeColor.indexed(203).number(at: .sixteen), 9)
        XCTAssertEqual(ThemeColor.terminalDefault.number(at: .indexed256), -1)
        XCTAssertEqual(ThemeColor.ansi(3).number(at: .none), -1)
    }

    func testEveryRoleHasAStyleAndAMonoFallbackForStates() {
        for theme in BuiltinThemes.all {
            for role in Role.allCases { XCTAssertNotNil(theme.styles[role], "\(theme.name) lacks \(role.rawValue)") }
        }
        for role: Role in [.cursor, .severity4, .alert4, .checkOverdue, .flashError, .borderFocus] {
            XCTAssertFalse(BuiltinThemes.mono.style(role).attrs.isEmpty, "\(role.rawValue) must show without colour")
        }
    }

    func testRedactRemovesPhonesAndEmails() {
        XCTAssertEqual(
            Redact.personal("call +961 3 000 112 or a.b@example.org now"),
            "call [phone withheld] or [e-mail withheld] now")
        XCTAssertEqual(
            Redact.personal("1,800 registered, 1,199 home at 14:02"), "1,800 registered, 1,199 home at 14:02")
    }
}
