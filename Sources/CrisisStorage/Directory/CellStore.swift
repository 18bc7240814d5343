import CrisisModel
import Foundation

/// Where the cell's record lives, as the consoles and commands see it: a data directory (`Repository`), or a
/// shared database through the site's cache directory (the CrisisPostgres target). Every change goes through
/// the same operations either way; only where they are made durable differs.
public protocol CellStore: AnyObject {
    var store: Store { get }
    /// Problems survived while opening (an unfinished journal line), to show the user.
    var warnings: [String] { get }
    var readOnly: Bool { get }
    /// Why the last snapshot could not be written, while it could not (the journal holds everything).
    var snapshotProblem: String? { get }
    /// The local directory: the data itself, or a database's cache at this site. Presence, "since you last
    /// looked" and the files of waiting changes are kept there.
    var directory: DataDirectory { get }
    /// The name the store records changes under when it decides it (a database's login), else nil: the
    /// operator's own word.
    var recordedOperator: String? { get }
    /// Readable when others' changes may be waiting, besides the directory's own files (a database's
    /// notifications); nil when watching the directory is enough.
    var wakeDescriptor: Int32? { get }
    /// How the link to a shared store stands; nil for a directory, which has none.
    var link: LinkStatus? { get }
    /// Who else has a shared store open (their logins), when the store knows; nil: ask the directory.
    var othersPresent: [String]? { get }
    /// Why this login may not change anything here (a database's viewer), so a console opens read-only and
    /// says so rather than refusing each key; nil when it may, or when that is not known (offline).
    var writeRefusal: String? { get }

    /// One change: checked against the store as it is, made durable, applied.
    func commit(_ op: StoreOperation, by who: String) throws -> Repository.Outcome
    /// Several changes as one batch, all or none; those that change nothing are left out.
    func commit(_ ops: [StoreOperation], by who: String) throws -> [JournalEntry]
    /// One change or a batch, as the consoles and imports save them: saved, unchanged, or kept at this site.
    /// `madeAt`: when it was made, for one that waited (a full disk, a pending file); the record keeps it.
    func save(_ ops: [StoreOperation], by who: String, madeAt: Date?) throws -> SaveResult
    /// Takes in what others wrote since the last look; returns it.
    func refresh() throws -> [JournalEntry]
    /// The changes this site keeps for a shared store, in order; none for a directory, which keeps nothing back.
    func waitingToSend() throws -> [WaitingChange]
    /// Settles a change the shared store refused: `keepMine` sends it again over what the record holds now (the
    /// operator has seen both values); otherwise it is dropped and the colleague's value stands. False: sent
    /// when the shared store answers (it did not within the console's wait).
    func settleWaiting(_ id: String, keepMine: Bool) throws -> Bool
    func compact() throws
    func replaceAll(with newStore: Store) throws
    /// Takes or renews the cell's feed-fetching lease for `site` (a shared store's: one site at a time); nil when
    /// this site has it, else who holds it. A directory has its feed lock instead and always answers nil.
    func claimFeedFetcher(site: String, seconds: Int) throws -> String?
    /// Lets the lease go, when this site holds it.
    func releaseFeedFetcher(site: String)
    var compactsInline: Bool { get set }
    var wantsSnapshot: Bool { get }
    func startBackgroundSnapshot()
    @discardableResult func finishBackgroundSnapshot(wait: Bool) throws -> Bool
}

/// The link to a shared store, as the top bar says it: "offline since 03:12 · 3 waiting to send".
public struct LinkStatus: Equatable, Sendable {
    public var online: Bool
    /// When the link was last seen to change (went down, or came back).
    public var since: Date
    /// Changes kept at this site, durable, waiting to be sent.
    public var waiting: Int
    /// Waiting changes the store refused when they were sent (someone changed the same thing): each says what.
    public var refused: [String]
    /// Why the shared store refuses this site while offline (a certificate, a password, a role), when it is not
    /// simply out of reach: it will not come back by itself.
    public var problem: String?
    /// Lines of the outbox that cannot be read: listed by `crisiscell outbox`, never silently dropped.
    public var damaged = 0
    /// The writers' lock is held by another login past the wait (who, and since when).
    public var busy: String?
    /// How long the database has not answered while the link was thought up (a hung link), from 2 s on.
    public var silentFor: TimeInterval?
    /// How many servers the store may be on (a primary and its standbys): with more than one, a lost link is a
    /// database moving, and coming back on another server a move.
    public var servers = 1
    public var move = ServerMove()
    public init(online: Bool, since: Date, waiting: Int = 0, refused: [String] = [], problem: String? = nil) {
        self.online = online
        self.since = since
        self.waiting = waiting
        self.refused = refused
        self.problem = problem
    }
}

/// A change kept at a site for a shared store, as the consoles list it.
public struct WaitingChange: Equatable, Sendable {
    public var id: String
    /// When the operator made it (the site's clock).
    public var madeAt: Date
    public var `operator`: String
    public var ops: [StoreOperation]
    /// Why the shared store refused it when it was sent, with both values; nil while it simply waits.
    public var refused: String?

    public init(id: String, madeAt: Date, operator who: String, ops: [StoreOperation], refused: String?) {
        self.id = id
        self.madeAt = madeAt
        self.operator = who
        self.ops = ops
        self.refused = refused
    }
}

/// What saving a change or a batch came to, as the consoles report it.
public enum SaveResult: Sendable {
    case saved([JournalEntry])
    case unchanged(String)
    /// Kept durably at this site, to be sent when the shared store can be reached again.
    case queued(String)
}

extension CellStore {
    /// One change or a batch, saved as it is made.
    public func save(_ ops: [StoreOperation], by who: String) throws -> SaveResult {
        try save(ops, by: who, madeAt: nil)
    }
}

extension Repository: CellStore {
    public var recordedOperator: String? { nil }
    public var wakeDescriptor: Int32? { nil }
    public var link: LinkStatus? { nil }
    public var othersPresent: [String]? { nil }
    public var writeRefusal: String? { nil }
    public func waitingToSend() throws -> [WaitingChange] { [] }
    public func settleWaiting(_ id: String, keepMine: Bool) throws -> Bool {
        throw PersistenceError.io(
            path: directory.path, action: "settle \(id) (a data directory keeps nothing back)", errno: ENOENT)
    }

    public func save(_ ops: [StoreOperation], by who: String, madeAt: Date?) throws -> SaveResult {
        if ops.count == 1 {
            switch try commit(ops[0], by: who, madeAt: madeAt) {
            case .saved(let entry): return .saved([entry])
            case .unchanged(let why): return .unchanged(why)
            case .queued(let why): return .queued(why)
            }
        }
        let entries = try commit(ops, by: who, madeAt: madeAt)
        return entries.isEmpty ? .unchanged("nothing in it changes anything") : .saved(entries)
    }
}

extension CellStore {
    public func claimFeedFetcher(site: String, seconds: Int) throws -> String? { nil }
    public func releaseFeedFetcher(site: String) {}
}

/// Which of a shared store's servers a console is on, and a move between them (a failover): the server lost and
/// when, and when the link came back on another.
public struct ServerMove: Equatable, Sendable {
    /// The server followed now (or last).
    public var server: String?
    /// The server lost, and when: set when the link drops, kept until a while after it comes back elsewhere.
    public var lostServer: String?
    public var lostAt: Date?
    /// When the link came back on another server than the one lost.
    public var movedAt: Date?

    public init(server: String? = nil) { self.server = server }

    public mutating func lost(at time: Date) {
        lostServer = server
        lostAt = time
        movedAt = nil
    }

    public mutating func reached(_ name: String, at time: Date) {
        if lostAt != nil {
            if lostServer == name || lostServer == nil {
                lostServer = nil
                lostAt = nil
            } else {
                movedAt = time
            }
        }
        server = name
    }
}
