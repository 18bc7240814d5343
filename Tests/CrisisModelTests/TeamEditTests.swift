import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// The shape of operations for a team: a change carries only what it sets and what it expects to replace; a
/// stale expectation is a conflict naming who, when and what; a change that changes nothing writes nothing.
final class TeamEditTests: XCTestCase {
    var tmp: TempDirectory!
    override func setUp() { tmp = TempDirectory("team") }
    override func tearDown() { tmp.cleanUp() }

    private func repository(_ clock: SteppingClock = SteppingClock()) throws -> Repository {
        let repo = try Repository(directory: tmp.data, clock: clock.now)
        if repo.store.seq == 0 { try repo.replaceAll(with: Fixture.store()) }
        return repo
    }

    private func conflicts(_ body: () throws -> Void) -> [Conflict] {
        do { try body() } catch StoreError.conflict(let c) { return c } catch { XCTFail("not a conflict: \(error)") }
        XCTFail("no conflict")
        return []
    }

    // MARK: What a change carries

    func testAChangeIsWrittenReducedToWhatItChanges() throws {
        let repo = try repository()
        let outcome = try repo.commit(
            .setCounts(
                country: "LB", counts: [.affected: 12_000, .evacuated: 300], source: "sitrep", asOf: nil,
                expected: [.affected: 12_000, .evacuated: nil]), by: "rahim")
        guard case .setCounts(_, let counts, _, _, let expected)? = outcome.entry?.op else {
            return XCTFail("\(outcome)")
        }
        XCTAssertEqual(counts, [.evacuated: 300], "affected was already 12,000: not written")
        XCTAssertEqual(expected?.count, 1)
        XCTAssertEqual(expected?[.evacuated], .some(nil), "evacuated was unknown before, and the journal says so")
        let line = try XCTUnwrap(String(contentsOfFile: tmp.data.journal, encoding: .utf8).split(separator: "\n").last)
        XCTAssertFalse(line.contains("affected"), String(line))
    }

    func testAStaleExpectationIsAConflictNamingWhoWhenAndWhat() throws {
        let karim = try repository(SteppingClock(start: fixedNow.addingTimeInterval(600)))
        try karim.commit(
            .setCounts(
                country: "LB", counts: [.affected: 13_500], source: "", asOf: nil, expected: [.affected: 12_000]),
            by: "karim")
        let rahim = try Repository(directory: tmp.data)
        let before = try String(contentsOfFile: tmp.data.journal, encoding: .utf8)
        let c = conflicts {
            try rahim.commit(
                .setCounts(
                    country: "LB", counts: [.affected: 13_000], source: "", asOf: nil, expected: [.affected: 12_000]),
                by: "rahim")
        }
        XCTAssertEqual(c.count, 1)
        XCTAssertEqual(c.first?.by, "karim")
        XCTAssertEqual(c.first?.actual, "13,500")
        XCTAssertEqual(c.first?.expected, "12,000")
        XCTAssertEqual(c.first?.at, fixedNow.addingTimeInterval(601), "the time of karim's change")
        XCTAssertEqual(
            c.first?.description,
            "LB affected is now 13,500 (changed by karim at 2026-11-29 14:12 UTC), not 12,000 as this change expected")
        XCTAssertEqual(try String(contentsOfFile: tmp.data.journal, encoding: .utf8), before, "nothing written")
        XCTAssertEqual(rahim.store.world.countries["LB"]?.count(.affected), 13_500)
    }

    func testTheSameChangeMadeTwiceIsNoConflictAndWritesNothing() throws {
        let repo = try repository()
        try repo.commit(
            .setCounts(
                country: "LB", counts: [.affected: 13_500], source: "", asOf: nil, expected: [.affected: 12_000]),
            by: "karim")
        let again = try repo.commit(
            .setCounts(
                country: "LB", counts: [.affected: 13_500], source: "", asOf: nil, expected: [.affected: 12_000]),
            by: "rahim")
        guard case .unchanged(let why) = again else { return XCTFail("\(again)") }
        XCTAssertTrue(why.contains("affected 13,500 already"), why)
    }

    func testFieldsOfOneRecordEditedByTwoPeopleBothStay() throws {
        let a = try repository()
        let b = try Repository(directory: tmp.data)
        // Both saw the fixture's crisis; one changes the title, the other the phase.
        try a.commit(
            .updateCrisis(
                id: Fixture.crisisId, patch: CrisisPatch(title: "Lebanon 2026"),
                expected: CrisisPatch(title: "Lebanon test")), by: "rahim")
        try b.commit(
            .updateCrisis(
                id: Fixture.crisisId, patch: CrisisPatch(phase: .recovery), expected: CrisisPatch(phase: .evacuation)),
            by: "karim")
        let c = try XCTUnwrap(Repository(directory: tmp.data, readOnly: true).store.world.crises[Fixture.crisisId])
        XCTAssertEqual(c.title, "Lebanon 2026")
        XCTAssertEqual(c.phase, .recovery)
        // A stale title is refused, naming the colleague.
        let conflict = conflicts {
            try b.commit(
                .updateCrisis(
                    id: Fixture.crisisId, patch: CrisisPatch(title: "Beirut"),
                    expected: CrisisPatch(title: "Lebanon test")), by: "karim")
        }
        XCTAssertEqual(conflict.first?.field, "title")
        XCTAssertEqual(conflict.first?.by, "rahim")
        XCTAssertEqual(conflict.first?.actual, "'Lebanon 2026'")
    }

    func testContactsArePatchedFieldByField() throws {
        let a = try repository()
        let b = try Repository(directory: tmp.data)
        try a.commit(
            .patchContact(
                id: "c1", patch: ContactPatch(phones: ["+961 3 000 009"]),
                expected: ContactPatch(phones: ["+961 3 000 001"])), by: "rahim")
        try b.commit(
            .patchContact(id: "c1", patch: ContactPatch(duty: .offDuty), expected: ContactPatch(duty: .onDuty)),
            by: "karim")
        let c = try XCTUnwrap(Repository(directory: tmp.data, readOnly: true).store.world.contacts["c1"])
        XCTAssertEqual(c.phones, ["+961 3 000 009"])
        XCTAssertEqual(c.duty, .offDuty)
        // A whole contact sent the first wave's way is written as a patch of what differs.
        var whole = c
        whole.role = "Head of chancery"
        let outcome = try a.commit(.updateContact(whole), by: "rahim")
        XCTAssertEqual(
            outcome.entry?.op, .patchContact(id: "c1", patch: ContactPatch(role: "Head of chancery"), expected: nil))
    }

    // MARK: Changes that change nothing

    func testReTickingADoneItemWritesNothingAndSaysWhoDidIt() throws {
        let repo = try repository(SteppingClock(start: fixedNow.addingTimeInterval(-6 * 86_400)))
        try repo.commit(.setItemStatus(owner: .crisis(Fixture.crisisId), item: "a", status: .done), by: "karim")
        let lines = repo.journalLineCount
        let zed = try Repository(directory: tmp.data)
        let outcome = try zed.commit(
            .setItemStatus(owner: .crisis(Fixture.crisisId), item: "a", status: .done), by: "zed")
        guard case .unchanged(let why) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(
            why, "\"Crisis team activated\" is already done by karim at 2026-11-23 14:02 UTC; nothing changed")
        XCTAssertEqual(zed.journalLineCount, lines)
        XCTAssertEqual(zed.store.world.crises[Fixture.crisisId]?.checklist[0].doneBy, "karim", "history kept")
        let untick = try zed.commit(
            .setItemStatus(owner: .crisis(Fixture.crisisId), item: "b", status: .open), by: "zed")
        XCTAssertEqual(untick, .unchanged("\"Registration opened\" is already open; nothing changed"))
    }

    func testEveryKindOfNoChangeWritesNothing() throws {
        let repo = try repository()
        try repo.commit(.setAlert(country: "LB", level: .restriction, reason: "strikes"), by: "karim")
        let seq = repo.store.seq
        let same: [StoreOperation] = [
            .setAlert(country: "LB", level: .restriction, reason: "again"),
            .setCounts(country: "LB", counts: [.affected: 12_000], source: "again", asOf: nil),
            .updateCrisis(id: Fixture.crisisId, patch: CrisisPatch(title: "Lebanon test", severity: 4)),
            .updateItem(owner: .crisis(Fixture.crisisId), item: "a", patch: ItemPatch(text: "Crisis team activated")),
            .patchContact(id: "c1", patch: ContactPatch(name: "Ayesha Rahman")),
            .updateContact(Fixture.contact()),
            .setCell(CellSettings()),
            .addCountry(code: "LB"),
        ]
        for op in same {
            guard case .unchanged(let why) = try repo.commit(op, by: "zed") else {
                return XCTFail("\(op) wrote something")
            }
            XCTAssertTrue(why.hasSuffix("nothing changed"), why)
        }
        XCTAssertEqual(repo.store.seq, seq)
        XCTAssertTrue(
            try repo.commit([.setAlert(country: "LB", level: .restriction, reason: "x")], by: "zed").isEmpty,
            "a batch of nothing")
    }

    // MARK: Undo between two writers

    func testUndoRestoresOnlyWhatIsStillMineAndRedoDoesItAgain() throws {
        let a = try repository()
        let b = try Repository(directory: tmp.data)
        let mine = StoreOperation.setCounts(
            country: "LB", counts: [.affected: 13_000], source: "", asOf: nil, expected: [.affected: 12_000])
        try a.commit(mine, by: "rahim")
        let undo = try XCTUnwrap(StoreOperationInverse.of(mine))
        // Nobody changed it since: undo puts 12,000 back.
        try a.commit(undo, by: "rahim")
        XCTAssertEqual(a.store.world.countries["LB"]?.count(.affected), 12_000)
        try a.commit(mine, by: "rahim") // redo: expects the 12,000 the undo put back
        XCTAssertEqual(a.store.world.countries["LB"]?.count(.affected), 13_000)
        // Now karim sets 13,500: rahim's undo is a conflict naming him, and writes nothing.
        try b.commit(
            .setCounts(
                country: "LB", counts: [.affected: 13_500], source: "", asOf: nil, expected: [.affected: 13_000]),
            by: "karim")
        let c = conflicts { try a.commit(undo, by: "rahim") }
        XCTAssertEqual(c.first?.by, "karim")
        XCTAssertEqual(c.first?.actual, "13,500")
        XCTAssertEqual(a.store.world.countries["LB"]?.count(.affected), 13_500)
    }

    func testDeletingWhatSomeoneChangedSinceIsAConflict() throws {
        let a = try repository()
        let b = try Repository(directory: tmp.data)
        let seen = try XCTUnwrap(a.store.world.contacts["c1"])
        try b.commit(
            .patchContact(
                id: "c1", patch: ContactPatch(phones: ["+961 3 999 999"]), expected: ContactPatch(phones: seen.phones)),
            by: "karim")
        let c = conflicts { try a.commit(.deleteContact(id: "c1", expected: seen), by: "rahim") }
        XCTAssertEqual(c.first?.by, "karim")
        XCTAssertNotNil(a.store.world.contacts["c1"])
        let item = try XCTUnwrap(a.store.world.crises[Fixture.crisisId]?.checklist[0])
        try b.commit(
            .setItemStatus(owner: .crisis(Fixture.crisisId), item: "a", status: .done, expected: .open), by: "karim")
        XCTAssertFalse(
            conflicts {
                try a.commit(.deleteItem(owner: .crisis(Fixture.crisisId), item: "a", expected: item), by: "rahim")
            }.isEmpty)
    }

    // MARK: Which counts contain which

    func testRulesFollowTheDomain() throws {
        var s = Fixture.store() // LB: stock 90,000, registered 1,800, affected 12,000
        func ok(_ counts: [CountKind: Int]) throws {
            guard case .change(let op) = try s.prepare(.setCounts(country: "LB", counts: counts, source: "", asOf: nil))
            else { return }
            try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op))
        }
        // Undocumented nationals are evacuated without having registered: more evacuated than registered is true.
        try ok([.evacuated: 1_900, .returned: 1_850, .inTransit: 50])
        XCTAssertEqual(s.world.countries["LB"]?.count(.evacuated), 1_900)
        // The stock estimate is rough: more affected than it says is allowed (and warned about elsewhere).
        try ok([.affected: 95_000])
        XCTAssertEqual(
            CountRules.aboveStock(s.world.countries["LB"]!.counts.mapValues(\.value)).map(\.kind), [.affected])
        // The funnel nests: home and in transit within those who left; those who left within the affected.
        XCTAssertThrowsError(try ok([.returned: 1_901]))
        XCTAssertThrowsError(try ok([.inTransit: 1_901]))
        XCTAssertThrowsError(try ok([.affected: 1_000]))
        XCTAssertThrowsError(try ok([.dead: 95_001]))
        XCTAssertThrowsError(try ok([.sheltered: 95_001]))
    }

    // MARK: Provenance survives the files

    func testStampsSurviveSnapshotsAndTheFastReaderAgrees() throws {
        let repo = try repository()
        try repo.commit(
            .updateCrisis(
                id: Fixture.crisisId, patch: CrisisPatch(summary: "two buses"), expected: CrisisPatch(summary: "test")),
            by: "nasrin")
        try repo.commit(
            .patchContact(id: "c1", patch: ContactPatch(role: "Consul"), expected: ContactPatch(role: "Counsellor")),
            by: "karim")
        try repo.compact()
        let loaded = try Repository(directory: tmp.data, readOnly: true).store
        XCTAssertEqual(loaded.world.stamps[StampKey.crisis(Fixture.crisisId, "summary")]?.by, "nasrin")
        XCTAssertEqual(loaded.world.stamps[StampKey.contact("c1", "role")]?.by, "karim")
        XCTAssertEqual(loaded, repo.store)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tmp.data.snapshot))
        let viaFoundation = try JSONCoding.decoder().decode(SnapshotFile.self, from: bytes)
        XCTAssertEqual(viaFoundation.world, loaded.world, "JSONDecoder reads the same stamps")
        var reencoded = try JSONCoding.encoder(pretty: true).encode(viaFoundation)
        reencoded.append(10)
        XCTAssertEqual(reencoded, bytes, "the snapshot writer gives JSONEncoder's bytes, stamps included")
    }
}

/// Test helper: the undo of a change, from the console's own function (kept in CrisisUI); the core test only
/// needs the counts case, written out here so the model tests stay free of the UI.
enum StoreOperationInverse {
    static func of(_ op: StoreOperation) -> StoreOperation? {
        guard case .setCounts(let code, let counts, _, _, let expected?) = op else { return nil }
        var old: [CountKind: Int] = [:]
        var now: [CountKind: Int?] = [:]
        for (k, v) in counts {
            guard let e = expected[k], let value = e else { return nil }
            old[k] = value
            now.updateValue(v, forKey: k)
        }
        return .setCounts(country: code, counts: old, source: "undo", asOf: nil, expected: now)
    }
}
