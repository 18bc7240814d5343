import Foundation

/// Bytes the real console writes to a 200x60 pseudo-terminal per key press on the large store, counted by
/// `scripts/pty-capture.py`: what a slow line would have to carry, not what a screen model says.
enum TerminalBytes {
    /// A key, how long to let the console answer, and what the bytes of that answer are called. Five crisis
    /// switches (a move, then the rest that draws the new crisis's panes), since their cost depends on the crises.
    private static let steps: [(label: String, wait: Double, keys: String)] =
        [
            ("move", 0.2, "j"), ("rest", 0.8, ""), ("move", 0.2, "j"), ("rest", 0.8, ""), ("move", 0.2, "k"),
            ("rest", 0.8, ""), ("move", 0.2, "k"), ("rest", 0.8, ""), ("move", 0.2, "j"), ("rest", 0.8, ""),
            ("held", 0.2, "jjjjj"), ("held rest", 0.8, ""), ("focus", 0.8, "3"),
            ("checklist move", 0.5, "j"), ("checklist move", 0.5, "j"), ("checklist move", 0.5, "j"),
            ("tick", 0.8, " "),
        ]

    /// Adds the rows to the table, or says why it could not measure: the console's own drawing, then ncurses'
    /// (`CRISISCELL_DRAW=curses`) on the same keys for comparison.
    static func measure(_ dir: String, root: String) {
        guard let direct = run(dir, root: root, curses: false) else { return }
        let curses = run(dir, root: root, curses: true)
        func bytes(_ c: [Int], _ label: String) -> [Int] { zip(steps, c).filter { $0.0.label == label }.map(\.1) }
        func range(_ v: [Int]) -> String { v.min() == v.max() ? "\(v[0]) B" : "\(v.min()!)–\(v.max()!) B" }
        func was(_ label: String) -> String {
            curses.map { " (ncurses' drawing: \(range(bytes($0, label))))" } ?? ""
        }
        let moves = bytes(direct, "move")
        let checklist = bytes(direct, "checklist move")
        let switches = zip(moves, bytes(direct, "rest")).map { $0 + $1 }.sorted()
        let median = switches[switches.count / 2]
        Table.add(
            "bytes on a 200x60 pty: move the crisis selection", range(moves) + was("move"), goal: "≤ 300",
            met: moves.max()! <= 300)
        Table.add(
            "… move the selection in the Checklist pane", range(checklist) + was("checklist move"), goal: "≤ 300",
            met: checklist.max()! <= 300)
        let before = curses.map { c in
            zip(bytes(c, "move"), bytes(c, "rest")).map { $0 + $1 }.sorted()[switches.count / 2]
        }
        Table.add(
            "… switch crisis (the move, then the new crisis's panes), median of 5 "
                + "(\(switches.map(String.init).joined(separator: ", ")))",
            "\(median) B" + (before.map { " (ncurses' drawing: \($0) B)" } ?? ""), goal: "≤ 1,500",
            met: median <= 1_500)
        Table.add(
            "… five moves at once (a held key), then the rest",
            "\(bytes(direct, "held")[0]) B, then \(bytes(direct, "held rest")[0]) B")
        Table.add("… tick an item (with its \"Saved\" message)", range(bytes(direct, "tick")) + was("tick"))
        Table.add("… focus another pane (two borders change)", range(bytes(direct, "focus")) + was("focus"))
    }

    /// Bytes per step, or nil (with a row saying why) when the console could not be run on a pty.
    private static func run(_ dir: String, root: String, curses: Bool) -> [Int]? {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let console = bin + "/crisiscell"
        let script = [
            FileManager.default.currentDirectoryPath + "/scripts/pty-capture.py",
            bin + "/../../../scripts/pty-capture.py",
        ]
        .first { FileManager.default.fileExists(atPath: $0) }
        guard FileManager.default.isExecutableFile(atPath: console), let script else {
            Table.add(
                "bytes per key press on a real pty",
                "not measured: build the console too (swift build -c release) and run from the package")
            return nil
        }
        let keysFile = root + "/pty-keys.txt"
        let out = root + "/pty-out"
        let lines = steps.map { "\($0.wait)\t\($0.keys)" }.joined(separator: "\n") + "\n"
        try? lines.write(toFile: keysFile, atomically: true, encoding: .utf8)
        _ = Table.output(
            "/usr/bin/env",
            [
                "-u", "NO_COLOR", "PTY_START_WAIT=6", "TERM=xterm-256color",
                "CRISISCELL_DRAW=\(curses ? "curses" : "")",
                "python3", script, out, "200", "60", keysFile, "--", console, "--data", dir, "--operator", "bench",
            ])
        let counts = ((try? String(contentsOfFile: out + ".steps", encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { Int($0) }
        guard counts.count == steps.count else {
            if !curses {
                Table.add("bytes per key press on a real pty", "not measured: the console did not run on the pty")
            }
            return nil
        }
        return counts
    }
}
