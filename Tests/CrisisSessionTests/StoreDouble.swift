import CrisisModel
import CrisisStorage
import Foundation

/// A real directory store whose disk can be made to refuse writes, and whose link (as a database site's would
/// be) can be set: what the session must cope with, on demand.
final class StoreDouble: CellStore {
    let inner: Repository
    /// While set, every save fails as a full disk would.
    var diskFull = false
    var failingReads: String?
    var linkStatus: LinkStatus?

    init(_ directory: DataDirectory) throws {
        try directory.prepare()
        inner = try Repository(directory: directory)
    }

    var store: Store { inner.store }
    var warnings: [String] { inner.warnings }
    var readOnly: Bool { inner.readOnly }
    var snapshotProblem: String? { inner.snapshotProblem }
    var directory: DataDirectory { inner.directory }
    var recordedOperator: String? { nil }
    var wakeDescriptor: Int32? { nil }
    var link: LinkStatus? { linkStatus }
    var othersPresent: [String]? { nil }
    var writeRefusal: String? { nil }

    private func refuseIfFull() throws {
        if diskFull { throw PersistenceError.io(path: inner.directory.journal, action: "fsync", errno: ENOSPC) }
    }
    func commit(_ op: StoreOperation, by who: String) throws -> Repository.Outcome {
        try refuseIfFull()
        return try inner.commit(op, by: who)
    }
    func commit(_ ops: [StoreOperation], by who: String) throws -> [JournalEntry] {
        try refuseIfFull()
        return try inner.commit(ops, by: who)
    }
    func save(_ ops: [StoreOperation], by who: String, madeAt: Date?) throws -> SaveResult {
        try refuseIfFull()
        return try inner.save(ops, by: who, madeAt: madeAt)
    }
    func waitingToSend() throws -> [WaitingChange] { [] }
    func settleWaiting(_ id: String, keepMine: Bool) throws -> Bool {
        try inner.settleWaiting(id, keepMine: keepMine)
    }
    func refresh() throws -> [JournalEntry] {
        if let failingReads { throw PersistenceError.io(path: failingReads, action: "read", errno: EIO) }
        return try inner.refresh()
    }
    func compact() throws { try inner.compact() }
    func replaceAll(with newStore: Store) throws { try inner.replaceAll(with: newStore) }
    var compactsInline: Bool {
        get { inner.compactsInline }
        set { inner.compactsInline = newValue }
    }
    var wantsSnapshot: Bool { inner.wantsSnapshot }
    func startBackgroundSnapshot() { inner.startBackgroundSnapshot() }
    func finishBackgroundSnapshot(wait: Bool) throws -> Bool { try inner.finishBackgroundSnapshot(wait: wait) }
}
