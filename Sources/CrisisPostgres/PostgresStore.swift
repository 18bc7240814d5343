import CrisisModel
import CrisisStorage
import Foundation
import PostgresNIO

/// The cell's record in a PostgreSQL database, seen through this site's cache directory. The cache is an
/// ordinary data directory holding the database's operations with the database's numbers, so a console
/// opens on it at once and fetches only what it lacks. A change is checked here, then sent by a writer thread
/// of its own: the database takes the writers' lock, this site catches up and checks again, and the database
/// appends on that head. The console never waits on the network longer than `answerWait`: when the database
/// has not answered by then (a hung link), the change is kept in the site's outbox (fsynced) and the writer
/// settles it there when the answer comes, or sends it again, once, when the link is back.
public final class PostgresStore: CellStore, @unchecked Sendable {
    public let url: DatabaseURL
    public let readOnly: Bool
    /// A console (following others' changes on a thread), not a command.
    let live: Bool
    /// Guards everything below that both the console's thread and the writer's touch.
    let state = NSRecursiveLock()
    let cache: Repository
    let outbox: Outbox
    /// Only the writer's queue uses the writing link (and `init`, before the queue has work).
    let writer = DispatchQueue(label: "crisiscell.writer")
    var mainLink: DatabaseLink?
    var backoff = Backoff()
    var writerBusy = false
    /// When the change the writer is sending now was handed to it (how long the database has been silent).
    var inFlightSince: Date?
    var follower: Follower?
    let operatorName: String
    var linkSince: Date
    var linkProblem: String?
    var busyProblem: String?
    var refusedCache: [String] = []
    var damagedCount = 0
    var waitingCache = 0
    var waitingList: [Outbox.Change] = []
    var outboxSeen: [Int]?
    /// The cache with this site's waiting changes laid over it, so the panes show what the operator did while
    /// offline (the top bar says how many are not yet in the database); nil when nothing waits.
    var overlay: Store?
    var overlayKey: (seq: Int, ids: [String])?
    /// How long a console waits for the database's answer before keeping the change at this site.
    public let answerWait: TimeInterval
    /// The database's login; the name recorded with every change, whatever --operator says.
    public internal(set) var login: String?
    var warningList: [String] = []
    /// Problems survived, to show the user; the writer adds to them on its own thread.
    public var warnings: [String] { state.withLock { warningList } }
    /// Asked of the database on opening and kept in the cache, so a viewer is refused at once offline too. The
    /// server still refuses either way.
    public internal(set) var writeRefusal: String?
    let identityFile: String
    /// The highest server timeline this site has seen: an old primary behind it is refused.
    let timelines: TimelineMark
    /// What the writer's link must reach (a server that takes changes), and what the follower's must.
    var writingAttrs: DatabaseURL.TargetSessionAttrs { url.targetSessionAttrs.forWriting }
    var followingAttrs: DatabaseURL.TargetSessionAttrs {
        // A console that writes follows the server it writes to, so "online" means its changes go through; a
        // read-only one (a wall, a briefing) follows what the URL asks, a standby with prefer-standby.
        readOnly || url.targetSessionAttrs != .any ? url.targetSessionAttrs : writingAttrs
    }

    /// Opens the database through `cache`. `live`: follow others' changes on a thread (consoles), rather than
    /// only when asked (commands). Unreachable: opens on the cache alone, offline, when the cache holds this
    /// database's record; with an empty cache, says why it cannot start.
    public init(
        url: DatabaseURL, cache directory: DataDirectory, readOnly: Bool = false, live: Bool = false,
        operatorName: String, answerWait: TimeInterval? = nil
    ) throws {
        self.url = url
        self.readOnly = readOnly
        self.live = live
        self.operatorName = operatorName
        self.answerWait = answerWait ?? (live ? 0.2 : 30)
        cache = try Repository(directory: directory)
        outbox = try Outbox(directory: directory)
        linkSince = CellClock.now()
        // Until the server says otherwise, the login is the URL's user (who a change will be recorded as).
        login = url.user
        warningList = cache.warnings
        identityFile = directory.path + "/database.json"
        timelines = TimelineMark(file: directory.path + "/server-timeline")
        if url.endpoints.count > 1 { backoff.ceiling = 2 }
        let known = (try? Data(contentsOf: URL(fileURLWithPath: identityFile))).flatMap {
            try? JSONDecoder().decode(CacheIdentity.self, from: $0)
        }
        do {
            let link = try DatabaseLink(
                url, timeout: url.connectWait(default: 5), want: readOnly ? followingAttrs : writingAttrs,
                seen: timelines)
            let id = try DatabaseReader.identity(on: link)
            if let known, known.cell != id.cell {
                throw DatabaseError(
                    message:
                        "\(directory.path) caches another database (\(known.url)), not \(url): give this one a cache of its own with --data"
                )
            }
            if known == nil && cache.store.seq > 0 {
                throw DatabaseError(
                    message:
                        "\(directory.path) holds a local record, not a cache of \(url): give the database another --data directory (or move this record in with crisiscell db push)"
                )
            }
            try verifyCopy(on: link)
            mainLink = link
            login = link.login
            try catchUp(link)
            writeRefusal = try Self.refusal(on: link)
            // Kept for when this site opens offline: a viewer's change is then refused at once, as online.
            let identity = CacheIdentity(
                cell: id.cell, url: url.description, login: link.login, writeRefusal: writeRefusal)
            if identity != known {
                try PendingFile.replacePrivateFile(try JSONEncoder().encode(identity), at: identityFile)
            }
        } catch let e as DatabaseError where e.unreachable || e.oldPrimary {
            guard let known else { throw e }
            // A first copy that never landed (the console was killed while writing it) is nothing to work on:
            // an empty cell shown as if it were the record would mislead, and changes made on it would too.
            guard cache.store.seq > 0 else {
                throw DatabaseError(
                    message: "\(e.message); this site holds no copy of the database yet, so it cannot work offline",
                    unreachable: e.unreachable)
            }
            warningList.append("working offline on this site's copy: \(e.message)")
            if e.oldPrimary { linkProblem = e.message }
            backoff.failed()
            if known.login == nil || known.login == url.user { writeRefusal = known.writeRefusal }
        }
        follower =
            live
            ? Follower(
                url: url, from: cache.store.seq, online: mainLink != nil, operatorName: operatorName,
                want: followingAttrs, timelines: timelines, server: mainLink?.url.endpoint.name,
                verify: { [weak self] link in try self?.verifyCopy(on: link) }) : nil
        follower?.start()
        // A console must not wait on opening either: its writer sends what waited here once it runs.
        if mainLink != nil {
            if live { writer.async { [self] in sendWaiting() } } else { writer.sync { _ = sendWaiting() } }
        }
        updateCounts()
    }

    // No writer job can be running: each holds the store. The last may be the one releasing it, on the writer's
    // own queue, so this must not wait for that queue.
    deinit {
        follower?.stop()
        mainLink?.close()
    }

    /// Why this login may not write (a viewer), asked of the server's own privileges.
    static func refusal(on link: DatabaseLink) throws -> String? {
        let rows = try link.query(
            "SELECT has_function_privilege('crisiscell.append(bigint, text[], text, timestamptz)', 'EXECUTE')")
        guard let row = rows.first, try row.decode(Bool.self) == false else { return nil }
        let who = link.login
        return
            "\(who) may only read this database (a viewer); an admin can make \(who) an officer: crisiscell db grant \(who) officer"
    }

    /// What the consoles show: the database's record as this site last had it, and what waits to be sent.
    public var store: Store { state.withLock { overlay ?? cache.store } }
    public var snapshotProblem: String? { state.withLock { cache.snapshotProblem } }
    public var directory: DataDirectory { cache.directory }
    public var recordedOperator: String? { state.withLock { login } }
    public var wakeDescriptor: Int32? { follower?.wake.read }
    /// Nobody can be known to be here while the link is down.
    public var othersPresent: [String]? { follower.map { $0.isOnline ? $0.others : [] } }
    public var link: LinkStatus? {
        state.withLock {
            // A console's follower asks the database every second; the writer's link only when there is a change.
            let online = follower?.isOnline ?? (mainLink != nil)
            var status = LinkStatus(
                online: online, since: linkSince, waiting: waitingCache, refused: refusedCache,
                problem: online ? nil : linkProblem)
            status.damaged = damagedCount
            status.busy = busyProblem
            status.servers = url.endpoints.count
            status.move = follower?.serverMove ?? ServerMove(server: mainLink?.url.endpoint.name)
            let now = Date()
            let silent = [inFlightSince, follower?.silentSince].compactMap { $0 }.min().map {
                now.timeIntervalSince($0)
            }
            if let silent, silent >= 2 { status.silentFor = silent }
            return status
        }
    }

    // MARK: Changing

    public func commit(_ op: StoreOperation, by who: String) throws -> Repository.Outcome {
        switch try send([op], by: who) {
        case .saved(let entries): return entries.first.map { .saved($0) } ?? .unchanged("already in the database")
        case .unchanged(let why): return .unchanged(why)
        case .queued(let why): return .queued(why)
        }
    }

    /// A batch kept at this site is said as kept (never as a failure, which would have it made again).
    public func save(_ ops: [StoreOperation], by who: String, madeAt: Date?) throws -> SaveResult {
        try send(ops, by: who, madeAt: madeAt)
    }

    public func commit(_ ops: [StoreOperation], by who: String) throws -> [JournalEntry] {
        switch try send(ops, by: who) {
        case .saved(let entries): return entries
        case .unchanged: return []
        case .queued(let why):
            throw DatabaseError(message: "the database did not take the batch now; it is kept at this site: \(why)")
        }
    }

    /// Checks a change here and hands it to the writer; keeps it at this site when the database cannot be
    /// reached or has not answered within `answerWait`.
    private func send(_ ops: [StoreOperation], by who: String, madeAt: Date? = nil) throws -> SaveResult {
        guard !readOnly else { throw StoreError.invalid(field: "database", reason: "opened read-only") }
        guard !ops.isEmpty else { return .unchanged("nothing to save") }
        if let refusal = state.withLock({ writeRefusal }) {
            throw StoreError.invalid(field: "not saved", reason: refusal)
        }
        if let problem = OperationLimits.problem(in: ops) {
            throw StoreError.invalid(field: "not saved", reason: problem)
        }
        // Checked here as the database will check it, so a mistake or a conflict is said now.
        var next = store
        guard try !next.applyNew(ops, by: recordedOperator ?? who, at: CellClock.now()).entries.isEmpty else {
            return .unchanged("nothing in it changes anything")
        }
        // A command has no follower to notice the link come back: it looks itself (the writer backing off), so
        // one that makes many changes through a failover sends them to the promoted standby as soon as it can.
        if follower == nil, state.withLock({ backoff.isDue }) { scheduleWriter() }
        // One id for this change, wherever it ends up being sent from: the database never appends it twice.
        let request = UUID().uuidString.lowercased()
        let direct = state.withLock { mainLink != nil && waitingCache == 0 && !writerBusy }
        guard direct else { return try keep(ops, by: who, id: request, madeAt: madeAt, why: keptReason()) }
        let ticket = SaveTicket()
        state.withLock {
            writerBusy = true
            inFlightSince = Date()
        }
        writer.async { [self] in
            let r = Result { try attempt(ops, request: request, madeAt: madeAt) }
            state.withLock {
                writerBusy = false
                inFlightSince = nil
            }
            if !ticket.finish(r) { settleLate(r, request: request) }
            follower?.nudgeConsole()
        }
        let answer = try ticket.wait(answerWait) {
            _ = try outbox.add(ops, by: recordedOperator ?? who, id: request, now: madeAt ?? CellClock.now())
        }
        guard let answer else {
            updateCounts()
            return .queued("the database has not answered yet (\(Self.seconds(answerWait))); sent as soon as it does")
        }
        do { return try answer.get() } catch let e as DatabaseError where e.unreachable || e.busy {
            return try keep(
                ops, by: who, id: request, madeAt: madeAt, why: e.busy ? e.message : "the database cannot be reached")
        }
    }

    private func keep(_ ops: [StoreOperation], by who: String, id: String, madeAt: Date?, why: String) throws
        -> SaveResult
    {
        let count = try outbox.add(ops, by: recordedOperator ?? who, id: id, now: madeAt ?? CellClock.now())
        updateCounts()
        // A console's writer tries again when due; a command leaves it to the next one (it has said why it waits).
        if follower != nil { scheduleWriter() }
        return .queued("\(count) waiting to send; \(why)")
    }

    private func keptReason() -> String {
        state.withLock {
            if let busyProblem { return busyProblem }
            if mainLink == nil { return linkProblem ?? "the database cannot be reached" }
            return writerBusy
                ? "the database has not answered the change before it" : "changes made before it wait to go first"
        }
    }

    static func seconds(_ t: TimeInterval) -> String { t < 1 ? "\(Int(t * 1000)) ms" : "\(Int(t)) s" }

    // MARK: Others' changes, and the link

    public func refresh() throws -> [JournalEntry] {
        var fresh = try state.withLock { try cache.refresh() }
        if let follower {
            let (entries, _, refusal) = follower.take()
            state.withLock { linkProblem = refusal }
            if !entries.isEmpty { fresh += try state.withLock { try cache.mirror(entries) } }
            // The follower saw the link go: the writer's link went with it, whether or not it has noticed.
            if !follower.isOnline, state.withLock({ mainLink != nil && !writerBusy }) {
                writer.async { [self] in goOffline() }
            }
        }
        updateCounts()
        scheduleWriter()
        return fresh.sorted { $0.seq < $1.seq }
    }

    /// Gives the writer what is due, never waiting for it: a reconnect (backing off), or what waits here.
    /// A command (no follower) has no console to keep answering, and does it at once.
    func scheduleWriter() {
        let due: Bool = state.withLock {
            guard !writerBusy, !readOnly else { return false }
            guard let follower else { return mainLink == nil || waitingCache > 0 }
            if mainLink == nil { return backoff.isDue && follower.isOnline }
            return waitingCache > 0 && backoff.isDue
        }
        guard due else { return }
        state.withLock { writerBusy = true }
        let work: @Sendable () -> Void = { [self] in
            if mainLink == nil { reconnect() }
            if mainLink != nil { sendWaiting() }
            state.withLock { writerBusy = false }
            follower?.nudgeConsole()
        }
        if follower == nil { writer.sync(execute: work) } else { writer.async(execute: work) }
    }

    /// Reads the outbox again when its file changed (here, or by another console on this cache), and lays
    /// what waits over the cache. Called on every look for others' changes, so the file is read only when it moved.
    func updateCounts() {
        state.withLock {
            let seen = outbox.fingerprint()
            if seen != outboxSeen {
                outboxSeen = seen
                let all = (try? outbox.changes()) ?? []
                waitingList = all.filter { $0.refused == nil }
                waitingCache = waitingList.count
                refusedCache = all.compactMap(\.refused)
                damagedCount = (try? outbox.damaged().count) ?? 0
            }
            layOver(waitingList)
        }
    }

    /// Lays the waiting changes over the cache, in order, each as it would apply; one that no longer would
    /// (the record moved under it) is left out here and said when the database refuses it. Their log lines say
    /// they wait. Numbers stay the cache's, so "since you last looked" and the follower count only the database.
    private func layOver(_ waiting: [Outbox.Change]) {
        let key = (seq: cache.store.seq, ids: waiting.map(\.id))
        if let overlayKey, overlayKey.seq == key.seq, overlayKey.ids == key.ids, overlay != nil || waiting.isEmpty {
            return
        }
        overlayKey = key
        guard !waiting.isEmpty else {
            overlay = nil
            return
        }
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

    public func compact() throws { try state.withLock { try cache.compact() } }
    public func replaceAll(with newStore: Store) throws {
        throw DatabaseError(message: "a database is filled from a directory with crisiscell db push, not replaced")
    }
    public var compactsInline: Bool {
        get { state.withLock { cache.compactsInline } }
        set { state.withLock { cache.compactsInline = newValue } }
    }
    public var wantsSnapshot: Bool { state.withLock { cache.wantsSnapshot } }
    public func startBackgroundSnapshot() { state.withLock { cache.startBackgroundSnapshot() } }
    @discardableResult public func finishBackgroundSnapshot(wait: Bool) throws -> Bool {
        try state.withLock { try cache.finishBackgroundSnapshot(wait: wait) }
    }
}

/// Which database a cache directory holds a copy of, so two never mix; and, for opening offline, who this
/// site last was there and whether that login may write.
struct CacheIdentity: Codable, Equatable {
    var cell: String
    var url: String
    var login: String?
    var writeRefusal: String?
}
