import CrisisModel
import CrisisStorage
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the database, used from ordinary threads: each call waits for its answer (with a time
/// limit), so the store's code reads top to bottom. Never used from an event loop.
final class DatabaseLink: @unchecked Sendable {
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private static let logger: Logger = {
        var l = Logger(label: "crisiscell.postgres")
        l.logLevel = .critical
        return l
    }()

    /// The URL narrowed to the server this link reached.
    let url: DatabaseURL
    private let connection: PostgresConnection
    /// The task that hands notifications on (see `listen`); cancelled when the link closes.
    private var listening: Task<Void, Never>?
    private var listenBox: ListenBox?
    /// The login the server knows us as (`session_user`): the name recorded with every change.
    let login: String
    /// What the server is: a standby (in recovery) or a primary, read-only or not, and its timeline.
    let server: ServerFacts

    /// Connects to the first of the URL's servers that is what `want` asks (the URL's `target_session_attrs`
    /// unless given), waiting at most `timeout` seconds for each. `seen`: the highest timeline this site has
    /// seen; a primary behind it is an old primary come back on its own, and is refused.
    convenience init(
        _ url: DatabaseURL, timeout fallback: TimeInterval = 5, want: DatabaseURL.TargetSessionAttrs? = nil,
        seen: TimelineMark? = nil
    ) throws {
        let timeout = url.connectWait(default: fallback)
        let want = want ?? url.targetSessionAttrs
        let order = url.loadBalanceHosts ? url.endpoints.shuffled() : url.endpoints
        var failures: [(DatabaseURL.Endpoint, DatabaseError)] = []
        var fallbackLink: (DatabaseURL, PostgresConnection, String, ServerFacts)?
        for server in order {
            let one = url.only(server)
            let connection: PostgresConnection
            let login: String
            let facts: ServerFacts
            do { connection = try Self.open(one, timeout: timeout) } catch {
                failures.append((server, DatabaseError.from(error, url: one, connecting: true)))
                continue
            }
            do { (login, facts) = try Self.facts(connection, one, timeout: timeout) } catch {
                Self.shut(connection)
                failures.append((server, DatabaseError.from(error, url: one, connecting: true)))
                continue
            }
            // With several servers, a primary is used only once the others are asked whether one of the same
            // cluster is further on: a site that never saw the promotion (new, or closed through it) must not
            // write to an old primary either.
            if let seen, !facts.inRecovery, let mine = facts.timeline, url.endpoints.count > 1,
                let newer = Self.newestPrimary(
                    of: url, besides: server, after: mine, like: facts, timeout: min(timeout, 1))
            {
                seen.saw(newer)
            }
            if let old = seen?.refusal(facts, server: server) {
                Self.shut(connection)
                failures.append((server, old))
                continue
            }
            if facts.satisfies(want) {
                self.init(url: one, connection: connection, login: login, server: facts)
                fallbackLink.map { Self.shut($0.1) }
                seen?.saw(facts)
                return
            }
            if want == .preferStandby, fallbackLink == nil {
                fallbackLink = (one, connection, login, facts)
                continue
            }
            Self.shut(connection)
            failures.append(
                (
                    server,
                    DatabaseError(message: "\(server.name) is \(facts.kind), not \(want.words)", unreachable: true)
                ))
        }
        if let (one, connection, login, facts) = fallbackLink {
            self.init(url: one, connection: connection, login: login, server: facts)
            seen?.saw(facts)
            return
        }
        throw DatabaseError.none(of: failures, url: url, want: want)
    }

    /// The highest timeline of a primary among the URL's other servers, when one is past `after`.
    private static func newestPrimary(
        of url: DatabaseURL, besides server: DatabaseURL.Endpoint, after: Int, like mine: ServerFacts,
        timeout: TimeInterval
    ) -> ServerFacts? {
        var best: ServerFacts?
        for other in url.endpoints where other != server {
            guard let connection = try? open(url.only(other), timeout: timeout) else { continue }
            if let (_, facts) = try? Self.facts(connection, url.only(other), timeout: timeout), !facts.inRecovery,
                facts.system == mine.system, let t = facts.timeline, t > max(after, best?.timeline ?? 0)
            {
                best = facts
            }
            shut(connection)
        }
        return best
    }

    /// Closes a connection this link will not keep, waiting (PostgresNIO requires it closed before release).
    private static func shut(_ connection: PostgresConnection) {
        if !connection.isClosed { _ = try? (connection.close() as EventLoopFuture<Void>).wait() }
    }

    private init(url: DatabaseURL, connection: PostgresConnection, login: String, server: ServerFacts) {
        self.url = url
        self.connection = connection
        self.login = login
        self.server = server
    }

    /// Connects to the one server of `url`, bounded as a whole: a server that accepts the connection and then
    /// never answers (stopped, or behind a black-holed route) must not hold a thread past `timeout`.
    private static func open(_ url: DatabaseURL, timeout: TimeInterval) throws -> PostgresConnection {
        var config: PostgresConnection.Configuration
        switch url.endpoint {
        case .socket:
            config = .init(
                unixSocketPath: url.socketPath!, username: url.user, password: url.password, database: url.database)
        case .tcp(let host, let port):
            config = .init(
                host: host, port: port, username: url.user, password: url.password, database: url.database,
                tls: try Self.tls(for: url))
        }
        config.options.connectTimeout = .milliseconds(Int64(timeout * 1000))
        // The server watches the link too: TCP keepalives find a peer that vanished without a word, and a
        // session left idle inside a transaction (a client stopped mid-change) is ended, its locks with it.
        config.options.additionalStartupParameters = [
            ("application_name", "crisiscell"), ("idle_in_transaction_session_timeout", "30s"),
            ("tcp_keepalives_idle", "10"), ("tcp_keepalives_interval", "5"), ("tcp_keepalives_count", "3"),
        ]
        let future = PostgresConnection.connect(
            on: Self.group.next(), configuration: config, id: 1, logger: Self.logger)
        let done = DispatchSemaphore(value: 0)
        let box = ConnectBox()
        future.whenComplete {
            box.set($0)
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout + 0.5) == .success, let result = box.get() else {
            future.whenSuccess { _ = $0.close() as EventLoopFuture<Void> }
            throw DatabaseError(
                message: "cannot reach the database at \(url): no answer in \(Int(timeout.rounded(.up))) s",
                unreachable: true)
        }
        do { return try result.get() } catch {
            throw DatabaseError.from(error, url: url, connecting: true)
        }
    }

    /// Who we are and what the server is, in one round trip (libpq asks the same of each host it tries).
    private static func facts(_ connection: PostgresConnection, _ url: DatabaseURL, timeout: TimeInterval) throws -> (
        String, ServerFacts
    ) {
        let rows = try run(connection, url, ServerFacts.query, [], timeout: timeout)
        guard let row = rows.first else {
            throw DatabaseError(message: "the database at \(url) did not say what it is")
        }
        let (login, recovery, readOnly, timeline, system) = try row.decode((String, Bool, String, Int32?, String?).self)
        return (
            login,
            ServerFacts(
                inRecovery: recovery, readOnly: readOnly == "on", timeline: timeline.map(Int.init), system: system)
        )
    }

    /// TLS as `sslmode` asks: verify-full checks the chain and the name, verify-ca the chain, require only encrypts.
    static func tls(for url: DatabaseURL) throws -> PostgresConnection.Configuration.TLS {
        switch url.sslMode {
        case .disable, .allow: return .disable
        case .prefer, .require, .verifyCA, .verifyFull:
            var tls = TLSConfiguration.makeClientConfiguration()
            switch url.sslMode {
            case .verifyFull: tls.certificateVerification = .fullVerification
            case .verifyCA: tls.certificateVerification = .noHostnameVerification
            default: tls.certificateVerification = .none
            }
            if let ca = url.sslRootCert {
                guard FileManager.default.isReadableFile(atPath: ca) else {
                    throw DatabaseError(
                        message: "cannot read the CA certificate \(ca) (sslrootcert in the database URL)")
                }
                tls.trustRoots = .file(ca)
            }
            do {
                let context = try NIOSSLContext(configuration: tls)
                return url.sslMode == .prefer ? .prefer(context) : .require(context)
            } catch {
                throw DatabaseError(
                    message: "cannot set up TLS with \(url.sslRootCert ?? "the system's certificates"): \(error)")
            }
        }
    }

    /// Runs a statement with `$1`-style parameters and returns its rows.
    /// Waits at most `timeout` seconds: a link cut under a query (a server stopped, a cable pulled) may never
    /// answer, and a console must not hang on it.
    @discardableResult
    func query(_ sql: String, _ binds: [PostgresData] = [], timeout: TimeInterval = 15) throws -> [PostgresRow] {
        try Self.run(connection, url, sql, binds, timeout: timeout)
    }

    private static func run(
        _ connection: PostgresConnection, _ url: DatabaseURL, _ sql: String, _ binds: [PostgresData],
        timeout: TimeInterval
    ) throws -> [PostgresRow] {
        if connection.isClosed {
            throw DatabaseError(
                message: "cannot reach the database at \(url): the connection closed", unreachable: true)
        }
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        connection.query(sql, binds).whenComplete { result in
            box.set(result)
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success else {
            _ = connection.close() as EventLoopFuture<Void>
            throw DatabaseError(
                message: "cannot reach the database at \(url): no answer in \(Int(timeout)) s", unreachable: true)
        }
        switch box.get()! {
        case .success(let result): return result.rows
        case .failure(let error): throw DatabaseError.from(error, url: url)
        }
    }

    /// A statement without parameters or rows (the schema, roles).
    func execute(_ sql: String) throws {
        try query(sql)
    }

    /// Calls `handler` on another thread for each notification on `channel`, once the server has taken the
    /// LISTEN (waiting at most `timeout`); one channel per link (a second call replaces the first). PostgresNIO's
    /// closure listener (`addListener`) crashes the process when the link closes before the listener reaches it
    /// (its task is dropped with the failed write: a server restarting just as a console reconnects); its
    /// sequence fails instead, which is what this uses.
    func listen(
        _ channel: String, timeout: TimeInterval = 15, _ handler: @escaping @Sendable (String) -> Void
    ) throws {
        listening?.cancel()
        let started = DispatchSemaphore(value: 0)
        let box = ListenBox()
        listenBox = box
        let connection = self.connection
        listening = Task {
            do {
                try await connection.listen(on: channel) { notes in
                    box.set(nil)
                    started.signal()
                    for try await note in notes { handler(note.payload) }
                }
            } catch {
                // After the LISTEN was taken this is the link ending, which the follower sees as a closed link.
                if box.set(error) { started.signal() }
            }
            box.finish()
        }
        guard started.wait(timeout: .now() + timeout) == .success else {
            listening?.cancel()
            _ = connection.close() as EventLoopFuture<Void>
            throw DatabaseError(
                message: "cannot reach the database at \(url): no answer in \(Int(timeout)) s", unreachable: true)
        }
        if let error = box.error {
            if connection.isClosed {
                throw DatabaseError(
                    message: "cannot reach the database at \(url): the connection closed", unreachable: true)
            }
            throw DatabaseError.from(error, url: url)
        }
    }

    /// Notifications are being handed on (`listen` took, and neither the link nor the listening has ended).
    var isListening: Bool { listenBox.map { $0.error == nil && !$0.finished } ?? false }

    var isClosed: Bool { connection.isClosed }

    func close() {
        listening?.cancel()
        if !connection.isClosed { _ = try? (connection.close() as EventLoopFuture<Void>).wait() }
    }

    // PostgresNIO requires a connection closed before it is released.
    deinit { close() }
}

/// A connection handed from the event loop to the waiting thread.
private final class ConnectBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<PostgresConnection, Error>?
    func set(_ r: Result<PostgresConnection, Error>) {
        lock.lock()
        result = r
        lock.unlock()
    }
    func get() -> Result<PostgresConnection, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}

/// A query's answer handed from the event loop to the waiting thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<PostgresQueryResult, Error>?
    func set(_ r: Result<PostgresQueryResult, Error>) {
        lock.lock()
        result = r
        lock.unlock()
    }
    func get() -> Result<PostgresQueryResult, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}

/// How a LISTEN went: the first outcome counts (nil error: taken), later ones (the link ending) are not news.
private final class ListenBox: @unchecked Sendable {
    private let lock = NSLock()
    private var settled = false
    private var outcome: Error?
    private var ended = false
    /// The listening task has returned: nothing more is handed on.
    var finished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }
    func finish() {
        lock.lock()
        ended = true
        lock.unlock()
    }
    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
    /// Records the outcome if none was; true when this one counted.
    @discardableResult
    func set(_ e: Error?) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !settled else { return false }
        settled = true
        outcome = e
        return true
    }
}
