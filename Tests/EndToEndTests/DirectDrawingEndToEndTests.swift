import Foundation
import TestSupport
import XCTest

/// The console writes its frames itself on ECMA-48 terminals (fewer bytes than ncurses for a slow line). What a
/// person sees must not change: the same console drawn by ncurses (CRISISCELL_DRAW=curses) beside it, on a copy
/// of the same data, keys sent to both, and tmux's record of every cell (character, colours, attributes) compared.
final class DirectDrawingEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    func testTheScreenIsWhatNcursesWouldDrawOnThreeKindsOfTerminal() throws {
        // xterm: back colour erase, ECH, 256 colours. screen: neither erase paints, 8 colours. linux: 8 colours.
        let terms = ["xterm-256color", "screen", "linux"]
        // A copy for each console, made before any runs: a console records presence and what its operator last
        // saw, and one that opens after another has shows "Since you last looked".
        for term in terms {
            for way in ["direct", "curses"] {
                try FileManager.default.copyItem(atPath: dir, toPath: tmp.path + "/\(way)-\(term)")
            }
        }
        for term in terms {
            let copy = tmp.path + "/curses-\(term)"
            let direct = console(env: "TERM=\(term)", dataDir: tmp.path + "/direct-\(term)")
            let curses = console(env: "TERM=\(term) CRISISCELL_DRAW=curses", dataDir: copy)
            defer {
                direct.hangUp()
                curses.hangUp()
            }
            guard alike(direct, curses, "\(term), opening") else { continue }
            let steps: [(keys: [String], what: String)] = [
                (["j"], "a move"), (["j", "j", "k"], "moves"), (["3"], "the Checklist focused"), (["j"], "its move"),
                (["2"], "the Countries focused"), (["1"], "the Crises focused"), (["5"], "the log view"),
                (["Escape"], "back"), (["?"], "help"), (["Escape"], "help closed"),
            ]
            for step in steps {
                for s in [direct, curses] { for k in step.keys { s.send(k) } }
                guard alike(direct, curses, "\(term), \(step.what)") else { break }
            }
            for (w, h) in [(80, 24), (50, 15), (120, 40)] {
                direct.resize(width: w, height: h)
                curses.resize(width: w, height: h)
                guard alike(direct, curses, "\(term), resized to \(w)x\(h)") else { break }
            }
        }
    }

    /// The console moves the terminal's tab stops to where its changes begin; the shell must find them every 8
    /// columns again after Ctrl-Z and after quitting, or its own tab-separated output would be misaligned.
    func testTabStopsArePutBackForTheShellOnCtrlZAndOnQuitting() throws {
        let record = tmp.path + "/bytes"
        let shell = TmuxSession(
            width: 120, height: 40,
            command: "env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color PS1='ready$ ' bash --norc --noprofile")!
        defer { shell.hangUp() }
        XCTAssertTrue(shell.waitFor("ready$").ok)
        shell.record(to: record)
        func clears() -> Int {
            ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").components(separatedBy: "\u{1b}[3g").count
                - 1
        }
        func tabsShowEveryEight(_ what: String) {
            shell.type("clear; printf 'x\\tA\\tB\\n'")
            shell.send("Enter")
            XCTAssertTrue(shell.waitFor("x       A       B").ok, "\(what): \(shell.capture())")
        }
        /// Crisis moves until the console has set stops of its own (a state: the bytes it wrote say so).
        func movesUntilStopsAreSet(_ before: Int) {
            var waited = 0
            while clears() <= before && waited < 100 {
                if waited % 20 == 0 { shell.send(waited % 40 == 0 ? "j" : "k") }
                usleep(100_000)
                waited += 1
            }
            XCTAssertGreaterThan(clears(), before, "the console set tab stops")
        }
        shell.type("\(shellQuote(binary)) --data \(shellQuote(dir))")
        shell.send("Enter")
        XCTAssertTrue(shell.waitFor("1 Crises").ok, shell.capture())
        movesUntilStopsAreSet(0)
        shell.send("C-z")
        XCTAssertTrue(shell.waitFor("Stopped").ok, shell.capture())
        tabsShowEveryEight("after Ctrl-Z")
        shell.type("fg")
        shell.send("Enter")
        XCTAssertTrue(shell.waitFor("1 Crises").ok, shell.capture())
        movesUntilStopsAreSet(clears())
        shell.send("q")
        XCTAssertTrue(shell.waitFor { $0.contains("ready$") && !$0.contains("1 Crises") }.ok, shell.capture())
        tabsShowEveryEight("after quitting")
    }

    /// Waits (a state, not a time) until both show the same cells; fails naming the first lines that differ.
    @discardableResult
    private func alike(
        _ a: TmuxSession, _ b: TmuxSession, _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) -> Bool {
        var left: [[ShownCell]] = []
        var right: [[ShownCell]] = []
        let deadline = Date().addingTimeInterval(10)
        repeat {
            left = Self.cells(a.capture(colors: true))
            right = Self.cells(b.capture(colors: true))
            if left == right && !left.isEmpty { return true }
            usleep(100_000)
        } while Date() < deadline
        let first = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }
        let row = first?.offset ?? 0
        XCTFail(
            "\(what): direct drawing differs from ncurses' at row \(row)\n direct: \(Self.describe(left, row))\n"
                + "ncurses: \(Self.describe(right, row))", file: file, line: line)
        return false
    }

    struct ShownCell: Equatable {
        var text: String
        var fg: Int
        var bg: Int
        var attrs: Set<Int>
    }

    /// Each row's cells as they show: a space only by its background (and underline or reverse, which show on
    /// a space too), trailing blanks on the terminal's own background dropped.
    static func cells(_ capture: String) -> [[ShownCell]] {
        var pen = ShownCell(text: "", fg: -1, bg: -1, attrs: [])
        var rows: [[ShownCell]] = []
        for line in capture.split(separator: "\n", omittingEmptySubsequences: false) {
            var row: [ShownCell] = []
            var rest = Substring(line)
            while let c = rest.first {
                if c == "\u{1b}", let end = rest.firstIndex(where: { $0.isLetter }) {
                    let params = rest[rest.index(rest.startIndex, offsetBy: 2)..<end]
                    if rest[end] == "m" { apply(params.split(separator: ";", omittingEmptySubsequences: false), &pen) }
                    rest = rest[rest.index(after: end)...]
                    continue
                }
                var cell = pen
                cell.text = String(c)
                if c == " " {
                    let reversed = cell.attrs.contains(7)
                    cell = ShownCell(
                        text: " ", fg: -1, bg: reversed ? cell.fg : cell.bg, attrs: cell.attrs.intersection([4, 7]))
                }
                row.append(cell)
                rest = rest.dropFirst()
            }
            while let last = row.last, last.text == " ", last.bg == -1, last.attrs.isEmpty { row.removeLast() }
            rows.append(row)
        }
        while let last = rows.last, last.isEmpty { rows.removeLast() }
        return rows
    }

    private static func apply(_ params: [Substring], _ pen: inout ShownCell) {
        let n = params.map { Int($0) ?? 0 }
        var i = 0
        while i < n.count {
            switch n[i] {
            case 0: pen = ShownCell(text: "", fg: -1, bg: -1, attrs: [])
            case 22: pen.attrs.subtract([1, 2])
            case 23, 24, 25, 27: pen.attrs.remove(n[i] - 20)
            case 30...37: pen.fg = n[i] - 30
            case 39: pen.fg = -1
            case 40...47: pen.bg = n[i] - 40
            case 49: pen.bg = -1
            case 90...97: pen.fg = n[i] - 82
            case 100...107: pen.bg = n[i] - 92
            case 38, 48:
                if i + 2 < n.count, n[i + 1] == 5 {
                    if n[i] == 38 { pen.fg = n[i + 2] } else { pen.bg = n[i + 2] }
                    i += 2
                }
            default: pen.attrs.insert(n[i])
            }
            i += 1
        }
    }

    private static func describe(_ rows: [[ShownCell]], _ row: Int) -> String {
        guard row < rows.count else { return "(no row)" }
        return rows[row].map { $0.text }.joined() + " · "
            + rows[row].prefix(60).map { "\($0.text)\($0.fg)/\($0.bg)\($0.attrs.sorted())" }.joined(separator: " ")
    }
}
