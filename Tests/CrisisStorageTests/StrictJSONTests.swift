import Foundation
import TestSupport
import XCTest

@testable import CrisisExchange
@testable import CrisisModel
@testable import CrisisStorage

/// Every reader of JSON is exactly as strict as RFC 8259 (plus: no duplicate keys, nesting at most 64): the
/// validator on its own, and the snapshot reader, the journal and `import all` with each case spliced in where
/// they skip what they do not know. The cases are our own, covering every kind of nst/JSONTestSuite's y_ and
/// n_ inputs (StrictJSONCases.swift); Python's json with strict hooks is the reference where it is installed.
final class StrictJSONTests: XCTestCase {
    func testTheValidatorAgreesWithEveryCase() {
        var wrong: [String] = []
        for c in StrictJSONCases.all where (StrictJSON.validate(Data(c.bytes)) == nil) != c.accept {
            wrong.append(
                "\(c.name): \(c.accept ? "refused" : "accepted") \(StrictJSON.validate(Data(c.bytes))?.description ?? "")"
            )
        }
        XCTAssertEqual(wrong, [], "\(wrong.count) of \(StrictJSONCases.all.count) cases")
        print(
            "STRICT JSON: \(StrictJSONCases.all.count) cases (\(StrictJSONCases.all.filter(\.accept).count) accept), \(wrong.count) disagree"
        )
    }

    /// Python's json, made strict (duplicate keys, NaN and a BOM refused, UTF-8 decoded strictly), reads the
    /// same cases: a second, independent reference.
    func testPythonsStrictReadingAgrees() throws {
        guard
            let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw XCTSkip("python3 is not installed: the second reference is skipped")
        }
        let script = """
            import sys, json
            def pairs(p):
                keys = [k for k, _ in p]
                if len(keys) != len(set(keys)): raise ValueError('duplicate key')
                return dict(p)
            def const(c): raise ValueError(c)
            def depth(s):
                d = m = 0; q = esc = False
                for ch in s:
                    if q:
                        if esc: esc = False
                        elif ch == '\\\\': esc = True
                        elif ch == '"': q = False
                    elif ch == '"': q = True
                    elif ch in '[{': d += 1; m = max(m, d)
                    elif ch in ']}': d -= 1
                return m
            for line in sys.stdin:
                b = bytes.fromhex(line.strip())
                try:
                    t = b.decode('utf-8')
                    if depth(t) > 64: raise ValueError('deep')
                    json.loads(t, object_pairs_hook=pairs, parse_constant=const)
                    print('1')
                except Exception:
                    print('0')
            """
        let input =
            StrictJSONCases.all.map { $0.bytes.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
            + "\n"
        let r = runProcess(python, ["-c", script], stdin: input)
        XCTAssertEqual(r.status, 0, r.stderr)
        let verdicts = r.stdout.split(separator: "\n").map { $0 == "1" }
        XCTAssertEqual(verdicts.count, StrictJSONCases.all.count)
        for (c, python) in zip(StrictJSONCases.all, verdicts) {
            XCTAssertEqual(
                StrictJSON.validate(Data(c.bytes)) == nil, python, "\(c.name): Python \(python ? "accepts" : "refuses")"
            )
        }
    }

    private func deepest(_ bytes: [UInt8]) -> Int {
        var d = 0
        var m = 0
        var quoted = false
        var escaped = false
        for b in bytes {
            if quoted {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { quoted = false }
            } else if b == 0x22 {
                quoted = true
            } else if b == 0x5B || b == 0x7B {
                d += 1
                m = max(m, d)
            } else if b == 0x5D || b == 0x7D {
                d -= 1
            }
        }
        return m
    }

    /// The cases a spliced check can judge: accepted ones that stay within the nesting limit where they land.
    private var spliceable: [StrictJSONCases.Case] {
        StrictJSONCases.all.filter { !$0.accept || deepest($0.bytes) <= 58 }
    }

    func testTheSnapshotReaderIsAsStrictEvenInWhatItSkips() throws {
        let base = Array(SnapshotFile(seq: 3, savedAt: fixedNow, world: Fixture.store().world).encoded())
        let text = String(decoding: base, as: UTF8.self)
        // Inside the world, and inside a contact record: both places where unknown keys are skipped.
        let anchors = ["\n  \"world\" : {", "\"id\" : \"c1\","]
        var wrong: [String] = []
        for anchor in anchors {
            let r = try XCTUnwrap(text.range(of: anchor))
            let cut = text.utf8.distance(from: text.startIndex, to: r.upperBound)
            for c in spliceable {
                let spliced =
                    Array(base[..<cut]) + Array(" \"unknown\" : ".utf8) + c.bytes + Array(",".utf8)
                    + Array(base[cut...])
                let loaded = (try? SnapshotFile.decode(Data(spliced), path: "snapshot.json")) != nil
                if loaded != c.accept {
                    wrong.append(
                        "\(c.name) after \(anchor.trimmingCharacters(in: .whitespacesAndNewlines)): \(loaded ? "loaded" : "refused")"
                    )
                }
                // The fast reader alone never accepts what is not JSON (when unsure it hands over).
                if !c.accept, SnapshotReader.read(Data(spliced)) != nil {
                    wrong.append("\(c.name): the fast reader accepted it")
                }
            }
        }
        XCTAssertEqual(wrong, [])
    }

    func testTheJournalAndImportAllAreAsStrict() throws {
        var wrong: [String] = []
        let export = String(
            decoding: Array(SnapshotFile(seq: 3, savedAt: fixedNow, world: Fixture.store().world).encoded()),
            as: UTF8.self)
        let at = try XCTUnwrap(export.range(of: "\n  \"world\" : {"))
        for c in spliceable {
            let value = String(decoding: c.bytes, as: UTF8.self)
            let validUTF8 = String(validating: c.bytes, as: UTF8.self) != nil
            var line = Data(#"{"op":{"log":{"kind":"sitrep","text":"x","unknown":"#.utf8)
            line.append(contentsOf: c.bytes)
            line.append(contentsOf: Array(#"}},"operator":"t","seq":4,"time":"2026-11-29T14:02:00.000Z"}"#.utf8) + [10])
            // A journal entry is one line: a case with a line break in it cannot be one, whatever JSON says.
            // Every line here carries a key no operation has: valid JSON is refused for that key (named), and
            // invalid JSON for what is wrong with it, before the key is ever looked at.
            if !c.bytes.contains(10) {
                var said = ""
                do { _ = try JournalReader.parse(line, path: "journal.jsonl") } catch { said = "\(error)" }
                let forTheKey = said.contains("'op.log.unknown' is not part of any operation")
                if said.isEmpty || (!c.accept && forTheKey) {
                    wrong.append("journal \(c.name): \(said.isEmpty ? "read" : said)")
                }
            }
            // import all reads text: only cases that are UTF-8 can reach it as text.
            guard validUTF8 else { continue }
            var spliced = export
            spliced.insert(contentsOf: " \"unknown\" : " + value + ",", at: at.upperBound)
            let imported = (try? StoreExport.read(spliced, file: "all.json")) != nil
            if imported != c.accept { wrong.append("import all \(c.name): \(imported ? "read" : "refused")") }
        }
        XCTAssertEqual(wrong, [])
    }

    func testARefusalNamesTheLineAndColumnAndTheDuplicateKey() {
        let text = "{\n  \"a\" : 1,\n  \"b\" : [1, 2,],\n}"
        XCTAssertEqual(
            StrictJSON.validate(Data(text.utf8))?.description, "line 3, column 15: a comma before ']' (trailing comma)")
        let dup = "{\n  \"name\" : \"x\",\n    \"name\" : \"y\"\n}"
        XCTAssertEqual(
            StrictJSON.validate(Data(dup.utf8))?.description,
            "line 3, column 5: the key 'name' appears twice in one object")
        XCTAssertEqual(
            StrictJSON.validate(Data("[-01]".utf8))?.description,
            "line 1, column 2: a number may not start with 0 followed by digits")
    }
}
