import CrisisModel
import CrisisStorage
import Foundation
import PostgresNIO

/// The writer's side: everything here runs on `writer` (or in `init`, before the console starts), the only
/// code that uses the writing link.
extension PostgresStore {
    /// Sends one change; an unreachable or silent database takes the link down (the writer reconnects later).
    func attempt(_ ops: [StoreOperation], request: String, madeAt: Date? = nil) throws -> SaveResult {
        guard let link = mainLink else {
            throw DatabaseError(message: "cannot reach the database at \(url)", unreachable: true)
        }
        do {
            let result = try append(ops, request: request, madeAt: madeAt, on: link)
            state.withLock {
                busyProblem = nil
                backoff.succeeded()
            }
            return result
        } catch let e as DatabaseError where e.unreachable {
            goOffline()
            if e.oldPrimary { state.withLock { linkProblem = e.message } }
            throw e
        } catch let e as DatabaseError where e.busy {
            state.withLock {
                busyProblem = e.message
                backoff.failed()
            }
            throw e
        } catch let e as DatabaseError {
            // Neither refused nor unreachable (an answer this program did not expect): not tried again at once.
            state.withLock { backoff.failed() }
            throw e
        }
    }

    /// Appends under the writers' lock, taken before catching up and checking: what is checked is the head it
    /// is appended on, so writers at many sites queue rather than retry, and none starves. Only a login that
    /// may write can take that lock, and its wait is bounded (the database then says who holds it). `madeAt`:
    /// when a change that waited at this site was made, which the database keeps beside its own time.
    func append(_ ops: [StoreOperation], request: String, madeAt: Date? = nil, on link: DatabaseLink) throws
        -> SaveResult
    {
        // Most of the catching up is done before the lock, so a site far behind does not hold other writers up.
        try catchUp(link)
        try link.execute("BEGIN")
        var committed = false
        defer { if !committed { _ = try? link.execute("ROLLBACK") } }
        do { try link.query("SELECT crisiscell.lock_writers(5000)") } catch let e as DatabaseError
            where e.sqlState == "55P03"
        {
            throw DatabaseError(message: e.serverMessage ?? e.message, sqlState: e.sqlState, busy: true)
        } catch let e as DatabaseError where e.sqlState == "42501" {
            throw refused(e)
        }
        try catchUp(link)
        // The server this link reached may have been left behind by a promotion since (seen by the follower): the
        // change waits for the new primary rather than split the record.
        if var old = timelines.refusal(link.server, server: link.url.endpoint) {
            old.unreachable = true
            throw old
        }
        // Sent before and committed, its answer lost on the way: it is there, whatever a check now would say.
        if try Self.alreadyAppended(request, on: link) { return .unchanged("already in the database") }
        // Checked against the database's record alone: what waits at this site is being sent, not yet in it.
        let (base, checked, why): (Int, [JournalEntry], String?) = try state.withLock {
            var next = cache.store
            let (checked, why) = try next.applyNew(ops, by: login ?? operatorName, at: CellClock.now())
            return (cache.store.seq, checked, why)
        }
        guard !checked.isEmpty else { return .unchanged(why ?? "nothing changed") }
        let reduced = checked.map(\.op)
        let texts = try reduced.map { try $0.jsonText() }
        let rows: [PostgresRow]
        do {
            rows = try link.query(
                "SELECT seq, at, made_at, operator FROM crisiscell.append($1, $2, $3, $4)",
                [
                    PostgresData(int64: Int64(base)),
                    PostgresData(array: texts.map { PostgresData(string: $0) }, elementType: .text),
                    PostgresData(string: request),
                    madeAt.map { PostgresData(date: Timestamp.rounded($0)) }
                        ?? PostgresData(type: .timestamptz, value: nil),
                ])
        } catch let e as DatabaseError where ["42501", "22023", "54000", "22P02"].contains(e.sqlState ?? "") {
            throw refused(e)
        }
        guard !rows.isEmpty else {
            throw DatabaseError(
                message:
                    "the database did not take the change (its head moved under the lock); nothing saved, try again")
        }
        try link.execute("COMMIT")
        committed = true
        var entries: [JournalEntry] = []
        for (row, op) in zip(rows, reduced) {
            let (n, at, made, who) = try row.decode((Int64, Date, Date?, String).self)
            entries.append(
                JournalEntry(
                    seq: Int(n), time: Timestamp.rounded(at), operator: who, op: op,
                    madeAt: made.map(Timestamp.rounded)))
        }
        // Committed is saved, whatever this site's disk says now: the cache catches up from the database later
        // (and a retry cannot double it: the database knows this request).
        do { try state.withLock { _ = try cache.mirror(entries) } } catch {
            state.withLock {
                warningList.append(
                    "saved in the database, but this site's copy could not be written (\(error)); it catches up by itself"
                )
            }
        }
        follower?.advance(to: entries.last?.seq ?? 0)
        return .saved(entries)
    }

    /// The server refused the change for this login or for its shape: said in its words, never taken for a
    /// dropped link.
    func refused(_ e: DatabaseError) -> StoreError {
        let said = e.serverMessage ?? e.message
        let who = login ?? url.user
        if said.hasPrefix("permission denied") {
            return .invalid(
                field: "not saved",
                reason:
                    "\(who) may only read this database (it says: \(said)); an admin can make \(who) an officer: crisiscell db grant \(who) officer"
            )
        }
        return .invalid(field: "not saved", reason: "the database refuses it for \(who): \(said)")
    }

    /// Takes in what the database has that the cache lacks (from a snapshot when the cache is empty).
    func catchUp(_ link: DatabaseLink) throws {
        if state.withLock({ cache.store.seq == 0 }), let snap = try DatabaseReader.newestSnapshot(after: 0, on: link) {
            let whole = Store(world: snap.world, seq: snap.seq)
            // A console draws on it at once while its copy is written; a command (soon gone) writes it first.
            try state.withLock {
                if live { try cache.seed(with: whole) } else { try cache.replaceAll(with: whole) }
            }
        }
        let head = try DatabaseReader.head(on: link)
        let have = state.withLock { cache.store.seq }
        if head < have {
            // A standby behind this site (a wall reading one) is late, not wrong.
            if link.server.inRecovery { return }
            throw DatabaseError(
                message: Self.lostTail(directory: cache.directory.path, url: link.url, head: head, have: have))
        }
        while state.withLock({ cache.store.seq }) < head {
            let batch = try DatabaseReader.operations(after: state.withLock { cache.store.seq }, on: link)
            if batch.isEmpty { break }
            try state.withLock { _ = try cache.mirror(batch) }
        }
    }

    func reconnect() {
        let link: DatabaseLink
        do {
            link = try DatabaseLink(url, timeout: url.connectWait(default: 2), want: writingAttrs, seen: timelines)
        } catch {
            let said = DatabaseError.from(error, url: url, connecting: true)
            state.withLock {
                if !said.unreachable { linkProblem = said.message }
                backoff.failed()
            }
            return
        }
        do {
            try verifyCopy(on: link)
            try catchUp(link)
        } catch {
            link.close()
            let said = DatabaseError.from(error, url: url)
            state.withLock {
                if !said.unreachable { linkProblem = said.message }
                backoff.failed()
            }
            return
        }
        let refusal = Result { try Self.refusal(on: link) }
        state.withLock {
            linkProblem = nil
            mainLink = link
            login = link.login
            linkSince = CellClock.now()
            // What the server says now, either way: a viewer made an officer may write from here on.
            if case .success(let now) = refusal { writeRefusal = now }
            backoff.succeeded()
        }
    }

    func goOffline() {
        mainLink?.close()
        state.withLock {
            mainLink = nil
            linkSince = CellClock.now()
            backoff.failed()
        }
    }

    /// Sends what waits here, in order, each checked again against the database as it is now. A refused one
    /// stays, marked with why (both values), until it is resolved; the others go on. The outbox is not held
    /// while sending, so the console can keep a new change meanwhile; two sites' processes sending the same
    /// change is harmless, as the database knows each change's id. Returns what was saved.
    @discardableResult
    func sendWaiting() -> [JournalEntry] {
        var saved: [JournalEntry] = []
        var settled: [String: String?] = [:]
        for change in (try? outbox.changes()) ?? [] where change.refused == nil {
            guard mainLink != nil else { break }
            do {
                if case .saved(let entries) = try attempt(change.ops, request: change.id, madeAt: change.time) {
                    saved += entries
                }
                settled[change.id] = .some(nil)
            } catch let refusal as StoreError {
                if case .conflict(let conflicts) = refusal {
                    settled[change.id] = conflicts.map(\.description).joined(separator: "; ")
                } else {
                    settled[change.id] = "\(refusal)"
                }
            } catch {
                // Unreachable, busy or silent: it waits, and the ones after it wait behind it.
                break
            }
        }
        if !settled.isEmpty {
            do {
                try outbox.update { waiting in
                    waiting.compactMap { change in
                        guard let outcome = settled[change.id] else { return change }
                        guard let why = outcome else { return nil }
                        var refused = change
                        refused.refused = why
                        return refused
                    }
                }
            } catch {
                state.withLock {
                    warningList.append("the changes sent from this site could not be struck from its outbox: \(error)")
                }
            }
        }
        updateCounts()
        return saved
    }

    /// The writer's answer came after the console had kept the change in the outbox: settle it there.
    func settleLate(_ result: Result<SaveResult, Error>, request: String) {
        _ = try? outbox.update { waiting in
            waiting.compactMap { change in
                guard change.id == request else { return change }
                switch result {
                case .success: return nil
                case .failure(let error as StoreError):
                    var refused = change
                    if case .conflict(let conflicts) = error {
                        refused.refused = conflicts.map(\.description).joined(separator: "; ")
                    } else {
                        refused.refused = "\(error)"
                    }
                    return refused
                case .failure: return change
                }
            }
        }
        updateCounts()
    }

    /// Whether the database holds the change with this id already.
    static func alreadyAppended(_ request: String, on link: DatabaseLink) throws -> Bool {
        try !link.query(
            "SELECT 1 FROM crisiscell.operations WHERE request = $1", [PostgresData(string: request + "#1")]
        ).isEmpty
    }

    // MARK: Settling what waits (crisiscell outbox)

    /// Settles a waiting change the database refused: `keep` sends it again expecting what the record holds
    /// now (the operator has seen both values and chose theirs over the colleague's); otherwise it is dropped.
    /// A damaged line (`damaged-…`) can only be dropped. Keeping is sent by the writer; after `wait` without
    /// its answer this returns false and the writer finishes it (the console never waits on a hung link).
    @discardableResult
    public func resolve(_ id: String, keep: Bool, wait: TimeInterval = 30) throws -> Bool {
        if id.hasPrefix("damaged-") {
            guard !keep else {
                throw DatabaseError(message: "\(id) cannot be read, so it cannot be sent; --drop removes it")
            }
            guard try outbox.damaged().contains(where: { $0.id == id }) else {
                throw DatabaseError(message: "no damaged line \(id) at this site (crisiscell outbox lists them)")
            }
            try outbox.drop(damaged: id)
            updateCounts()
            return true
        }
        let matching = try outbox.changes().filter { $0.id.hasPrefix(id.lowercased()) }
        guard id.count >= 4, matching.count == 1, let change = matching.first else {
            throw DatabaseError(
                message: matching.count > 1
                    ? "\(id) names \(matching.count) waiting changes; give more of the id"
                    : "no waiting change \(id) at this site (crisiscell outbox lists them)")
        }
        if keep {
            let ticket = SaveTicket()
            writer.async { [self] in _ = ticket.finish(Result { try keepMine(change) }) }
            guard let answer = try ticket.wait(wait, orKeep: {}) else { return false }
            _ = try answer.get()
            return true
        }
        try outbox.update { $0.filter { $0.id != change.id } }
        updateCounts()
        return true
    }

    /// On the writer: sends mine over what the record holds now, then strikes it from the outbox.
    private func keepMine(_ change: Outbox.Change) throws -> SaveResult {
        guard let link = mainLink else {
            throw DatabaseError(
                message: "the database cannot be reached now; the change stays waiting", unreachable: true)
        }
        // Already in the database (committed, its answer lost): nothing to send in its place.
        if try !Self.alreadyAppended(change.id, on: link) {
            try catchUp(link)
            let ops = state.withLock { change.ops.map { $0.expectingCurrent(in: cache.store.world) } }
            // Keeping mine is a decision made now: dated now, so the histories place it where its value stands.
            _ = try append(ops, request: change.id + "-kept", on: link)
        }
        try outbox.update { $0.filter { $0.id != change.id } }
        updateCounts()
        return .unchanged("kept")
    }

    /// What waits at this site, in order.
    public func waitingChanges() throws -> [Outbox.Change] { try outbox.changes() }

    public func waitingToSend() throws -> [WaitingChange] {
        try outbox.changes().map {
            WaitingChange(id: $0.id, madeAt: $0.time, operator: $0.operator, ops: $0.ops, refused: $0.refused)
        }
    }

    public func settleWaiting(_ id: String, keepMine: Bool) throws -> Bool {
        try resolve(id, keep: keepMine, wait: answerWait)
    }

    /// Lines of the outbox that cannot be read.
    public func damagedChanges() throws -> [Outbox.Damaged] { try outbox.damaged() }
}
