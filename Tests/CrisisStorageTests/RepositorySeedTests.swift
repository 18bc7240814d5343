import CrisisModel
import Foundation
import TestSupport
import XCTest

@testable import CrisisStorage

/// A cache seeded from a database's snapshot: the store is there at once, its file lands later, and until then
/// the directory on disk is either empty or whole, never a journal without the snapshot under it.
final class RepositorySeedTests: XCTestCase {
    var tmp: TempDirectory!
    override func setUp() { tmp = TempDirectory("seed") }
    override func tearDown() { tmp.cleanUp() }

    /// The database's snapshot at operation 40, and the operations the database numbered after it.
    private func database(after count: Int) throws -> (snapshot: Store, operations: [JournalEntry], head: Store) {
        let snapshot = Store(world: Fixture.store().world, seq: 40)
        var head = snapshot
        var operations: [JournalEntry] = []
        for n in 0..<count {
            operations += try head.applyNew(
                [.log(crisis: nil, kind: .sitrep, text: "from the database \(n)")], by: "karim",
                at: fixedNow.addingTimeInterval(Double(n))
            ).entries
        }
        return (snapshot, operations, head)
    }

    private func onDisk() throws -> Store { try Repository(directory: tmp.data, readOnly: true).store }

    /// A repository whose background writes wait for `gate`, so what happens meanwhile can be seen.
    private func held(_ gate: DispatchSemaphore) throws -> Repository {
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        repo.backgroundGate = gate
        return repo
    }

    /// A held repository already seeded with the database's snapshot (its write waiting for the gate).
    private func seededAndHeld(_ snapshot: Store) throws -> (Repository, DispatchSemaphore) {
        let gate = DispatchSemaphore(value: 0)
        let repo = try held(gate)
        XCTAssertTrue(try repo.seed(with: snapshot))
        return (repo, gate)
    }

    func testASeedIsThereAtOnceAndOnDiskOnlyWholeWithWhatWasMirroredMeanwhile() throws {
        let db = try database(after: 3)
        let gate = DispatchSemaphore(value: 0)
        let repo = try held(gate)
        XCTAssertTrue(try repo.seed(with: db.snapshot))
        XCTAssertEqual(repo.store.seq, 40)
        XCTAssertEqual(try repo.mirror(db.operations).count, 3)
        XCTAssertEqual(repo.store, db.head)
        XCTAssertTrue(repo.isSeeding)
        XCTAssertEqual(try onDisk().seq, 0, "nothing on disk before the snapshot lands: no journal without it")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.data.journal))
        XCTAssertEqual(try repo.refresh(), [], "nothing to land while the file is being written")
        XCTAssertTrue(repo.isSeeding)

        gate.signal()
        XCTAssertTrue(try repo.finishBackgroundSnapshot(wait: true))
        XCTAssertFalse(repo.isSeeding)
        XCTAssertEqual(try onDisk(), db.head, "the snapshot and the held operations after it")
        XCTAssertEqual(repo.journalLineCount, 3, "the snapshot is the seed's, at 40; 41 to 43 follow it")

        // From here it is an ordinary cache: a mirrored operation goes to the journal at once.
        var more = db.head
        let next = try more.applyNew([.log(crisis: nil, kind: .sitrep, text: "later")], by: "karim", at: fixedNow)
        try repo.mirror(next.entries)
        XCTAssertEqual(try onDisk(), more)
        XCTAssertEqual(repo.journalLineCount, 4)
    }

    func testOperationsMirroredWhileTheSnapshotIsWrittenFollowItInTheJournal() throws {
        let db = try database(after: 4)
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        try repo.seed(with: db.snapshot)
        try repo.mirror(Array(db.operations.prefix(1)))
        repo.startBackgroundSnapshot() // already writing: the seed's job stays the one
        try repo.mirror(Array(db.operations.dropFirst()))
        try repo.finishBackgroundSnapshot(wait: true)
        XCTAssertEqual(try onDisk(), db.head)
        let journal = try String(contentsOfFile: tmp.data.journal, encoding: .utf8)
        XCTAssertEqual(journal.split(separator: "\n").count, 4, "the snapshot is of operation 40; 41 to 44 follow")
    }

    func testAProcessKilledBeforeTheSeedLandsLeavesTheDirectoryEmptyAndItIsSeededAgain() throws {
        let db = try database(after: 2)
        let gate = DispatchSemaphore(value: 0)
        do {
            let repo = try held(gate)
            try repo.seed(with: db.snapshot)
            try repo.mirror(db.operations)
            // Gone without finishing, as a killed process is: the half-written file is its own.
        }
        XCTAssertEqual(try onDisk().seq, 0)
        gate.signal()
        let again = try Repository(directory: tmp.data, clock: SteppingClock().now)
        XCTAssertTrue(try again.seed(with: db.snapshot))
        try again.mirror(db.operations)
        try again.finishBackgroundSnapshot(wait: true)
        XCTAssertEqual(try onDisk(), db.head)
    }

    func testALocalCommitOrACompactionWhileSeedingWritesTheWholeStoreFirst() throws {
        let db = try database(after: 2)
        let (repo, gate) = try seededAndHeld(db.snapshot)
        try repo.mirror(db.operations)
        XCTAssertTrue(repo.isSeeding)
        let saved = try repo.commit(.log(crisis: nil, kind: .sitrep, text: "here"), by: "rahim")
        XCTAssertEqual(saved.entry?.seq, 43)
        XCTAssertFalse(repo.isSeeding)
        XCTAssertEqual(try onDisk(), repo.store)
        // The seed's own job finds a newer snapshot in place and leaves it.
        gate.signal()
        try repo.finishBackgroundSnapshot(wait: true)
        XCTAssertEqual(try onDisk(), repo.store)
        XCTAssertEqual(try onDisk().seq, 43)
    }

    func testASeedLandsByItselfForAProcessThatOnlyRefreshesAndMirrors() throws {
        let db = try database(after: 2)
        let (repo, gate) = try seededAndHeld(db.snapshot)
        try repo.mirror(Array(db.operations.prefix(1)))
        gate.signal()
        let deadline = Date().addingTimeInterval(20)
        while repo.isSeeding && Date() < deadline {
            _ = try repo.refresh()
            usleep(10_000)
        }
        XCTAssertFalse(repo.isSeeding, "a feeds fetcher never tends snapshots; its refreshes land the seed")
        try repo.mirror(Array(db.operations.dropFirst()))
        XCTAssertEqual(try onDisk(), db.head)
    }

    func testANewerRecordAnotherProcessWroteWhileSeedingIsFollowedNotOverwritten() throws {
        let db = try database(after: 6)
        let (seeding, gate) = try seededAndHeld(db.snapshot)
        try seeding.mirror(Array(db.operations.prefix(2)))
        // A command fills the directory meanwhile, further on, and goes on writing after it.
        let command = try Repository(directory: tmp.data, clock: SteppingClock().now)
        var further = db.snapshot
        for entry in db.operations.prefix(5) { try further.apply(entry) }
        try command.replaceAll(with: further)
        try command.mirror(Array(db.operations.dropFirst(5)))
        // The seeding console quits (its own write still held): its last snapshot follows the newer record.
        try seeding.compact()
        XCTAssertEqual(seeding.store, db.head)
        XCTAssertEqual(try onDisk(), db.head)
        gate.signal()
        try seeding.finishBackgroundSnapshot(wait: true)
        XCTAssertEqual(try onDisk(), db.head)
    }

    func testASnapshotThatCannotBeInstalledLeavesNoFileAndWaitsBeforeTheNextTry() throws {
        let db = try database(after: 1)
        let (repo, gate) = try seededAndHeld(db.snapshot)
        try "{ not a snapshot".write(toFile: tmp.data.snapshot, atomically: true, encoding: .utf8)
        gate.signal()
        XCTAssertThrowsError(try repo.finishBackgroundSnapshot(wait: true))
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.data.path).filter { $0.contains(".next-") }
        XCTAssertEqual(left, [], "the written file is removed")
        XCTAssertNotNil(repo.snapshotProblem)
        XCTAssertFalse(repo.wantsSnapshot, "not tried again at once: each try writes the whole store")
        XCTAssertTrue(repo.isSeeding, "still held in memory; the database keeps it too")
    }

    func testASeedIsRefusedWhereTheDirectoryAlreadyHoldsARecord() throws {
        let db = try database(after: 1)
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        try repo.replaceAll(with: db.snapshot)
        XCTAssertFalse(try repo.seed(with: db.head))
        XCTAssertEqual(repo.store.seq, 40)
        XCTAssertFalse(repo.isSeeding)
    }

    func testTwoProcessesSeedingOneDirectoryAtOnceLeaveItWholeWhicheverLandsFirst() throws {
        for firstLands in [true, false] {
            tmp.cleanUp()
            tmp = TempDirectory("seed")
            let db = try database(after: 5)
            let gate = DispatchSemaphore(value: 0)
            let early = try held(gate)
            let late = try held(gate)
            try early.seed(with: db.snapshot)
            try early.mirror(Array(db.operations.prefix(2)))
            var later = db.snapshot
            for entry in db.operations.prefix(3) { try later.apply(entry) }
            XCTAssertTrue(try late.seed(with: later), "it saw an empty directory too")
            try late.mirror(Array(db.operations.dropFirst(3)))
            XCTAssertEqual(try onDisk().seq, 0)
            gate.signal()
            gate.signal()
            let order = firstLands ? [early, late] : [late, early]
            for repo in order { try repo.finishBackgroundSnapshot(wait: true) }
            XCTAssertEqual(try onDisk(), db.head, "first lands: \(firstLands ? "the older seed" : "the newer")")
            try early.mirror(db.operations)
            XCTAssertEqual(early.store, db.head)
        }
    }
}
