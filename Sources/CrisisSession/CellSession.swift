import CrisisModel
import CrisisStorage
import Foundation

/// One operator's session on the cell's record: what the console and the line mode share, with no terminal in
/// it. It saves changes (and keeps the ones the disk refused, to retry), follows others' changes, keeps
/// "last seen" and presence, watches the link to a shared store and prepares imports; it returns values and the
/// loops turn them into what they show.
public final class CellSession<Tag: Sendable> {
    public let store: any CellStore
    public let operatorName: String
    public let names: CountryNames
    /// Changes the disk refused (full, read-only), in order, each with what the loop asked it for; retried, and
    /// never shown as done until saved.
    public private(set) var waiting: [(ops: [StoreOperation], tag: Tag, madeAt: Date)] = []
    private var lastRetry = Date.distantPast
    private var lastBeat = Date.distantPast
    private var presence: Presence?
    /// The snapshot problem last said, so one collected elsewhere (a seed landing by itself) is said once.
    private var snapshotProblemSaid: String?
    var lastLink: LinkStatus?
    /// Whether the last look at others' changes failed (the screen may be out of date), and why.
    public private(set) var followProblem: String?

    /// How often waiting changes are tried again, and how often this operator's presence is renewed.
    public static var retryInterval: TimeInterval { 2 }
    public static var beatInterval: TimeInterval { 3 }

    public init(
        store: any CellStore, operatorName: String, names: CountryNames = .load(), announcesPresence: Bool = true
    ) {
        self.store = store
        self.operatorName = operatorName
        self.names = names
        if announcesPresence { presence = Presence(directory: store.directory, operator: operatorName) }
    }

    public var world: World { store.store.world }

    // MARK: Saving

    /// Saves a change or a batch durably, and says what became of it; nothing is kept to retry. `madeAt`: when
    /// the operator made one that waited, which the record keeps.
    public func save(_ ops: [StoreOperation], madeAt: Date? = nil) -> SaveOutcome {
        do { return SaveOutcome(try store.save(ops, by: operatorName, madeAt: madeAt)) } catch let refused
            as StoreError
        {
            return .refused(refused)
        } catch {
            return .failed(SaveOutcome.brief(error))
        }
    }

    /// As `save`, but a change the disk refused is kept (in order, behind any already waiting) and tried again
    /// by `retryWaiting`.
    public func saveOrKeep(_ ops: [StoreOperation], tag: Tag, now: Date = CellClock.now()) -> SaveOutcome {
        let outcome = save(ops)
        if case .failed = outcome {
            waiting.append((ops, tag, now))
            lastRetry = now
        }
        return outcome
    }

    /// What trying the waiting changes again came to: each one settled (saved, unchanged, refused as a
    /// conflict), and, when the disk still refuses, why.
    public struct Retry: Sendable {
        public var settled: [(SaveOutcome, Tag)] = []
        public var stillFailing: String?
        public var waiting = 0
    }

    /// Tries the waiting changes again, oldest first, at most every `retryInterval`; nil when it did not try.
    public func retryWaiting(now: Date = CellClock.now()) -> Retry? {
        guard !waiting.isEmpty, now.timeIntervalSince(lastRetry) >= Self.retryInterval else { return nil }
        lastRetry = now
        var retry = Retry()
        while let next = waiting.first {
            let outcome = save(next.ops, madeAt: next.madeAt)
            if case .failed(let why) = outcome {
                retry.stillFailing = why
                break
            }
            // Someone changed the values while it waited: said like any conflict, never forced through.
            waiting.removeFirst()
            retry.settled.append((outcome, next.tag))
        }
        retry.waiting = waiting.count
        return retry
    }

    /// Changes still waiting at exit go to a file outside the data directory, never nowhere: where, and how many.
    public struct Kept: Sendable {
        public var count: Int
        /// The file, or why none could be written (the operations are then given as JSON lines to print).
        public var path: String?
        public var problem: String?
        public var lines: [String] = []
    }

    public func keepWaiting() -> Kept? {
        guard !waiting.isEmpty else { return nil }
        let ops = waiting.flatMap(\.ops)
        do {
            let changes = waiting.flatMap { w in w.ops.map { (op: $0, madeAt: w.madeAt) } }
            let path = try PendingFile.write(changes, operator: operatorName, directory: store.directory)
            return Kept(count: ops.count, path: path)
        } catch {
            let lines = ops.compactMap { op in
                (try? JSONCoding.encoder().encode(op)).map { String(decoding: $0, as: UTF8.self) }
            }
            return Kept(count: ops.count, problem: "\(error)", lines: lines)
        }
    }

    // MARK: Looking

    /// What others changed since this operator last looked (kept per operator in the directory); nil the first
    /// time.
    public func changesSince() -> ChangesSince? {
        guard let point = LastSeen.read(store.directory, operator: operatorName) else { return nil }
        return world.changes(since: point.seq, time: point.time, excluding: operatorName, names: names.name)
    }

    /// When this operator last looked, if ever.
    public var lastLooked: Date? { LastSeen.read(store.directory, operator: operatorName)?.time }

    public func markSeen(now: Date = CellClock.now()) {
        LastSeen.write(.init(seq: store.store.seq, time: now), store.directory, operator: operatorName)
    }

    /// Renews this operator's presence at most every `beatInterval`: who else is here then, else nil.
    public func beat(now: Date = CellClock.now()) -> [String]? {
        guard let presence, now.timeIntervalSince(lastBeat) >= Self.beatInterval else { return nil }
        lastBeat = now
        presence.beat(now: now)
        return store.othersPresent ?? presence.others(now: now)
    }

    public func leave() {
        presence?.leave()
        presence = nil
    }

    // MARK: Others' changes

    /// Takes in what others wrote since the last look. A failure is kept in `followProblem` and reported once.
    public enum Followed: Sendable {
        case fresh([JournalEntry])
        /// Reading failed, for the first time since it last worked.
        case failed(String)
        /// Reading failed again (already said), or worked with nothing new.
        case quiet
        /// Reading works again after failing.
        case recovered([JournalEntry])
    }

    public func follow() -> Followed {
        do {
            let fresh = try store.refresh()
            if followProblem != nil {
                followProblem = nil
                return .recovered(fresh)
            }
            return fresh.isEmpty ? .quiet : .fresh(fresh)
        } catch {
            let first = followProblem == nil
            followProblem = "\(error)"
            return first ? .failed("\(error)") : .quiet
        }
    }

    /// Snapshots are written on another thread so a long one never holds up a key press: starts one when due,
    /// collects a finished one; says why one could not be written (the journal still holds everything).
    public func tendSnapshots() -> String? {
        if store.wantsSnapshot { store.startBackgroundSnapshot() }
        do { try store.finishBackgroundSnapshot(wait: false) } catch {
            snapshotProblemSaid = store.snapshotProblem
            return "\(error)"
        }
        let problem = store.snapshotProblem
        defer { snapshotProblemSaid = problem }
        return problem != snapshotProblemSaid ? problem : nil
    }

    /// A clean end: the background snapshot finished and a fresh one written; why not, if it could not be.
    public func close(looked: Bool) -> String? {
        if looked { markSeen() }
        leave()
        _ = try? store.finishBackgroundSnapshot(wait: true)
        do { try store.compact() } catch { return "\(error)" }
        return nil
    }
}
