import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Damaged snapshots and journals: the loader always answers with data or a clear error naming the file,
/// never a crash or a hang, and never rewrites the damaged file.
final class FuzzLoaderTests: XCTestCase {
    func testMutatedSnapshotsAndJournals() throws {
        let tmp = TempDirectory("fuzz")
        let source = tmp.data
        // A realistic pair: the demo world as a snapshot, then a journal of changes after it.
        let repo = try Repository(directory: source)
        try repo.replaceAll(with: DemoWorld.store(now: fixedNow))
        for i in 0..<30 {
            try repo.commit(.log(crisis: "lb-escalation", kind: .sitrep, text: "entry \(i) ✓ রহিম"), by: "fuzz")
        }
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: source.snapshot))
        let journal = try Data(contentsOf: URL(fileURLWithPath: source.journal))

        var rng = SeededRandom()
        let cases = trials(short: 300, long: 10_000)
        var loaded = 0
        var refused = 0
        var slowest = 0.0
        let target = DataDirectory(path: tmp.path + "/target")
        for n in 0..<cases {
            let mutation = Mutation.allCases.randomElement(using: &rng)!
            let damageSnapshot = Bool.random(using: &rng)
            let snap = damageSnapshot ? mutation.apply(snapshot, using: &rng) : snapshot
            let jour = damageSnapshot ? journal : mutation.apply(journal, using: &rng)
            try? FileManager.default.removeItem(atPath: target.path)
            try target.prepare()
            try snap.write(to: URL(fileURLWithPath: target.snapshot))
            try jour.write(to: URL(fileURLWithPath: target.journal))
            let start = Date()
            do {
                _ = try Repository(directory: target, readOnly: true)
                loaded += 1
            } catch let e as PersistenceError {
                refused += 1
                let text = e.description
                let file = damageSnapshot ? "snapshot.json" : "journal.jsonl"
                XCTAssertTrue(
                    text.contains(file),
                    "case \(n) (\(mutation), seed \(rng.seed)): error does not name \(file): \(text)")
            } catch {
                XCTFail("case \(n) (\(mutation), seed \(rng.seed)): not a PersistenceError: \(error)")
            }
            slowest = max(slowest, Date().timeIntervalSince(start))
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: target.snapshot)), snap, "case \(n): snapshot rewritten")
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: target.journal)), jour, "case \(n): journal rewritten")
            // Opening for writing must refuse the same way, and still not touch the files.
            if (try? Repository(directory: target)) == nil {
                XCTAssertEqual(
                    try Data(contentsOf: URL(fileURLWithPath: target.journal)), jour,
                    "case \(n): journal rewritten by a writer")
            }
        }
        print(
            "FUZZ loaders: \(cases) cases (seed \(rng.seed)): \(loaded) loaded, \(refused) refused with a clear error, slowest \(String(format: "%.0f", slowest * 1000)) ms"
        )
        XCTAssertLessThan(slowest, 5, "a case took too long (a hang?)")
    }

    func testDamagedJournalCasesNameTheLine() throws {
        let tmp = TempDirectory("fuzz-lines")
        let repo = try Repository(directory: tmp.data)
        for i in 0..<5 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "e\(i)"), by: "x") }
        let lines = try String(contentsOfFile: tmp.data.journal, encoding: .utf8).split(separator: "\n").map(
            String.init)
        let damaged: [(String, String)] = [
            (lines[2].replacingOccurrences(of: "\"seq\":3", with: "\"seq\":\"three\""), "journal.jsonl:3"),
            (lines[2].replacingOccurrences(of: "\"op\":", with: "\"oops\":"), "journal.jsonl:3"),
            (String(repeating: "[", count: 100_000), "journal.jsonl:3"),
            (lines[2].replacingOccurrences(of: "sitrep", with: "gossip"), "journal.jsonl:3"),
            (lines[1], "jumps from"),
        ]
        for (bad, expected) in damaged {
            var copy = lines
            copy[2] = bad
            try (copy.joined(separator: "\n") + "\n").write(
                toFile: tmp.data.journal, atomically: false, encoding: .utf8)
            XCTAssertThrowsError(try Repository(directory: tmp.data, readOnly: true)) { e in
                XCTAssertTrue("\(e)".contains(expected), "\(e)")
            }
        }
    }
}
