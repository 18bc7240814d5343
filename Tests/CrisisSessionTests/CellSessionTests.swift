import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// The session both loops share, without a terminal: saving, keeping what the disk refused and retrying it in
/// order, last-seen, others' changes, the link's news, and import preparation.
final class CellSessionTests: XCTestCase {
    private var tmp: TempDirectory!
    private var double: StoreDouble!
    private var session: CellSession<String>!

    override func setUpWithError() throws {
        tmp = TempDirectory()
        double = try StoreDouble(tmp.data)
        session = CellSession(store: double, operatorName: "rahim", announcesPresence: false)
        _ = session.save([.addCountry(code: "LB")])
    }

    private func log(_ text: String) -> [StoreOperation] { [.log(crisis: nil, kind: .sitrep, text: text)] }

    func testASavedChangeIsDurableBeforeItIsReported() throws {
        guard case .saved(let entries) = session.save(log("first")) else { return XCTFail("not saved") }
        XCTAssertEqual(entries.count, 1)
        let reread = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(reread.store.seq, double.store.seq, "the journal holds it once it is said to be saved")
        guard case .unchanged = session.save([.addCountry(code: "LB")]) else {
            return XCTFail("a change of nothing writes nothing")
        }
    }

    func testChangesTheDiskRefusedWaitAndAreSavedInOrderWhenItTakesWritesAgain() throws {
        double.diskFull = true
        let t0 = Date(timeIntervalSince1970: 2_000_000_000)
        guard case .failed(let why) = session.saveOrKeep(log("one"), tag: "one", now: t0) else {
            return XCTFail("not refused")
        }
        XCTAssertTrue(why.contains("No space left on device"), why)
        _ = session.saveOrKeep(log("two"), tag: "two", now: t0)
        XCTAssertEqual(session.waiting.map(\.tag), ["one", "two"])
        XCTAssertNil(session.retryWaiting(now: t0.addingTimeInterval(1)), "not tried again within the interval")
        let still = try XCTUnwrap(session.retryWaiting(now: t0.addingTimeInterval(3)))
        XCTAssertEqual(still.waiting, 2)
        XCTAssertNotNil(still.stillFailing)
        double.diskFull = false
        let retry = try XCTUnwrap(session.retryWaiting(now: t0.addingTimeInterval(6)))
        XCTAssertEqual(retry.settled.map(\.1), ["one", "two"])
        XCTAssertEqual(retry.waiting, 0)
        XCTAssertEqual(double.store.world.events.suffix(2).map(\.text), ["one", "two"], "in the order they were made")
    }

    /// Kept through a full disk for ten minutes: the log dates it when it was made and says when it was saved.
    func testAChangeThatWaitedForTheDiskIsDatedWhenItWasMade() throws {
        double.diskFull = true
        let made = Timestamp.rounded(CellClock.now().addingTimeInterval(-600))
        _ = session.saveOrKeep(log("made ten minutes ago"), tag: "late", now: made)
        double.diskFull = false
        let retry = try XCTUnwrap(session.retryWaiting(now: made.addingTimeInterval(600)))
        XCTAssertEqual(retry.waiting, 0)
        let e = try XCTUnwrap(double.store.world.events.last)
        XCTAssertEqual(e.time, made)
        XCTAssertEqual(try XCTUnwrap(e.sentAt).timeIntervalSince(made), 600, accuracy: 5)
        let reread = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(reread.store.world.events.last, e, "the journal keeps both times")
        try double.inner.compact()
        let fromSnapshot = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(fromSnapshot.store.world.events.last, e, "and so does the snapshot")
    }

    func testAWaitingChangeThatNoLongerFitsIsRefusedNotForcedThrough() throws {
        double.diskFull = true
        let t0 = Date(timeIntervalSince1970: 2_000_000_000)
        let raise = StoreOperation.setAlert(
            country: "LB", level: .restriction, reason: "shelling", expected: AlertLevel.none)
        _ = session.saveOrKeep([raise], tag: "raise", now: t0)
        double.diskFull = false
        _ = try double.inner.commit(
            .setAlert(country: "LB", level: .mandatoryEvacuation, reason: "airport shut", expected: AlertLevel.none),
            by: "karim")
        let retry = try XCTUnwrap(session.retryWaiting(now: t0.addingTimeInterval(3)))
        guard case .refused(.conflict)? = retry.settled.first?.0 else { return XCTFail("\(retry.settled)") }
        XCTAssertEqual(double.store.world.countries["LB"]?.alertLevel, .mandatoryEvacuation, "karim's change stands")
    }

    func testChangesStillWaitingAtExitAreKeptInAFileOutsideTheDirectory() throws {
        double.diskFull = true
        _ = session.saveOrKeep(log("kept"), tag: "kept")
        let kept = try XCTUnwrap(session.keepWaiting())
        XCTAssertEqual(kept.count, 1)
        let path = try XCTUnwrap(kept.path, kept.problem ?? "")
        XCTAssertFalse(path.hasPrefix(tmp.data.path + "/"), "not in the directory that refused it: \(path)")
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("kept"))
        try? FileManager.default.removeItem(atPath: path)
    }

    func testSinceLastLookedIsNothingTheFirstTimeThenOthersChangesOnly() throws {
        XCTAssertNil(session.changesSince(), "the first time there is no point to count from")
        session.markSeen()
        _ = session.save(log("mine"))
        _ = try double.inner.commit(.log(crisis: nil, kind: .sitrep, text: "karim's"), by: "karim")
        let changes = try XCTUnwrap(session.changesSince())
        XCTAssertEqual(changes.lines.count, 1, "\(changes.lines)")
        XCTAssertNotNil(session.lastLooked)
    }

    func testAFailedReadIsSaidOnceAndItsRecoveryToo() throws {
        double.failingReads = tmp.data.journal
        guard case .failed(let problem) = session.follow() else { return XCTFail("the failure is said") }
        XCTAssertTrue(problem.contains("journal"), problem)
        guard case .quiet = session.follow() else { return XCTFail("said once, not every look") }
        XCTAssertNotNil(session.followProblem)
        double.failingReads = nil
        guard case .recovered = session.follow() else { return XCTFail("recovery is said") }
        XCTAssertNil(session.followProblem)
    }

    func testTheLinksNewsSaysEachRefusalOnceAndWhenItGoesDownAndComesBack() throws {
        XCTAssertNil(session.linkNews(), "a directory has no link")
        let t = Date(timeIntervalSince1970: 2_000_000_000)
        double.linkStatus = LinkStatus(online: true, since: t)
        let first = try XCTUnwrap(session.linkNews())
        XCTAssertTrue(first.first)
        double.linkStatus = LinkStatus(
            online: false, since: t, waiting: 2, refused: ["LB's level was changed by karim"])
        let down = try XCTUnwrap(session.linkNews())
        XCTAssertTrue(down.wentDown)
        XCTAssertEqual(down.newlyRefused, ["LB's level was changed by karim"])
        XCTAssertTrue(down.settleCommand.contains("crisiscell outbox --data \(tmp.data.path)"), down.settleCommand)
        double.linkStatus?.online = true
        let back = try XCTUnwrap(session.linkNews())
        XCTAssertTrue(back.cameBack)
        XCTAssertEqual(back.newlyRefused, [], "a refusal is news once")
    }

    func testAnImportIsPreparedAgainstTheStoreAndNothingIsSaved() throws {
        let file = tmp.path + "/counts.csv"
        try "country,kind,value,source\nLB,evacuated,40,flight 19\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let seq = double.store.seq
        let prepared = try session.prepareImport(.counts, path: file, country: "")
        XCTAssertEqual(prepared.title, "counts.csv")
        XCTAssertEqual(prepared.rows, 1)
        guard case .setCounts(let country, let counts, _, _, _)? = prepared.operations.first else {
            return XCTFail("\(prepared.operations)")
        }
        XCTAssertEqual(country, "LB")
        XCTAssertEqual(counts[.evacuated], 40)
        XCTAssertEqual(double.store.seq, seq, "a preview saves nothing")
        XCTAssertThrowsError(try session.prepareImport(.contacts, path: file, country: "Atlantis")) { error in
            XCTAssertTrue("\(error)".contains("'Atlantis' is not a country"), "\(error)")
        }
        XCTAssertThrowsError(try session.prepareImport(.counts, path: tmp.path + "/none.csv", country: "")) { error in
            XCTAssertTrue("\(error)".contains("none.csv"), "\(error)")
        }
    }
}
