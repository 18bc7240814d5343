import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

final class PersistenceTests: XCTestCase {
    var tmp: TempDirectory!
    override func setUp() { tmp = TempDirectory("persist") }
    override func tearDown() { tmp.cleanUp() }

    private func open(compactEvery: Int = 1000, clock: SteppingClock = SteppingClock()) throws -> Repository {
        try Repository(directory: tmp.data, compactThreshold: compactEvery, clock: clock.now)
    }

    private func read(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    func testJournalAndSnapshotRoundTrip() throws {
        let repo = try open()
        try repo.commit(Fixture.setupOps, by: "rahim")
        try repo.commit(.setItemStatus(owner: .crisis(Fixture.crisisId), item: "a", status: .done), by: "karim")
        let before = repo.store
        // Replay from the journal alone.
        XCTAssertEqual(try open().store, before)
        // And from a snapshot plus an empty journal.
        try repo.compact()
        XCTAssertEqual(read(tmp.data.journal).count, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.data.snapshot))
        XCTAssertEqual(try open().store, before)
        // And from a snapshot plus a journal after it.
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "after snapshot"), by: "nasrin")
        let reopened = try open()
        XCTAssertEqual(reopened.store, repo.store)
        XCTAssertEqual(reopened.store.seq, 5)
    }

    func testJournalLinesCarrySequenceTimeAndOperator() throws {
        let repo = try open()
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "one"), by: "rahim")
        let line = String(decoding: read(tmp.data.journal), as: UTF8.self)
        XCTAssertTrue(line.hasSuffix("\n"))
        XCTAssertTrue(line.contains("\"seq\":1"), line)
        XCTAssertTrue(line.contains("\"operator\":\"rahim\""), line)
        XCTAssertTrue(line.contains("\"time\":\"2026-11-29T14:02:00.000Z\""), line)
    }

    func testCompactionAtThresholdLosesAndRepeatsNothing() throws {
        let repo = try open(compactEvery: 10)
        for i in 1...25 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "entry \(i)"), by: "rahim") }
        XCTAssertEqual(repo.journalLineCount, 5)
        let reopened = try open()
        XCTAssertEqual(reopened.store.world.events.map(\.text), (1...25).map { "entry \($0)" })
        XCTAssertEqual(Set(reopened.store.world.events.map(\.seq)).count, 25)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: tmp.data.backups).count, 1,
            "the first snapshot replaced went to backups/")
    }

    func testBackupsKeepTheLastTen() throws {
        let repo = try open(compactEvery: 1)
        for i in 1...14 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "e\(i)"), by: "x") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.data.backups).count, 10)
    }

    func testTornLastLineIsDroppedWithWarningAndRepairedOnNextWrite() throws {
        let repo = try open()
        try repo.commit(
            [.log(crisis: nil, kind: .sitrep, text: "kept 1"), .log(crisis: nil, kind: .sitrep, text: "kept 2")],
            by: "r")
        let handle = FileHandle(forWritingAtPath: tmp.data.journal)!
        handle.seekToEndOfFile()
        handle.write(Data("{\"op\":{\"log\":{\"crisis\":null,\"kind\":\"sitrep\",\"te".utf8))
        handle.closeFile()
        let reopened = try open()
        XCTAssertEqual(reopened.store.world.events.map(\.text), ["kept 1", "kept 2"])
        XCTAssertEqual(reopened.warnings.count, 1)
        XCTAssertTrue(reopened.warnings[0].contains("journal.jsonl:3"), reopened.warnings[0])
        try reopened.commit(.log(crisis: nil, kind: .sitrep, text: "after repair"), by: "r")
        let again = try open()
        XCTAssertEqual(again.store.world.events.map(\.text), ["kept 1", "kept 2", "after repair"])
        XCTAssertTrue(again.warnings.isEmpty)
    }

    func testCorruptJournalMiddleStopsWithFileAndLineAndOverwritesNothing() throws {
        let repo = try open()
        for i in 1...3 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "e\(i)"), by: "r") }
        var lines = String(decoding: read(tmp.data.journal), as: UTF8.self).split(separator: "\n").map(String.init)
        lines[1] = "{ this is not json"
        let damaged = Data((lines.joined(separator: "\n") + "\n").utf8)
        try damaged.write(to: URL(fileURLWithPath: tmp.data.journal))
        XCTAssertThrowsError(try open()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("journal.jsonl:2"), text)
            XCTAssertTrue(text.contains("crisiscell check"), text)
        }
        XCTAssertEqual(read(tmp.data.journal), damaged, "the damaged file is left exactly as found")
    }

    func testJournalGapIsReported() throws {
        let repo = try open()
        for i in 1...3 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "e\(i)"), by: "r") }
        var lines = String(decoding: read(tmp.data.journal), as: UTF8.self).split(separator: "\n").map(String.init)
        lines.remove(at: 1)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: tmp.data.journal))
        XCTAssertThrowsError(try open()) { error in
            XCTAssertTrue("\(error)".contains("jumps from 1 to 3"), "\(error)")
        }
    }

    func testCorruptSnapshotGivesLineAndOverwritesNothing() throws {
        let repo = try open()
        try repo.commit(Fixture.setupOps, by: "r")
        try repo.compact()
        var text = String(decoding: read(tmp.data.snapshot), as: UTF8.self)
        let range = text.range(of: "\"severity\" : 4")!
        text.replaceSubrange(range, with: "\"severity\" : \"grave\"")
        let damaged = Data(text.utf8)
        try damaged.write(to: URL(fileURLWithPath: tmp.data.snapshot))
        let expectedLine = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        XCTAssertThrowsError(try open()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("snapshot.json:"), message)
            XCTAssertTrue(message.contains("severity"), message)
            XCTAssertTrue(message.contains("backups/"), message)
            XCTAssertTrue(
                message.contains("snapshot.json:\(expectedLine)") || message.contains("line \(expectedLine)"), message)
        }
        XCTAssertEqual(read(tmp.data.snapshot), damaged)
        // Truncated snapshot too.
        try damaged.prefix(damaged.count / 2).write(to: URL(fileURLWithPath: tmp.data.snapshot))
        XCTAssertThrowsError(try open()) { XCTAssertTrue("\($0)".contains("snapshot is damaged"), "\($0)") }
    }

    func testSnapshotFromNewerVersionIsRefused() throws {
        try FileManager.default.createDirectory(atPath: tmp.data.path, withIntermediateDirectories: true)
        chmod(tmp.data.path, 0o700)
        try Data(#"{"format":"crisiscell-snapshot","schemaVersion":99}"#.utf8).write(
            to: URL(fileURLWithPath: tmp.data.snapshot))
        XCTAssertThrowsError(try open()) { XCTAssertTrue("\($0)".contains("newer CrisisCell"), "\($0)") }
    }

    func testFileModesArePrivateEvenUnderUmaskZero() throws {
        let old = umask(0)
        defer { umask(old) }
        let repo = try open()
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "x"), by: "r")
        try repo.compact()
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "y"), by: "r")
        func mode(_ p: String) -> Int {
            (try! FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as! NSNumber).intValue
        }
        XCTAssertEqual(mode(tmp.data.path), 0o700)
        XCTAssertEqual(mode(tmp.data.backups), 0o700)
        XCTAssertEqual(mode(tmp.data.snapshot), 0o600)
        XCTAssertEqual(mode(tmp.data.journal), 0o600)
        XCTAssertEqual(mode(tmp.data.lockFile), 0o600)
    }

    func testRefusedOperationWritesNothing() throws {
        let repo = try open()
        try repo.commit(Fixture.setupOps, by: "r")
        let before = read(tmp.data.journal)
        XCTAssertThrowsError(
            try repo.commit(.setCounts(country: "LB", counts: [.dead: -2], source: "", asOf: nil), by: "r"))
        XCTAssertThrowsError(
            try repo.commit(
                [.log(crisis: nil, kind: .sitrep, text: "ok"), .log(crisis: "ghost", kind: .sitrep, text: "bad")],
                by: "r"))
        XCTAssertEqual(read(tmp.data.journal), before)
        XCTAssertEqual(repo.store.seq, 3)
    }

    func testSecondRepositorySeesChangesThroughRefresh() throws {
        let a = try open(compactEvery: 4)
        let b = try open(compactEvery: 4)
        try a.commit(.log(crisis: nil, kind: .sitrep, text: "from a"), by: "a")
        XCTAssertEqual(try b.refresh().map(\.seq), [1])
        try b.commit(.log(crisis: nil, kind: .sitrep, text: "from b"), by: "b")
        XCTAssertEqual(b.store.seq, 2)
        // a compacts (threshold 4) while b is behind; b must end equal, nothing twice.
        for i in 0..<5 { try a.commit(.log(crisis: nil, kind: .sitrep, text: "a\(i)"), by: "a") }
        try b.refresh()
        XCTAssertEqual(b.store, a.store)
        XCTAssertEqual(b.store.world.events.count, 7)
        try b.commit(.log(crisis: nil, kind: .sitrep, text: "b again"), by: "b")
        XCTAssertEqual(b.store.seq, 8)
        XCTAssertEqual(try open().store.world.events.count, 8)
    }

    func testSymlinkedJournalIsNeverFollowed() throws {
        let repo = try open()
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "x"), by: "r")
        let victim = tmp.path + "/victim.txt"
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: victim))
        unlink(tmp.data.journal)
        symlink(victim, tmp.data.journal)
        XCTAssertThrowsError(try repo.commit(.log(crisis: nil, kind: .sitrep, text: "y"), by: "r")) {
            XCTAssertTrue("\($0)".contains("symbolic link"), "\($0)")
        }
        XCTAssertEqual(String(decoding: read(victim), as: UTF8.self), "precious\n")
    }

    func testDataDirectoryResolutionOrder() {
        let env = ["CRISISCELL_DATA": "/srv/cc", "XDG_DATA_HOME": "/x", "HOME": "/home/r"]
        XCTAssertEqual(DataDirectory.resolve(explicit: "/d", environment: env).path, "/d")
        XCTAssertEqual(DataDirectory.resolve(explicit: nil, environment: env).path, "/srv/cc")
        XCTAssertEqual(
            DataDirectory.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]).path,
            "/x/crisiscell")
        XCTAssertEqual(
            DataDirectory.resolve(explicit: nil, environment: ["HOME": "/h"]).path, "/h/.local/share/crisiscell")
        XCTAssertEqual(
            DataDirectory.resolve(explicit: nil, demo: true, environment: env).path, "/x/crisiscell-demo",
            "the demo never uses the real directory")
    }

    func testHealthCheckReportsProblems() throws {
        let repo = try open()
        try repo.commit(Fixture.setupOps, by: "r")
        XCTAssertTrue(HealthCheck.run(directory: tmp.data).problems.isEmpty)
        XCTAssertTrue(HealthCheck.run(directory: tmp.data).summary.hasPrefix("healthy"))
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: tmp.data.journal))
        let bad = HealthCheck.run(directory: tmp.data)
        XCTAssertFalse(bad.problems.isEmpty)
        XCTAssertTrue(bad.problems[0].contains("journal.jsonl:1"), bad.problems[0])
    }
}

final class BackgroundSnapshotTests: XCTestCase {
    func testSnapshotOnAnotherThreadKeepsOperationsMadeMeanwhile() throws {
        let tmp = TempDirectory("bg")
        let repo = try Repository(directory: tmp.data, compactThreshold: 10)
        repo.compactsInline = false
        let other = try Repository(directory: tmp.data)
        for i in 0..<12 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "before \(i)"), by: "a") }
        XCTAssertTrue(repo.wantsSnapshot)
        repo.startBackgroundSnapshot()
        XCTAssertTrue(repo.isWritingSnapshot)
        // Work goes on in this process and in another while the snapshot is written.
        for i in 0..<5 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "during \(i)"), by: "a") }
        for i in 0..<3 { try other.commit(.log(crisis: nil, kind: .sitrep, text: "other \(i)"), by: "b") }
        XCTAssertTrue(try repo.finishBackgroundSnapshot(wait: true))
        let journal = try String(contentsOfFile: tmp.data.journal, encoding: .utf8)
        XCTAssertEqual(
            journal.split(separator: "\n").count, 8, "only what came after the snapshot stays in the journal")
        XCTAssertFalse(journal.contains("before"))
        let reopened = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(reopened.store.world.events.count, 20)
        XCTAssertEqual(Set(reopened.store.world.events.map(\.seq)).count, 20, "none twice")
        try other.refresh()
        XCTAssertEqual(other.store, reopened.store, "the other process follows the new journal")
        try other.commit(.log(crisis: nil, kind: .sitrep, text: "after"), by: "b")
        XCTAssertEqual(try Repository(directory: tmp.data, readOnly: true).store.world.events.count, 21)
        XCTAssertTrue(HealthCheck.run(directory: tmp.data).problems.isEmpty)
        XCTAssertFalse(
            try FileManager.default.contentsOfDirectory(atPath: tmp.data.path).contains { $0.contains(".next-") },
            "no temp file left")
    }

    func testTempFilesOfKilledWritersAreRemovedOnOpen() throws {
        let tmp = TempDirectory("bg-stale")
        try tmp.data.prepare()
        let stale = tmp.data.snapshot + ".next-2147483646"
        let live = tmp.data.snapshot + ".next-\(getpid())"
        for f in [stale, live] { FileManager.default.createFile(atPath: f, contents: Data("{".utf8)) }
        _ = try Repository(directory: tmp.data)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "a dead writer's half snapshot is cleared")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a live writer's temp file is left alone")
    }

    func testAnOlderBackgroundSnapshotNeverReplacesANewerOne() throws {
        let tmp = TempDirectory("bg-old")
        let repo = try Repository(directory: tmp.data)
        repo.compactsInline = false
        for i in 0..<5 { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "e\(i)"), by: "a") }
        repo.startBackgroundSnapshot()
        let other = try Repository(directory: tmp.data)
        for i in 0..<5 { try other.commit(.log(crisis: nil, kind: .sitrep, text: "o\(i)"), by: "b") }
        try other.compact()
        try repo.finishBackgroundSnapshot(wait: true)
        let store = try Repository(directory: tmp.data, readOnly: true).store
        XCTAssertEqual(store.seq, 10)
        XCTAssertEqual(store.world.events.count, 10)
    }
}
