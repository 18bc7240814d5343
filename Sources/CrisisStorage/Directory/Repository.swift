import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store bound to a data directory. Every change is appended to the journal and fsynced before
/// it is applied in memory, so anything a caller was told is done survives a crash. Several processes
/// may share one directory: appends and snapshots happen under an exclusive lock, after catching up
/// with what others wrote, and the sequence number makes replay exactly-once.
public final class Repository {
    public let directory: DataDirectory
    public internal(set) var store: Store
    /// Problems that were survived (an unfinished last journal line), to show the user.
    public private(set) var warnings: [String] = []
    /// Journal lines after which the next commit also writes a snapshot and starts a new journal.
    public var compactThreshold: Int
    public let readOnly: Bool
    let clock: () -> Date
    private let lock: DirectoryLock?
    var journalInode: UInt64 = 0
    var journalOffset = 0
    var journalLines = 0
    /// The journal's last line lost only its newline: the next append writes it first.
    var journalNeedsNewline = false
    var snapshotSeq = 0
    /// False in the console: it writes snapshots on a background thread instead of inside `commit`.
    public var compactsInline = true
    var background: BackgroundSnapshot?
    /// Set while the store came whole from elsewhere and is not yet on disk (`seed`): what was mirrored since.
    var seedHeld: [JournalEntry]?
    /// Tests hold background writes here (this repository's, or every one's), to see what happens meanwhile.
    var backgroundGate: DispatchSemaphore?
    nonisolated(unsafe) static var everyBackgroundGate: DispatchSemaphore?
    /// Why the last snapshot could not be written (a full disk), while it could not. The journal still holds
    /// every change, so a change that is in the journal is saved all the same; the snapshot is tried again
    /// later, waiting longer after each failure (5 s doubling to 10 min), never in a tight loop.
    public internal(set) var snapshotProblem: String?
    var snapshotRetryAt: Date?
    var snapshotBackoff: TimeInterval = 0

    public init(
        directory: DataDirectory, readOnly: Bool = false, compactThreshold: Int = 1000,
        clock: @escaping () -> Date = CellClock.now
    ) throws {
        self.directory = directory
        self.readOnly = readOnly
        self.compactThreshold = compactThreshold
        self.clock = clock
        self.store = Store()
        if readOnly {
            guard directory.exists else {
                throw PersistenceError.io(path: directory.path, action: "open data directory", errno: ENOENT)
            }
            lock =
                FileManager.default.fileExists(atPath: directory.lockFile)
                ? try? DirectoryLock(path: directory.lockFile) : nil
        } else {
            try directory.prepare()
            lock = try DirectoryLock(path: directory.lockFile)
        }
        try locked(exclusive: false) { try loadAll() }
    }

    public var journalLineCount: Int { journalLines }

    // MARK: - Changing

    /// What committing a change came to.
    public enum Outcome: Sendable, Equatable {
        /// Written, fsynced and applied (the change as written: reduced to what it changed).
        case saved(JournalEntry)
        /// Nothing to write: the store already holds it. Says so in words.
        case unchanged(String)
        /// Kept durably at this site to be sent later (a shared store that cannot be reached now).
        case queued(String)

        public var entry: JournalEntry? { if case .saved(let e) = self { return e } else { return nil } }
    }

    /// Makes one change durable, then applies it. It is first checked against the store as it is now (after
    /// catching up with other writers, under the lock): refused changes throw StoreError (a conflict among
    /// them), a change that changes nothing writes nothing, and a storage failure throws PersistenceError with
    /// the store unchanged.
    @discardableResult
    public func commit(_ op: StoreOperation, by who: String) throws -> Outcome {
        try commit(op, by: who, madeAt: nil)
    }

    /// The same for a change made earlier (`madeAt`, kept by the record as `JournalEntry.madeTime` says).
    @discardableResult
    public func commit(_ op: StoreOperation, by who: String, madeAt: Date?) throws -> Outcome {
        guard !readOnly else {
            throw PersistenceError.io(path: directory.path, action: "write (opened read-only)", errno: EROFS)
        }
        return try locked(exclusive: true) {
            _ = try catchUp()
            if seedHeld != nil { try writeSnapshot() }
            guard case .change(let reduced) = try store.prepare(op) else {
                if case .unchanged(let why) = try store.prepare(op) { return .unchanged(why) }
                preconditionFailure()
            }
            let now = Timestamp.rounded(clock())
            let entry = JournalEntry(
                seq: store.seq + 1, time: now, operator: who, op: reduced,
                madeAt: JournalEntry.madeTime(madeAt, arriving: now))
            // Durable first, then applied in place: a copy of the store to apply it to would copy every array the
            // change touches (200,000 log events on a large store: 16 ms a change instead of 0.4).
            let (offset, newline) = (journalOffset, journalNeedsNewline)
            try append(try JournalWriter.line(for: entry))
            do { try store.apply(entry) } catch {
                // Not applied, so never acknowledged: its line goes again (no reader saw it; the lock is held).
                try unappend(to: offset, needsNewline: newline)
                throw error
            }
            journalLines += 1
            compactIfDue()
            return .saved(entry)
        }
    }

    /// Several changes as one batch: all are checked, written and fsynced together, or none is. Changes that
    /// change nothing (after the ones before them) are left out; an empty result means nothing was written.
    @discardableResult
    public func commit(_ ops: [StoreOperation], by who: String) throws -> [JournalEntry] {
        try commit(ops, by: who, madeAt: nil)
    }

    @discardableResult
    public func commit(_ ops: [StoreOperation], by who: String, madeAt: Date?) throws -> [JournalEntry] {
        guard !readOnly else {
            throw PersistenceError.io(path: directory.path, action: "write (opened read-only)", errno: EROFS)
        }
        guard !ops.isEmpty else { return [] }
        return try locked(exclusive: true) {
            _ = try catchUp()
            if seedHeld != nil { try writeSnapshot() }
            var next = store
            let now = Timestamp.rounded(clock())
            let entries = try next.applyNew(
                ops, by: who, at: now, madeAt: JournalEntry.madeTime(madeAt, arriving: now)
            ).entries
            guard !entries.isEmpty else { return [] }
            try write(entries, leaving: next)
            return entries
        }
    }

    /// Makes entries already applied to `next` durable (one write, one fsync), then takes `next` as the store.
    func write(_ entries: [JournalEntry], leaving next: Store) throws {
        var bytes = Data()
        for e in entries { bytes.append(try JournalWriter.line(for: e)) }
        try append(bytes)
        store = next
        journalLines += entries.count
        compactIfDue()
    }

    /// Applies what other processes have written since we last looked. Cheap when nothing changed.
    /// Returns the new entries (empty after a reload caused by another process's compaction).
    @discardableResult
    public func refresh() throws -> [JournalEntry] {
        tendSeed()
        if !journalChanged() { return [] }
        do {
            return try locked(exclusive: false) { try catchUp() }
        } catch PersistenceError.corruptJournal {
            // Two compactions between looks can reuse an inode number and put our offset mid-line:
            // start again from the files before calling anything damaged.
            try locked(exclusive: false) { try loadAll() }
            return []
        }
    }

    /// Writes a snapshot and starts a fresh journal (on a clean exit, or when the journal is long).
    public func compact() throws {
        guard !readOnly else { return }
        try locked(exclusive: true) {
            _ = try catchUp()
            try writeSnapshot()
        }
    }

    /// Replaces everything with `newStore` (the demo world, an import): the old snapshot goes to backups/.
    public func replaceAll(with newStore: Store) throws {
        guard !readOnly else { return }
        try locked(exclusive: true) {
            _ = try catchUp()
            store = newStore
            try writeSnapshot()
        }
    }

    /// After a commit (the change is durable in the journal by now): a snapshot when one is due. Its failure is
    /// not the change's failure: it is kept as `snapshotProblem` and tried again after a wait.
    private func compactIfDue() {
        guard compactsInline, journalLines >= compactThreshold, snapshotMayBeTried else { return }
        do { try writeSnapshot() } catch { snapshotFailed(error) }
    }

    var snapshotMayBeTried: Bool { snapshotRetryAt.map { clock() >= $0 } ?? true }

    func snapshotFailed(_ error: Error) {
        snapshotProblem = "\(error)"
        snapshotBackoff = min(max(snapshotBackoff * 2, 5), 600)
        snapshotRetryAt = clock().addingTimeInterval(snapshotBackoff)
    }

    // MARK: - Loading

    func loadAll() throws {
        var loaded = Store()
        snapshotSeq = 0
        if let snap = try SnapshotFile.load(directory.snapshot) {
            loaded = Store(world: snap.world, seq: snap.seq)
            snapshotSeq = snap.seq
        }
        store = loaded
        journalOffset = 0
        journalLines = 0
        journalInode = 0
        journalNeedsNewline = false
        _ = try catchUp()
    }

    /// Reads the journal from where we stopped. Must run under the lock.
    func catchUp() throws -> [JournalEntry] {
        // While seeding, a snapshot another process wrote is not announced by a journal we already knew.
        if seedHeld != nil { try takeRivalSeed() }
        guard let fd = try PosixFile.openForReading(directory.journal) else {
            journalInode = 0
            journalOffset = 0
            journalLines = 0
            journalNeedsNewline = false
            return []
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw PersistenceError.io(path: directory.journal, action: "stat", errno: errno)
        }
        let inode = UInt64(st.st_ino)
        if journalInode != 0, inode != journalInode || Int(st.st_size) < journalOffset {
            // Another process compacted: its snapshot holds everything up to its journal's start.
            let seqBefore = store.seq
            if let snap = try SnapshotFile.load(directory.snapshot) {
                if snap.seq > store.seq { store = Store(world: snap.world, seq: snap.seq) }
                snapshotSeq = snap.seq
            }
            journalOffset = 0
            journalLines = 0
            journalNeedsNewline = false
            journalInode = inode
            let fresh = try readEntries(fd: fd)
            return store.seq == seqBefore ? fresh : []
        }
        journalInode = inode
        return try readEntries(fd: fd)
    }

    private func readEntries(fd: Int32) throws -> [JournalEntry] {
        var data = try PosixFile.readAll(fd: fd, path: directory.journal, from: journalOffset)
        if data.isEmpty { return [] }
        // The newline another writer put back after a line that had lost it belongs to that line.
        if journalNeedsNewline, data.first == 10 {
            data.removeFirst()
            journalOffset += 1
            journalNeedsNewline = false
            if data.isEmpty { return [] }
        }
        let parsed = try JournalReader.parse(data, path: directory.journal, firstLine: journalLines + 1)
        journalNeedsNewline = parsed.missingNewline
        var applied: [JournalEntry] = []
        for (line, entry) in parsed.entries {
            if entry.seq <= store.seq { continue }
            guard entry.seq == store.seq + 1 else {
                throw PersistenceError.corruptJournal(
                    path: directory.journal, line: line,
                    reason: "operation number jumps from \(store.seq) to \(entry.seq): operations are missing")
            }
            do { try store.apply(entry) } catch {
                throw PersistenceError.corruptJournal(
                    path: directory.journal, line: line, reason: "operation \(entry.seq) cannot be applied: \(error)")
            }
            applied.append(entry)
        }
        journalOffset += parsed.goodLength
        journalLines += parsed.lineCount
        if parsed.tornTail {
            let warning =
                "\(directory.journal):\(journalLines + 1): unfinished last line dropped (a crash while writing; it was never confirmed as saved)"
            if !warnings.contains(warning) { warnings.append(warning) }
        }
        return applied
    }

    private func journalChanged() -> Bool {
        var st = stat()
        if stat(directory.journal, &st) != 0 { return journalInode != 0 }
        return UInt64(st.st_ino) != journalInode || Int(st.st_size) != journalOffset
    }

    // MARK: - Writing (under the exclusive lock)

    private func append(_ bytes: Data) throws {
        // A journal this append creates is a new name in the directory: POSIX makes it durable only with an
        // fsync of the directory (found by the power-cut explorer's weaker models on a fresh directory).
        var existing = stat()
        let creating = lstat(directory.journal, &existing) != 0
        let fd = try PosixFile.openForAppend(directory.journal)
        defer { close(fd) }
        if creating { try PosixFile.syncDirectory(directory.path) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw PersistenceError.io(path: directory.journal, action: "stat", errno: errno)
        }
        if journalInode == 0 { journalInode = UInt64(st.st_ino) }
        // Anything past what we parsed is an unfinished line from a crashed writer: never acknowledged, cut it.
        if Int(st.st_size) > journalOffset, ftruncate(fd, off_t(journalOffset)) != 0 {
            throw PersistenceError.io(path: directory.journal, action: "cut an unfinished line", errno: errno)
        }
        var bytes = bytes
        if journalNeedsNewline { bytes.insert(10, at: 0) }
        do {
            try PosixFile.writeAll(fd: fd, bytes, path: directory.journal)
            try PosixFile.sync(fd: fd, path: directory.journal)
        } catch {
            // Leave no half-written line behind for the next writer to trip over.
            _ = ftruncate(fd, off_t(journalOffset))
            throw error
        }
        journalOffset += bytes.count
        journalNeedsNewline = false
    }

    /// Takes back the last append: the journal cut to `offset` and made durable so.
    private func unappend(to offset: Int, needsNewline: Bool) throws {
        let fd = try PosixFile.openForAppend(directory.journal)
        defer { close(fd) }
        guard ftruncate(fd, off_t(offset)) == 0 else {
            throw PersistenceError.io(path: directory.journal, action: "take back a line", errno: errno)
        }
        try PosixFile.sync(fd: fd, path: directory.journal)
        journalOffset = offset
        journalNeedsNewline = needsNewline
    }

    func writeSnapshot() throws {
        let file = SnapshotFile(seq: store.seq, savedAt: Timestamp.rounded(clock()), world: store.world)
        Backups.preserve(directory: directory, seq: snapshotSeq)
        try PosixFile.atomicWrite(to: directory.snapshot) { fd, tmp throws(PersistenceError) in
            try SnapshotWriter.write(file, fd: fd, path: tmp)
        }
        snapshotSeq = store.seq
        seedHeld = nil
        snapshotProblem = nil
        snapshotRetryAt = nil
        snapshotBackoff = 0
        // The snapshot holds everything: start a new, empty journal (replay skips seq <= snapshot's if we die here).
        try PosixFile.atomicWrite(Data(), to: directory.journal)
        journalReplaced(bytes: 0, lines: 0)
    }

    /// Where reading and appending go on after this process wrote the journal afresh.
    func journalReplaced(bytes: Int, lines: Int) {
        var st = stat()
        if stat(directory.journal, &st) == 0 { journalInode = UInt64(st.st_ino) }
        journalOffset = bytes
        journalLines = lines
        journalNeedsNewline = false
    }

    func locked<T>(exclusive: Bool, _ body: () throws -> T) throws -> T {
        guard let lock else { return try body() }
        return try lock.withLock(exclusive: exclusive, body)
    }
}
