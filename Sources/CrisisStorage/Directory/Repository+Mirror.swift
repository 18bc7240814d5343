import CrisisModel
import Foundation

/// A directory that caches a shared store (a database): operations numbered there are mirrored here, and an empty
/// cache is seeded from the database's snapshot without making the first frame wait for the file.
extension Repository {
    /// Appends operations that were numbered elsewhere (a shared database this directory caches), in order:
    /// those already here are skipped, a gap is refused. Durable like any commit, except while a seed has not
    /// landed: they are then held with it (the database keeps them). Returns those taken in.
    @discardableResult
    public func mirror(_ entries: [JournalEntry]) throws -> [JournalEntry] {
        guard !entries.isEmpty else { return [] }
        defer { tendSeed() }
        return try locked(exclusive: true) {
            _ = try catchUp()
            var next = store
            var taken: [JournalEntry] = []
            for entry in entries where entry.seq > next.seq {
                guard entry.seq == next.seq + 1 else { throw MirrorGap(have: next.seq, next: entry.seq) }
                // One that reads but cannot apply here is set aside as every site sets it aside.
                var kept = entry
                do { try next.apply(entry) } catch {
                    kept = SetAside.entry(
                        seq: entry.seq, time: entry.time, operator: entry.operator, reason: "\(error)")
                    try next.apply(kept)
                }
                taken.append(kept)
            }
            guard !taken.isEmpty else { return [] }
            if seedHeld != nil {
                store = next
                seedHeld?.append(contentsOf: taken)
            } else {
                try write(taken, leaving: next)
            }
            return taken
        }
    }

    /// Takes a whole store kept elsewhere (a database's snapshot) into this empty directory at once, and writes
    /// it to disk on another thread: a large one takes a third of a second to write, which a new site's first
    /// frame need not wait for. Until it lands, operations mirrored on top are held in memory and then written
    /// after it; a process killed meanwhile leaves the directory empty, as it was, never a journal without its
    /// snapshot. Only what the database already keeps is held, so nothing is lost. False when the directory
    /// was not empty (another process filled it): the caller catches up as usual.
    @discardableResult
    public func seed(with newStore: Store) throws -> Bool {
        guard !readOnly, !isWritingSnapshot else { return false }
        let taken = try locked(exclusive: true) { () throws -> Bool in
            // Another process may have filled it since we looked (its journal alone does not say so).
            if snapshotSeq == 0, FileManager.default.fileExists(atPath: directory.snapshot) { try loadAll() }
            _ = try catchUp()
            guard store.seq == 0, snapshotSeq == 0, journalLines == 0 else { return false }
            store = newStore
            seedHeld = []
            return true
        }
        if taken { startBackgroundSnapshot() }
        return taken
    }

    /// True while a seeded store is not yet on disk.
    public var isSeeding: Bool { seedHeld != nil }

    /// Lands a seed whose file is written, whoever calls: a console tends its snapshots, but a feeds fetcher
    /// that runs for days only refreshes and mirrors. A failed write is tried again after its wait.
    func tendSeed() {
        guard seedHeld != nil else { return }
        if background == nil, snapshotMayBeTried { startBackgroundSnapshot() }
        _ = try? finishBackgroundSnapshot(wait: false)
    }

    /// Before a seed lands: another process seeding the same directory at the same time may have put its
    /// snapshot there first; the newer of the two stays and this store follows it.
    func takeRivalSeed() throws {
        guard seedHeld != nil, snapshotSeq == 0,
            let theirs = try SnapshotFile.load(directory.snapshot, checked: false)
        else { return }
        snapshotSeq = theirs.seq
        if theirs.seq > store.seq { store = Store(world: theirs.world, seq: theirs.seq) }
    }

    /// After a snapshot lands (or a newer one is found on disk): the journal keeps the lines after it, then the
    /// held lines after those, written as one file.
    func rewriteJournal(after base: Int) throws {
        let data = try PosixFile.read(directory.journal) ?? Data()
        let parsed = try JournalReader.parse(data, path: directory.journal)
        var kept = Data()
        var count = 0
        var last = base
        for entry in parsed.entries.map(\.1) + (seedHeld ?? []) where entry.seq > last {
            kept.append(try JournalWriter.line(for: entry))
            count += 1
            last = entry.seq
        }
        try PosixFile.atomicWrite(kept, to: directory.journal)
        seedHeld = nil
        journalReplaced(bytes: kept.count, lines: count)
    }
}

/// The shared store's operations skip numbers: its content, not this site's copy, is at fault.
public struct MirrorGap: Error, CustomStringConvertible {
    public let have: Int, next: Int
    public var description: String {
        "the database's operations jump from \(have) to \(next): it is missing operations (this site's copy is sound); "
            + "an admin runs crisiscell check --db"
    }
}
