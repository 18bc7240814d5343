import CrisisModel
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store bound to a data directory. Every change is appended to the journal and fsynced before
/// it is applied in memory, so anything a caller was told is done survives a crash. Several processes
/// may share one directory: appends and snapshots happen under an exclusive lock, after catching up
/// with what others wrote, and the sequence number makes replay exactly-once.

/// Snapshots written on another thread, so a long one never holds up a key press: started when due, collected
/// when done; the journal holds everything meanwhile.
extension Repository {
    /// True when the journal is long enough that a snapshot is due (and a failed one has waited long enough).
    public var wantsSnapshot: Bool {
        !readOnly && background == nil && (journalLines >= compactThreshold || seedHeld != nil) && snapshotMayBeTried
    }
    public var isWritingSnapshot: Bool { background != nil }

    /// Starts writing a snapshot of the store as it is now on another thread, so key handling never waits
    /// for it. The store is a value: the copy is cheap and later changes do not touch it.
    public func startBackgroundSnapshot() {
        guard !readOnly, background == nil else { return }
        // Named by process and by job: two jobs of one process (two repositories in a test) never share a file.
        let n = snapshotJobs.add(1, ordering: .relaxed).newValue
        let job = BackgroundSnapshot(seq: store.seq, path: directory.snapshot + ".next-\(getpid()).\(n)")
        let file = SnapshotFile(seq: store.seq, savedAt: Timestamp.rounded(clock()), world: store.world)
        background = job
        let gate = backgroundGate ?? Repository.everyBackgroundGate
        Thread.detachNewThread {
            gate?.wait()
            do {
                try PosixFile.writeNew(to: job.path) { fd throws(PersistenceError) in
                    try SnapshotWriter.write(file, fd: fd, path: job.path)
                }
            } catch {
                job.finish(error)
                return
            }
            job.finish(nil)
        }
    }

    /// Installs a finished background snapshot: renames it into place and keeps only the journal lines after it,
    /// under the lock so no other process's operation is lost. Cheap when nothing is ready.
    @discardableResult
    public func finishBackgroundSnapshot(wait: Bool = false) throws -> Bool {
        guard let job = background else { return false }
        if wait { job.waitUntilDone() }
        guard let outcome = job.outcome else { return false }
        background = nil
        if case .failure(let error) = outcome {
            unlink(job.path)
            snapshotFailed(error)
            throw error
        }
        do { try install(job) } catch {
            // Never left behind, never tried again at once: a rival that will not load would fill the disk.
            unlink(job.path)
            snapshotFailed(error)
            throw error
        }
        return true
    }

    private func install(_ job: BackgroundSnapshot) throws {
        try locked(exclusive: true) {
            _ = try catchUp()
            // Another process may have written a newer snapshot meanwhile: the newest stays.
            let installs = job.seq > snapshotSeq
            if installs {
                Backups.preserve(directory: directory, seq: snapshotSeq)
                guard rename(job.path, directory.snapshot) == 0 else {
                    let e = errno
                    unlink(job.path)
                    throw PersistenceError.io(path: directory.snapshot, action: "rename into place", errno: e)
                }
                try PosixFile.syncDirectory(directory.path)
                snapshotSeq = job.seq
                snapshotProblem = nil
                snapshotRetryAt = nil
                snapshotBackoff = 0
            } else {
                unlink(job.path)
            }
            // Operations made while the snapshot was written stay in the journal, and a seed's held ones join them.
            if installs || seedHeld != nil { try rewriteJournal(after: snapshotSeq) }
        }
    }
}

private let snapshotJobs = Atomic<Int>(0)

/// A snapshot being written on another thread, and how it ended.
final class BackgroundSnapshot: @unchecked Sendable {
    let seq: Int
    let path: String
    private let condition = NSCondition()
    private var result: Result<Void, Error>?

    init(seq: Int, path: String) {
        self.seq = seq
        self.path = path
    }

    func finish(_ error: Error?) {
        condition.lock()
        result = error.map { .failure($0) } ?? .success(())
        condition.broadcast()
        condition.unlock()
    }

    var outcome: Result<Void, Error>? {
        condition.lock()
        defer { condition.unlock() }
        return result
    }

    func waitUntilDone() {
        condition.lock()
        while result == nil { condition.wait() }
        condition.unlock()
    }
}
