import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Data directories written by the first wave's binary (Fixtures/, generated with it and never edited) load
/// unchanged: every kind of operation in the journal, and the demo world's snapshot.
final class FileCompatibilityTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    private func copy(_ name: String) throws -> TempDirectory {
        let tmp = TempDirectory("first-wave")
        try FileManager.default.createDirectory(atPath: tmp.data.path, withIntermediateDirectories: true)
        chmod(tmp.data.path, 0o700)
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(
                atPath: fixtures.appendingPathComponent(name).appendingPathComponent(file).path,
                toPath: tmp.data.path + "/" + file)
        }
        return tmp
    }

    func testEveryKindOfFirstWaveOperationReplaysAsItDid() throws {
        let tmp = try copy("first-wave")
        let repo = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(repo.store.seq, 22)
        XCTAssertEqual(repo.warnings, [])
        let data = try Data(contentsOf: fixtures.appendingPathComponent("first-wave/expected-world.json"))
        let expected = try JSONCoding.decoder().decode(World.self, from: data)
        let world = repo.store.world
        XCTAssertEqual(world.cell, expected.cell)
        XCTAssertEqual(world.countries, expected.countries)
        XCTAssertEqual(world.crises, expected.crises)
        XCTAssertEqual(world.contacts, expected.contacts)
        // The same log, word for word; replayed entries now also name the record they changed (for the Log view).
        XCTAssertEqual(
            world.events.map {
                var e = $0
                e.ref = nil
                return e
            }, expected.events, "the same log, word for word")
        XCTAssertEqual(
            world.events.compactMap(\.ref).count, 16,
            "the 19 journal entries but the two log entries and the cell settings")
        let brief = Sitrep(world: world, names: CountryNames.load(), now: fixedNow.addingTimeInterval(3600)).render(
            .text)
        XCTAssertEqual(
            brief, try String(contentsOf: fixtures.appendingPathComponent("first-wave/brief.txt"), encoding: .utf8))
        // And it takes new changes on top, with expectations, then reloads the same.
        let writable = try Repository(directory: tmp.data)
        try writable.commit(
            .setCounts(
                country: "LB", counts: [.affected: 12_500], source: "", asOf: nil, expected: [.affected: 12_000]),
            by: "rahim")
        try writable.compact()
        XCTAssertEqual(try Repository(directory: tmp.data, readOnly: true).store, writable.store)
    }

    func testTheFirstWaveDemoDirectoryLoads() throws {
        let tmp = try copy("first-wave-demo")
        let repo = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(repo.store.seq, 392)
        XCTAssertEqual(repo.store.world.events.count, 392)
        XCTAssertEqual(repo.store.world.crises["lb-escalation"]?.checklist.first { $0.id == "resp-04" }?.doneBy, "zed")
        XCTAssertEqual(repo.store.world.countries["LB"]?.count(.affected), 12_500)
        // Its export (written by the first wave too) imports into an empty directory with nothing lost.
        let text = try String(
            contentsOf: fixtures.appendingPathComponent("first-wave-demo/export-all.json"), encoding: .utf8)
        let imported = try StoreExport.read(text, file: "export-all.json")
        XCTAssertEqual(
            imported.world.events,
            repo.store.world.events.map {
                var e = $0
                e.ref = nil
                return e
            })
        XCTAssertEqual(imported.world.countries, repo.store.world.countries)
    }
}
