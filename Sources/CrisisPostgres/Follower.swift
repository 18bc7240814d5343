import CrisisModel
import CrisisStorage
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Follows the database on a thread of its own, so the console never waits on the network to draw: it
/// LISTENs for the notification each append sends, fetches what is new, and hands it over through a queue,
/// waking the console through a pipe. It reconnects when the link drops, and says whether it is up.
final class Follower: @unchecked Sendable {
    private let url: DatabaseURL
    private let lock = NSLock()
    private var queue: [JournalEntry] = []
    private var lastSeq: Int
    private var online: Bool
    private var stopped = false
    private let nudge = DispatchSemaphore(value: 0)
    /// The console polls the read end; a byte means "look at the queue".
    let wake: (read: Int32, write: Int32)
    private var presenceRows: [String] = []
    /// Why the database refuses this site (a certificate, a password, a role), while it does: not a dropped
    /// link, which comes back by itself, but something a person must mend.
    private var refusal: String?
    private let operatorName: String
    /// What a server must be for this console to follow it, and the timeline mark its links check.
    private let want: DatabaseURL.TargetSessionAttrs
    private let timelines: TimelineMark?
    /// Checks, before following a server, that its history is this site's (not one numbered over lost changes).
    private let verify: (@Sendable (DatabaseLink) throws -> Void)?
    /// The server followed now, the one lost (and when), and when the link came back on another.
    private var move = ServerMove()

    init(
        url: DatabaseURL, from seq: Int, online: Bool, operatorName: String,
        want: DatabaseURL.TargetSessionAttrs? = nil, timelines: TimelineMark? = nil, server: String? = nil,
        verify: (@Sendable (DatabaseLink) throws -> Void)? = nil
    ) {
        self.url = url
        self.verify = verify
        self.want = want ?? url.targetSessionAttrs
        self.timelines = timelines
        move.server = server
        self.lastSeq = seq
        self.online = online
        self.operatorName = operatorName
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wake = (fds[0], fds[1])
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    func start() {
        Thread.detachNewThread { [self] in run() }
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        nudge.signal()
    }

    /// What arrived since the last call, whether the link is up, and why the database refuses this site.
    func take() -> (entries: [JournalEntry], online: Bool, refusal: String?) {
        var byte: UInt8 = 0
        while read(wake.read, &byte, 1) == 1 {}
        lock.lock()
        defer { lock.unlock() }
        let out = queue
        queue.removeAll()
        return (out, online, refusal)
    }

    /// Others with the database open (their logins), from the presence table.
    var others: [String] {
        lock.lock()
        defer { lock.unlock() }
        return presenceRows
    }

    var isOnline: Bool {
        lock.lock()
        defer { lock.unlock() }
        return online
    }

    /// Which server this console follows, and whether the database is moving or has moved.
    var serverMove: ServerMove {
        lock.lock()
        defer { lock.unlock() }
        return move
    }

    /// Since when a question to the database has gone unanswered (a hung link), while one has.
    var silentSince: Date? {
        lock.lock()
        defer { lock.unlock() }
        return asking
    }
    private var asking: Date?

    /// Wakes the console (the writer settled a change it had stopped waiting for).
    func nudgeConsole() { poke() }

    /// The main thread saved up to `seq` itself: nothing before it needs fetching.
    func advance(to seq: Int) {
        lock.lock()
        lastSeq = max(lastSeq, seq)
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func setOnline(_ value: Bool, refusal why: String? = nil, server: String? = nil) {
        lock.lock()
        let changed = online != value || refusal != why
        if value, let server {
            move.reached(server, at: CellClock.now())
        } else if !value, online {
            move.lost(at: CellClock.now())
        }
        online = value
        refusal = why
        lock.unlock()
        if changed { poke() }
    }

    private func poke() {
        var b: UInt8 = 1
        _ = write(wake.write, &b, 1)
    }

    /// Each question waits at most this long: a hung link (a server stopped, a black-holed route) is taken for
    /// a dropped one within it, and the top bar says so from 2 s on.
    static let answerTimeout: TimeInterval = 4
    /// A standby sends no notifications (LISTEN is refused during recovery): a console there looks this often.
    static let standbyPoll: TimeInterval = 0.25

    private func run() {
        var link: DatabaseLink?
        var lastBeat = Date.distantPast
        var backoff = Backoff()
        // With several servers listed, a lost one is a failover in progress: look again soon, so the console is
        // on the promoted standby within seconds of its promotion.
        if url.endpoints.count > 1 { backoff.ceiling = 2 }
        var onStandby = false
        let host = ProcessInfo.processInfo.hostName
        let pid = getpid()
        while !isStopped {
            if link == nil || link!.isClosed {
                do {
                    let l = try asked {
                        try DatabaseLink(url, timeout: url.connectWait(default: 2), want: want, seen: timelines)
                    }
                    do { try asked { try verify?(l) } } catch {
                        l.close()
                        throw error
                    }
                    onStandby = l.server.inRecovery
                    if !onStandby {
                        try asked { try l.listen(Schema.channel) { [weak self] _ in self?.nudge.signal() } }
                    }
                    link = l
                    backoff.succeeded()
                    setOnline(true, server: l.url.endpoint.name)
                } catch {
                    link = nil
                    let said = DatabaseError.from(error, url: url, connecting: true)
                    setOnline(false, refusal: said.unreachable ? nil : said.message)
                    // Backing off, so a server that refuses or a link that flaps is not knocked on without end.
                    backoff.failed()
                    _ = nudge.wait(timeout: .now() + backoff.delay)
                    continue
                }
            }
            do {
                lock.lock()
                let after = lastSeq
                lock.unlock()
                let fresh = try asked {
                    try DatabaseReader.operations(after: after, on: link!, timeout: Self.answerTimeout)
                }
                if !fresh.isEmpty {
                    lock.lock()
                    queue += fresh.filter { $0.seq > lastSeq }
                    lastSeq = max(lastSeq, fresh.last!.seq)
                    lock.unlock()
                    poke()
                    if fresh.count == 5_000 { continue }
                }
                // Presence is written, and a standby takes no writes: a wall there is not counted as present.
                if !onStandby, Date().timeIntervalSince(lastBeat) >= 3 {
                    lastBeat = Date()
                    // Presence is a courtesy: a refusal of it never takes the link down.
                    do { try asked { try beat(link!, host: host, pid: pid) } } catch let e as DatabaseError
                        where !e.unreachable
                    {}
                }
            } catch {
                link?.close()
                link = nil
                setOnline(false)
                backoff.failed()
                _ = nudge.wait(timeout: .now() + backoff.delay)
                continue
            }
            // Woken by a notification at once; else a look every second, in case one was missed (on a standby,
            // which sends none, every quarter second).
            _ = nudge.wait(timeout: .now() + (onStandby ? Self.standbyPoll : 1))
        }
        if let link {
            if !onStandby {
                _ = try? link.query(
                    "SELECT crisiscell.gone($1, $2::integer)", [.init(string: host), .init(int: Int(pid))], timeout: 2)
            }
            link.close()
        }
    }

    /// Runs one question to the database, noting when it started so a silence is seen while it lasts.
    private func asked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        asking = Date()
        lock.unlock()
        defer {
            lock.lock()
            asking = nil
            lock.unlock()
        }
        return try body()
    }

    /// This console's heartbeat, and who else's is fresh.
    private func beat(_ link: DatabaseLink, host: String, pid: Int32) throws {
        try link.query(
            "SELECT crisiscell.here($1, $2::integer)", [.init(string: host), .init(int: Int(pid))],
            timeout: Self.answerTimeout)
        let rows = try link.query(
            """
            SELECT login, host, pid, login = session_user FROM crisiscell.presence
            WHERE heartbeat > now() - interval '20 seconds' AND NOT (login = session_user AND host = $1 AND pid = $2) ORDER BY login
            """, [.init(string: host), .init(int: Int(pid))], timeout: Self.answerTimeout)
        var names: [String] = []
        for row in rows {
            let (login, rowHost, rowPid, mine) = try row.decode((String, String, Int32, Bool).self)
            // A console of this login on this machine whose process is gone (killed, or its line dropped before it
            // could say so) is not "also here": its row goes now rather than in 20 s.
            if mine, rowHost == host, kill(rowPid, 0) != 0, errno == ESRCH {
                _ = try? link.query(
                    "SELECT crisiscell.gone($1, $2::integer)", [.init(string: host), .init(int: Int(rowPid))],
                    timeout: Self.answerTimeout)
                continue
            }
            if names.last != login { names.append(login) }
        }
        lock.lock()
        presenceRows = names
        lock.unlock()
    }
}
