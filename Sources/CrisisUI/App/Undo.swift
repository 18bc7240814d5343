import CrisisModel
import Foundation

/// One of this console's own changes, as it can be taken back and done again. Both directions are edits like
/// any other: they carry what they expect to find, so an undo never overwrites what a colleague did since.
public struct UndoEntry: Equatable, Sendable {
    /// Puts back what the change replaced, expecting the values the change left.
    public var undo: [StoreOperation]
    /// Does the change again, expecting the values the undo put back.
    public var redo: [StoreOperation]

    /// The entry for changes as they were asked for, or nil when they cannot be taken back (a log entry stays:
    /// the log is a record; a count cannot go back to "unknown").
    public init?(_ ops: [StoreOperation]) {
        let inverses = ops.map(inverse(of:))
        guard !ops.isEmpty, inverses.allSatisfy({ $0 != nil }) else { return nil }
        undo = inverses.compactMap { $0 }.reversed()
        redo = ops
    }
}

/// The operation that puts back what `op` replaced, from what `op` says it expects to replace.
/// Nil where there is no way back.
public func inverse(of op: StoreOperation) -> StoreOperation? {
    switch op {
    case .setItemStatus(let owner, let id, let status, let expected):
        return expected.map { .setItemStatus(owner: owner, item: id, status: $0, expected: status) }
    case .setCounts(let code, let counts, _, _, let expected):
        guard let expected else { return nil }
        var old: [CountKind: Int] = [:]
        var now: [CountKind: Int?] = [:]
        for (k, v) in counts {
            // A count that was unknown before cannot be made unknown again.
            guard let before = expected[k], let value = before else { return nil }
            old[k] = value
            now.updateValue(v, forKey: k)
        }
        return .setCounts(country: code, counts: old, source: "undo", asOf: nil, expected: now)
    case .setAlert(let code, let level, _, let expected):
        return expected.map {
            .setAlert(country: code, level: $0, reason: "undo of the change to \(level.tag)", expected: level)
        }
    case .updateCrisis(let id, let patch, let expected):
        return expected.map { .updateCrisis(id: id, patch: $0, expected: patch) }
    case .updateItem(let owner, let id, let patch, let expected):
        return expected.map { .updateItem(owner: owner, item: id, patch: $0, expected: patch) }
    case .patchContact(let id, let patch, let expected):
        return expected.map { .patchContact(id: id, patch: $0, expected: patch) }
    case .setCell(let settings, let expected):
        return expected.map { .setCell($0, expected: settings) }
    case .addCrisis(let c): return .deleteCrisis(id: c.id, expected: c)
    case .deleteCrisis(_, let expected): return expected.map { .addCrisis($0) }
    case .addItem(let owner, let item): return .deleteItem(owner: owner, item: item.id, expected: item)
    case .deleteItem(let owner, _, let expected): return expected.map { .addItem(owner: owner, item: $0) }
    case .addContact(let c): return .deleteContact(id: c.id, expected: c)
    case .deleteContact(_, let expected): return expected.map { .addContact($0) }
    case .followFeed(let feed, let expected):
        return expected.map { .followFeed($0, expected: feed) } ?? .unfollowFeed(name: feed.name, expected: feed)
    case .unfollowFeed(_, let expected): return expected.map { .followFeed($0) }
    case .triageIncoming(let key, let status, _, _, let expected):
        // Back to untriaged only: the earlier decision's reason and crisis are not in the change.
        return expected == .new ? .triageIncoming(key: key, status: .new, expected: status) : nil
    case .addCountry, .log, .updateContact, .receiveItems: return nil
    }
}
