import Foundation

/// Bytes the real console writes to a 200x60 pseudo-terminal per key press on the large store, counted by
/// `scripts/pty-capture.py`: what a slow line would have to carry, not what a screen model says.
enum TerminalBytes {
    /// A key, how long to let the console answer, and what the bytes of that answer are called.
    private static let steps: [(label: String, wait: Double, keys: String)] = [
        ("move", 0.2, "j"), ("rest", 0.8, ""), ("move", 0.2, "j"), ("rest", 0.8, ""), ("move", 0.2, "k"),
        ("rest", 0.8, ""),
        ("held", 0.2, "jjjjj"), ("held rest", 0.8, ""),
        ("focus", 0.8, "3"),
        ("checklist move", 0.5, "j"), ("checklist move", 0.5, "j"), ("checklist move", 0.5, "j"),
        ("tick", 0.8, " "),
    ]

    /// Adds the rows to the table, or says why it could not measure.
    static func measure(_ dir: String, root: String) {
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
            return
        }
        let keysFile = root + "/pty-keys.txt"
        let out = root + "/pty-out"
        let lines = steps.map { "\($0.wait)\t\($0.keys)" }.joined(separator: "\n") + "\n"
        try? lines.write(toFile: keysFile, atomically: true, encoding: .utf8)
        _ = Table.output(
            "/usr/bin/env",
            [
                "-u", "NO_COLOR", "PTY_START_WAIT=4", "TERM=xterm-256color", "python3", script, out,
                "200", "60", keysFile, "--", console, "--data", dir, "--operator", "bench",
            ])
        let counts = ((try? String(contentsOfFile: out + ".steps", encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { Int($0) }
        guard counts.count == steps.count else {
            Table.add("bytes per key press on a real pty", "not measured: the console did not run on the pty")
            return
        }
        func bytes(_ label: String) -> [Int] { zip(steps, counts).filter { $0.0.label == label }.map(\.1) }
        func range(_ v: [Int]) -> String { v.min() == v.max() ? "\(v[0]) B" : "\(v.min()!)–\(v.max()!) B" }
        let move = bytes("move")
        let checklist = bytes("checklist move")
        Table.add(
            "bytes on a 200x60 pty: move the crisis selection", range(move), goal: "< 500", met: move.max()! < 500)
        Table.add(
            "… the selection rests: the crisis's countries, checklist and contacts drawn once", range(bytes("rest")))
        Table.add(
            "… five moves at once (a held key), then the rest", "\(bytes("held")[0]) B, then \(bytes("held rest")[0]) B"
        )
        Table.add(
            "… move the selection in the Checklist pane", range(checklist), goal: "< 500", met: checklist.max()! < 500)
        Table.add("… tick an item (with its \"Saved\" message)", range(bytes("tick")))
        Table.add("… focus another pane (two borders change)", range(bytes("focus")))
    }
}
