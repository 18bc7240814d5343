import CrisisModel
import Foundation
import TestSupport
import XCTest

/// A change made offline is dated when it was made, but what it leaves must agree with where it stands: the
/// since-you-last-looked summary finds it by its arrival, a figure's history puts it where its value stands,
/// and a crisis's "updated" never goes back.
final class OfflineTimeTests: XCTestCase {
    private var store = DemoWorld.store(now: fixedNow)
    private let sent = Timestamp.rounded(fixedNow.addingTimeInterval(3600))

    private func arrive(_ op: StoreOperation, by who: String, madeMinutesBefore minutes: Double?) throws {
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: sent, operator: who, op: op,
                madeAt: minutes.map { sent.addingTimeInterval(-$0 * 60) }))
    }

    func testAChangeMadeBeforeTheLookButArrivingAfterItIsStillNews() throws {
        let mark = (seq: store.seq, time: sent.addingTimeInterval(-30 * 60))
        let crisis = try XCTUnwrap(store.world.crises["lb-escalation"])
        let item = try XCTUnwrap(crisis.checklist.first { $0.status == .open })
        try arrive(
            .setItemStatus(owner: .crisis(crisis.id), item: item.id, status: .done, expected: .open), by: "karim",
            madeMinutesBefore: 66)
        try arrive(
            .setAlert(country: "KW", level: .mandatoryEvacuation, reason: "offline raise", expected: nil), by: "karim",
            madeMinutesBefore: 50)
        let changes = store.world.changes(since: mark.seq, time: mark.time, excluding: "rahim") { $0 }
        XCTAssertTrue(changes.lines.contains { $0.kind == .tick && $0.text.contains(item.text) }, "\(changes.lines)")
        XCTAssertTrue(changes.lines.contains { $0.kind == .alert && $0.text.contains("offline raise") })
        // Seen already (a point after its arrival): not news again.
        let later = store.world.changes(since: store.seq, time: sent, excluding: "rahim") { $0 }
        XCTAssertTrue(later.lines.isEmpty, "\(later.lines)")
    }

    func testAFigureMadeOfflineStandsInTheHistoryWhereItsValueStands() throws {
        let before = try XCTUnwrap(store.world.countries["LB"]?.count(.affected))
        // A colleague sets 12,900 at 10:30; mine, made at 09:35 with no expectation, arrives at 10:41.
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: sent.addingTimeInterval(-11 * 60), operator: "nasrin",
                op: .setCounts(country: "LB", counts: [.affected: 12_900], source: "", asOf: nil)))
        try arrive(
            .setCounts(country: "LB", counts: [.affected: 13_000], source: "", asOf: nil), by: "karim",
            madeMinutesBefore: 66)
        let lb = try XCTUnwrap(store.world.countries["LB"])
        XCTAssertEqual(lb.count(.affected), 13_000)
        let last = try XCTUnwrap(lb.countHistory.last { $0.kind == .affected })
        XCTAssertEqual(last.value, 13_000, "the history ends with the value the figure holds")
        XCTAssertEqual(last.previous, 12_900)
        XCTAssertNotEqual(before, 13_000)
        // The crisis was last changed by nasrin's 10:30 (mine is dated 09:35), and a late tick made at 09:35 does
        // not move it back.
        let colleague = sent.addingTimeInterval(-11 * 60)
        XCTAssertEqual(store.world.crises["lb-escalation"]?.updated, colleague)
        let crisis = try XCTUnwrap(store.world.crises["lb-escalation"])
        let item = try XCTUnwrap(crisis.checklist.first { $0.status == .open })
        try arrive(
            .setItemStatus(owner: .crisis(crisis.id), item: item.id, status: .done, expected: .open), by: "karim",
            madeMinutesBefore: 66)
        XCTAssertEqual(store.world.crises["lb-escalation"]?.updated, colleague)
    }
}
