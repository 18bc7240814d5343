import CrisisCore
import Foundation
import PostgresNIO

/// The cell's record in a PostgreSQL database, seen through this site's cache directory. The cache is an
/// ordinary data directory holding the database's operations with the database's numbers, so a console
/// opens on it at once and fetches only what it lacks. A change is checked against the cache (caught up
/// first), appended by the database under its lock only if nobody wrote in between (else caught up, checked
/// again, retried), and written to the cache before it is said to be saved. When the database cannot be
/// reached, changes go to the site's outbox (fsynced) and are sent, each checked again, when it is back.
public final class PostgresStore: CellStore {
    public let url: DatabaseURL
    public let readOnly: Bool
    private let cache: Repository
    private let outbox: Outbox
    private var mainLink: DatabaseLink?
    private var follower: Follower?
    private let operatorName: String
    private var linkSince: Date
    private var lastReconnect = Date.distantPast
    private var linkProblem: String?
    private var refusedCache: [String] = []
    private var waitingCache = 0
    private var waitingList: [Outbox.Change] = []
    private var outboxSeen: [Int]?
    /// The cache with this site's waiting changes laid over it, so the panes show what the operator did while
    /// offline (the top bar says how many are not yet in the database); nil when nothing waits.
    private var overlay: Store?
    private var overlayKey: (seq: Int, ids: [String])?
    /// The database's login; the name recorded with every change, whatever --operator says.
    public private(set) var login: String?
    public private(set) var warnings: [String] = []
    /// Asked of the database on opening: PostgreSQL's own privileges decide, this only spares a viewer's
    /// console keys that would be refused. Commands still send, and the server still refuses.
    public private(set) var writeRefusal: String?

    /// Opens the database through `cache`. `live`: follow others' changes on a thread (consoles), rather than
    /// only when asked (commands). Unreachable: opens on the cache alone, offline, when the cache holds this
    /// database's record; with an empty cache, says why it cannot start.
    public init(url: DatabaseURL, cache directory: DataDirectory, readOnly: Bool = false, live: Bool = false, operatorName: String) throws {
        self.url = url; self.readOnly = readOnly; self.operatorName = operatorName
        cache = try Repository(directory: directory)
        outbox = try Outbox(directory: directory)
        linkSince = CellClock.now()
        // Until the server says otherwise, the login is the URL's user (who a change will be recorded as).
        login = url.user
        warnings = cache.warnings
        let identityFile = directory.path + "/database.json"
        let known = (try? Data(contentsOf: URL(fileURLWithPath: identityFile))).flatMap { try? JSONDecoder().decode(CacheIdentity.self, from: $0) }
        do {
            let link = try DatabaseLink(url)
            let id = try DatabaseReader.identity(on: link)
            if let known, known.cell != id.cell {
                throw DatabaseError(message: "\(directory.path) caches another database (\(known.url)), not \(url): give this one a cache of its own with --data")
            }
            if known == nil && cache.store.seq > 0 {
                throw DatabaseError(message: "\(directory.path) holds a local record, not a cache of \(url): give the database another --data directory (or move this record in with crisiscell db push)")
            }
            if known == nil {
                let data = try JSONEncoder().encode(CacheIdentity(cell: id.cell, url: url.description))
                try PendingFile.replacePrivateFile(data, at: identityFile)
            }
            mainLink = link
            login = link.login
            try catchUp(link)
            let rows = try link.query("SELECT has_function_privilege('crisiscell.append(bigint, text[], text)', 'EXECUTE')")
            if let row = rows.first, try row.decode(Bool.self) == false {
                let who = link.login
                writeRefusal = "\(who) may only read this database (a viewer); an admin can make \(who) an officer: crisiscell db grant \(who) officer"
            }
        } catch let e as DatabaseError where e.unreachable {
            guard known != nil else { throw e }
            warnings.append("working offline on this site's copy: \(e.message)")
        }
        follower = live ? Follower(url: url, from: cache.store.seq, online: mainLink != nil, operatorName: operatorName) : nil
        follower?.start()
        if mainLink != nil { sendWaiting() }
        updateCounts()
    }

    deinit { follower?.stop(); mainLink?.close() }

    /// What the consoles show: the database's record as this site last had it, and what waits to be sent.
    public var store: Store { overlay ?? cache.store }
    public var snapshotProblem: String? { cache.snapshotProblem }
    public var directory: DataDirectory { cache.directory }
    public var recordedOperator: String? { login }
    public var wakeDescriptor: Int32? { follower?.wake.read }
    public var othersPresent: [String]? { follower?.others }
    public var link: LinkStatus? {
        LinkStatus(online: mainLink != nil, since: linkSince, waiting: waitingCache, refused: refusedCache,
                   problem: mainLink == nil ? linkProblem : nil)
    }

    // MARK: Changing

    public func commit(_ op: StoreOperation, by who: String) throws -> Repository.Outcome {
        switch try send([op], by: who) {
        case .saved(let entries): return entries.first.map { .saved($0) } ?? .unchanged("already in the database")
        case .unchanged(let why): return .unchanged(why)
        case .queued(let why): return .queued(why)
        }
    }

    public func commit(_ ops: [StoreOperation], by who: String) throws -> [JournalEntry] {
        switch try send(ops, by: who) {
        case .saved(let entries): return entries
        case .unchanged: return []
        case .queued(let why): throw DatabaseError(message: "the database cannot be reached; the batch is kept at this site: \(why)")
        }
    }

    /// Sends a change or a batch to the database, or keeps it at this site when the database cannot be reached.
    private func send(_ ops: [StoreOperation], by who: String) throws -> SaveResult {
        guard !readOnly else { throw StoreError.invalid(field: "database", reason: "opened read-only") }
        guard !ops.isEmpty else { return .unchanged("nothing to save") }
        // Changes waiting here go first: what is typed now must not overtake them.
        if mainLink != nil && waitingCache > 0 { sendWaiting() }
        // One id for this change, wherever it ends up being sent from: the database never appends it twice.
        let request = UUID().uuidString.lowercased()
        if let link = mainLink, waitingCache == 0 {
            do { return try append(ops, request: request, on: link) } catch let e as DatabaseError where e.unreachable { goOffline() }
        }
        // Checked here as it would be there, so a mistake is said now rather than when the link is back.
        var next = store
        guard try !next.applyNew(ops, by: login ?? who, at: CellClock.now()).entries.isEmpty else {
            return .unchanged("nothing in it changes anything")
        }
        let count = try outbox.add(ops, by: login ?? who, id: request)
        updateCounts()
        return .queued("\(count) waiting to send")
    }

    /// Appends under the database's lock, taken before catching up and checking: what is checked is the head it
    /// is appended on, so writers at many sites queue rather than retry, and none starves.
    private func append(_ ops: [StoreOperation], request: String, on link: DatabaseLink) throws -> SaveResult {
        try link.execute("BEGIN")
        var committed = false
        defer { if !committed { _ = try? link.execute("ROLLBACK") } }
        try link.query("SELECT pg_advisory_xact_lock(7402301)")
        try catchUp(link)
        // Checked against the database's record alone: what waits at this site is being sent, not yet in it.
        var next = cache.store
        let (checked, why) = try next.applyNew(ops, by: login ?? operatorName, at: CellClock.now())
        guard !checked.isEmpty else { return .unchanged(why ?? "nothing changed") }
        let reduced = checked.map(\.op)
        let texts = try reduced.map { try $0.jsonText() }
        let rows: [PostgresRow]
        do {
            rows = try link.query("SELECT seq, at, operator FROM crisiscell.append($1, $2, $3)",
                                  [PostgresData(int64: Int64(cache.store.seq)), PostgresData(array: texts.map { PostgresData(string: $0) }, elementType: .text),
                                   PostgresData(string: request)])
        } catch let e as DatabaseError where e.sqlState == "42501" {
            // PostgreSQL's own privileges said no: a viewer, or an officer doing an admin's change.
            let said = e.message.replacingOccurrences(of: "the database at \(url) says: ", with: "")
            let who = login ?? url.user
            let why = said.hasPrefix("permission denied")
                ? "\(who) may only read this database (it says: \(said)); an admin can make \(who) an officer: crisiscell db grant \(who) officer"
                : "the database refuses it for \(who): \(said)"
            throw StoreError.invalid(field: "not saved", reason: why)
        }
        guard !rows.isEmpty else { throw DatabaseError(message: "the database did not take the change (its head moved under the lock); nothing saved, try again") }
        try link.execute("COMMIT")
        committed = true
        var entries: [JournalEntry] = []
        for (row, op) in zip(rows, reduced) {
            let (n, at, who) = try row.decode((Int64, Date, String).self)
            entries.append(JournalEntry(seq: Int(n), time: Timestamp.rounded(at), operator: who, op: op))
        }
        // Already in the cache when this request had reached the database before (it is skipped there).
        try cache.mirror(entries)
        follower?.advance(to: cache.store.seq)
        return .saved(entries)
    }

    /// Takes in what the database has that the cache lacks (from a snapshot when the cache is empty).
    private func catchUp(_ link: DatabaseLink) throws {
        if cache.store.seq == 0, let snap = try DatabaseReader.newestSnapshot(after: 0, on: link) {
            try cache.replaceAll(with: Store(world: snap.world, seq: snap.seq))
        }
        let head = try DatabaseReader.head(on: link)
        if head < cache.store.seq {
            throw DatabaseError(message: "\(cache.directory.path) holds operations up to \(cache.store.seq) but the database only \(head): it caches another copy; give it a fresh --data")
        }
        while cache.store.seq < head {
            let batch = try DatabaseReader.operations(after: cache.store.seq, on: link)
            if batch.isEmpty { break }
            try cache.mirror(batch)
        }
    }

    // MARK: Others' changes, and the link

    public func refresh() throws -> [JournalEntry] {
        var fresh = try cache.refresh()
        if let follower {
            let (entries, online, refusal) = follower.take()
            linkProblem = refusal
            if !entries.isEmpty { fresh += try cache.mirror(entries) }
            if online && mainLink == nil { reconnect() }
            if !online && mainLink != nil { goOffline() }
        } else if mainLink == nil, CellClock.now().timeIntervalSince(lastReconnect) > 5 {
            reconnect()
        }
        if mainLink != nil && waitingCache > 0 { fresh += sendWaiting() } else { updateCounts() }
        return fresh.sorted { $0.seq < $1.seq }
    }

    private func reconnect() {
        lastReconnect = CellClock.now()
        let link: DatabaseLink
        do { link = try DatabaseLink(url, timeout: 2) } catch {
            let said = DatabaseError.from(error, url: url, connecting: true)
            if !said.unreachable { linkProblem = said.message }
            return
        }
        linkProblem = nil
        mainLink = link
        login = link.login
        linkSince = CellClock.now()
        try? catchUp(link)
    }

    private func goOffline() {
        mainLink?.close()
        mainLink = nil
        linkSince = CellClock.now()
    }

    /// Sends what waits here, in order, each checked again against the database as it is now. A refused one
    /// stays, marked with why (both values), until it is resolved; the others go on. Returns what was saved.
    @discardableResult
    private func sendWaiting() -> [JournalEntry] {
        guard let link = mainLink else { return [] }
        var saved: [JournalEntry] = []
        do {
            try outbox.update { waiting in
                var kept: [Outbox.Change] = []
                for var change in waiting {
                    if change.refused != nil { kept.append(change); continue }
                    do {
                        if case .saved(let entries) = try append(change.ops, request: change.id, on: link) { saved += entries }
                    } catch let refusal as StoreError {
                        if case .conflict(let conflicts) = refusal { change.refused = conflicts.map(\.description).joined(separator: "; ") }
                        else { change.refused = "\(refusal)" }
                        kept.append(change)
                    } catch let e as DatabaseError where e.unreachable {
                        goOffline()
                        kept.append(change)
                    }
                }
                return kept
            }
        } catch {
            warnings.append("the changes waiting at this site could not be sent: \(error)")
        }
        updateCounts()
        return saved
    }

    /// Reads the outbox again when its file changed (here, or by another console on this cache), and lays
    /// what waits over the cache. Called on every look for others' changes, so the file is read only when it moved.
    private func updateCounts() {
        let seen = outbox.fingerprint()
        if seen != outboxSeen {
            outboxSeen = seen
            let all = (try? outbox.changes()) ?? []
            waitingList = all.filter { $0.refused == nil }
            waitingCache = waitingList.count
            refusedCache = all.compactMap(\.refused)
        }
        layOver(waitingList)
    }

    /// Lays the waiting changes over the cache, in order, each as it would apply; one that no longer would
    /// (the record moved under it) is left out here and said when the database refuses it. Their log lines say
    /// they wait. Numbers stay the cache's, so "since you last looked" and the follower count only the database.
    private func layOver(_ waiting: [Outbox.Change]) {
        let key = (seq: cache.store.seq, ids: waiting.map(\.id))
        if let overlayKey, overlayKey.seq == key.seq, overlayKey.ids == key.ids, overlay != nil || waiting.isEmpty { return }
        overlayKey = key
        guard !waiting.isEmpty else { overlay = nil; return }
        var next = cache.store
        let head = next.seq
        // One that is refused leaves `next` as it was.
        for change in waiting { _ = try? next.applyNew(change.ops, by: change.operator, at: change.time) }
        var world = next.world
        for i in world.events.indices where world.events[i].seq > head {
            world.events[i].text += " · waiting to send"
        }
        overlay = Store(world: world, seq: head)
    }

    // MARK: The cache's housekeeping

    public func compact() throws { try cache.compact() }
    public func replaceAll(with newStore: Store) throws {
        throw DatabaseError(message: "a database is filled from a directory with crisiscell db push, not replaced")
    }
    public var compactsInline: Bool {
        get { cache.compactsInline }
        set { cache.compactsInline = newValue }
    }
    public var wantsSnapshot: Bool { cache.wantsSnapshot }
    public func startBackgroundSnapshot() { cache.startBackgroundSnapshot() }
    @discardableResult public func finishBackgroundSnapshot(wait: Bool) throws -> Bool { try cache.finishBackgroundSnapshot(wait: wait) }
}

/// Which database a cache directory holds a copy of, so two never mix.
struct CacheIdentity: Codable {
    var cell: String
    var url: String
}

extension PostgresStore {
    /// Settles a waiting change the database refused: `keep` sends it again expecting what the record holds
    /// now (the operator has seen both values and chose theirs over the colleague's); otherwise it is dropped.
    public func resolve(_ id: String, keep: Bool) throws {
        let matching = try outbox.changes().filter { $0.id.hasPrefix(id.lowercased()) }
        guard id.count >= 4, matching.count == 1, let change = matching.first else {
            throw DatabaseError(message: matching.count > 1 ? "\(id) names \(matching.count) waiting changes; give more of the id"
                                                           : "no waiting change \(id) at this site (crisiscell outbox lists them)")
        }
        let id = change.id
        if keep {
            guard let link = mainLink else { throw DatabaseError(message: "the database cannot be reached now; the change stays waiting", unreachable: true) }
            try catchUp(link)
            let ops = change.ops.map { $0.expectingCurrent(in: cache.store.world) }
            _ = try append(ops, request: change.id + "-kept", on: link)
        }
        try outbox.update { $0.filter { $0.id != id } }
        updateCounts()
    }

    /// What waits at this site, in order.
    public func waitingChanges() throws -> [Outbox.Change] { try outbox.changes() }
}
