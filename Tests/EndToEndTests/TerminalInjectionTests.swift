import CrisisCore
import Foundation
import TestSupport
import XCTest

/// Hostile text in the data: escape sequences, C1 controls, bidi overrides, floods. What reaches a real
/// terminal (bytes captured from a pty) must contain none of it raw.
final class TerminalInjectionTests: XCTestCase {
    static let hostile: [String] = [
        "OSC52\u{1B}]52;c;SGVsbG8gd29ybGQ=\u{07}END1",          // clipboard write
        "TITLE\u{1B}]0;pwned title\u{07}END2",                   // window title
        "CLEAR\u{1B}[2J\u{1B}[HEND3",                            // screen clear
        "C1CSI\u{9B}31mEND4",                                    // 8-bit CSI
        "BELL\u{07}\u{07}NUL\u{0}END5",
        "BIDI\u{202E}gnp.exe\u{202C}END6",
        "ZW" + String(repeating: "\u{200B}", count: 5_000) + "END7",
        "MARK" + String(repeating: "\u{0301}", count: 5_000) + "END8",
        "BIG" + String(repeating: "x", count: 100_000),
    ]

    func testHostileDataNeverReachesTheTerminalRaw() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 is needed to drive a pty") }
        let tmp = TempDirectory("inject")
        let repo = try Repository(directory: tmp.data)
        try repo.replaceAll(with: DemoWorld.store(now: CellClock.now()))
        var ops: [StoreOperation] = []
        for (i, text) in Self.hostile.enumerated() {
            ops.append(.log(crisis: "lb-escalation", kind: .sitrep, text: text))
            var c = Fixture.contact(id: "evil\(i)", name: text)
            c.callOrder = 0
            ops.append(.addContact(c))
        }
        ops.append(.updateCrisis(id: "lb-escalation", patch: CrisisPatch(title: Self.hostile[0], summary: Self.hostile[2])))
        try repo.commit(ops, by: "evil\u{1B}[31m")

        let keys = tmp.path + "/keys"
        // Look at every pane, a contact card, the crisis details, help and the briefing.
        try ["0.3\t4", "0.3\t\\n", "0.3\t\\x1b", "0.3\t1", "0.3\t\\n", "0.3\t\\x1b", "0.3\tb", "0.5\t\\x1b", "0.3\tq"]
            .joined(separator: "\n").write(toFile: keys, atomically: true, encoding: .utf8)
        let out = tmp.path + "/bytes"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/pty-capture.py").standardized.path
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"; env["LANG"] = "C.UTF-8"; env.removeValue(forKey: "NO_COLOR")
        let r = runProcess(python, [script, out, "120", "40", keys, "--", builtProduct("crisiscell"), "--data", tmp.data.path, "--operator", "x"],
                           environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertGreaterThan(bytes.count, 5_000, "the console drew something")
        let text = String(decoding: bytes, as: UTF8.self)
        for (needle, what) in [("\u{1B}]52", "an OSC 52 clipboard write"), ("\u{1B}]0;pwned", "a title change"), ("\u{1B}[2J\u{1B}[HEND3", "the data's screen clear"),
                               ("\u{9B}", "an 8-bit CSI"), ("\u{07}", "a bell"), ("\u{0}", "a NUL"), ("\u{202E}", "a bidi override"),
                               ("\u{1B}[31m", "the operator name's colour code")] {
            XCTAssertFalse(text.contains(needle), "\(what) reached the terminal")
        }
        XCTAssertTrue(text.contains("OSC52␛]52;c;"), "the escape is shown as a visible placeholder")
        XCTAssertFalse(text.contains(String(repeating: "\u{200B}", count: 10)), "a flood of zero-width spaces was passed on")
        print("INJECTION: \(bytes.count) bytes from a pty checked: no raw escape, control or bidi character from data")
    }
}
