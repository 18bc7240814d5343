import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Hostile text in the data: escape sequences, C1 controls, bidi overrides, floods. What reaches a real
/// terminal (bytes captured from a pty) must contain none of it raw.
final class TerminalInjectionTests: XCTestCase {
    static let hostile: [String] = [
        "OSC52\u{1B}]52;c;SGVsbG8gd29ybGQ=\u{07}END1", // clipboard write
        "TITLE\u{1B}]0;pwned title\u{07}END2", // window title
        "CLEAR\u{1B}[2J\u{1B}[HEND3", // screen clear
        "C1CSI\u{9B}31mEND4", // 8-bit CSI
        "BELL\u{07}\u{07}NUL\u{0}END5",
        "BIDI\u{202E}gnp.exe\u{202C}END6",
        "ZW" + String(repeating: "\u{200B}", count: 5_000) + "END7",
        "MARK" + String(repeating: "\u{0301}", count: 5_000) + "END8",
        "BIG" + String(repeating: "x", count: 100_000),
    ]

    func testHostileDataNeverReachesTheTerminalRaw() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
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
        ops.append(
            .updateCrisis(id: "lb-escalation", patch: CrisisPatch(title: Self.hostile[0], summary: Self.hostile[2])))
        try repo.commit(ops, by: "evil\u{1B}[31m")

        let keys = tmp.path + "/keys"
        // Look at every pane, a contact card, the crisis details, help and the briefing.
        try ["0.3\t4", "0.3\t\\n", "0.3\t\\x1b", "0.3\t1", "0.3\t\\n", "0.3\t\\x1b", "0.3\tb", "0.5\t\\x1b", "0.3\tq"]
            .joined(separator: "\n").write(toFile: keys, atomically: true, encoding: .utf8)
        let out = tmp.path + "/bytes"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../scripts/pty-capture.py"
        ).standardized.path
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "NO_COLOR")
        let r = runProcess(
            python,
            [
                script, out, "120", "40", keys, "--", builtProduct("crisiscell"), "--data", tmp.data.path, "--operator",
                "x",
            ],
            environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertGreaterThan(bytes.count, 5_000, "the console drew something")
        let text = String(decoding: bytes, as: UTF8.self)
        for (needle, what) in [
            ("\u{1B}]52", "an OSC 52 clipboard write"), ("\u{1B}]0;pwned", "a title change"),
            ("\u{1B}[2J\u{1B}[HEND3", "the data's screen clear"),
            ("\u{9B}", "an 8-bit CSI"), ("\u{07}", "a bell"), ("\u{0}", "a NUL"), ("\u{202E}", "a bidi override"),
            ("\u{1B}[31m", "the operator name's colour code"),
        ] {
            XCTAssertFalse(text.contains(needle), "\(what) reached the terminal")
        }
        XCTAssertTrue(text.contains("OSC52␛]52;c;"), "the escape is shown as a visible placeholder")
        XCTAssertFalse(
            text.contains(String(repeating: "\u{200B}", count: 10)), "a flood of zero-width spaces was passed on")
        print("INJECTION: \(bytes.count) bytes from a pty checked: no raw escape, control or bidi character from data")
    }

    /// The commands print data too: briefs, checklists, reports, import previews, confirmations and exports must
    /// carry none of it raw either, whether to a terminal or into a file.
    func testCommandsNeverPrintHostileDataRaw() throws {
        let tmp = TempDirectory("inject-cli")
        let repo = try Repository(directory: tmp.data)
        try repo.replaceAll(with: DemoWorld.store(now: CellClock.now()))
        var ops: [StoreOperation] = []
        for (i, text) in Self.hostile.prefix(6).enumerated() {
            ops.append(.log(crisis: "lb-escalation", kind: .decision, text: text))
            ops.append(
                .addItem(
                    owner: .crisis("lb-escalation"), item: ChecklistItem(id: "evil\(i)", text: text, section: "Evil")))
            var c = Fixture.contact(id: "evil\(i)", name: text)
            c.notes = text
            ops.append(.addContact(c))
        }
        try repo.commit(ops, by: "evil\u{1B}[31m")
        let csv = tmp.path + "/hostile.csv"
        try "country,kind,value,source\nLB,dead,2,\(Self.hostile[2])\nKW,dead,1,\(Self.hostile[0])\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let vcf = tmp.path + "/hostile.vcf"
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\(Self.hostile[2])\r\nTEL:+961 3 999 000\r\nEND:VCARD\r\n".write(
            toFile: vcf, atomically: true, encoding: .utf8)
        let d = tmp.data.path
        let commands: [[String]] = [
            ["brief", "--data", d], ["brief", "--format", "markdown", "--data", d],
            ["brief", "--format", "json", "--data", d],
            ["brief", "--format", "html", "--data", d], ["brief", "--sms", "--data", d],
            ["checklist", "lb-escalation", "--data", d],
            ["checklist", "lb-escalation", "--format", "json", "--data", d],
            ["report", "lb-escalation", "--data", d], ["import", "counts", csv, "--data", d],
            ["import", "contacts", vcf, "--data", d],
            ["log", "--data", d, "--operator", "x", Self.hostile[0]],
            ["export", "contacts", "--format", "csv", "--data", d],
            ["export", "contacts", "--format", "vcf", "--data", d], ["export", "all", "--format", "json", "--data", d],
            ["export", "counts", "--format", "csv", "--data", d],
        ]
        for args in commands {
            let r = runProcess(builtProduct("crisiscell"), args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            let out = r.stdout + r.stderr
            for (needle, what) in [
                ("\u{1B}", "an escape"), ("\u{9B}", "an 8-bit CSI"), ("\u{07}", "a bell"), ("\u{0}", "a NUL"),
                ("\u{202E}", "a bidi override"),
            ] {
                XCTAssertFalse(
                    out.unicodeScalars.contains { String($0) == needle },
                    "\(what) in the output of \(args.prefix(3).joined(separator: " "))")
            }
        }
        // Imports take control characters out of names, and say so.
        let preview = runProcess(builtProduct("crisiscell"), ["import", "contacts", vcf, "--data", d]).stdout
        XCTAssertTrue(preview.contains("control characters taken out of the name"), preview)
    }
}
