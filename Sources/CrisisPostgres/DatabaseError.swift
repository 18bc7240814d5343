import CrisisModel
import CrisisStorage
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A database failure in words: the server's message and what to do, never a Swift type dump.
public struct DatabaseError: Error, CustomStringConvertible {
    public var message: String
    /// The server's SQLSTATE, when it sent one ("42501": not allowed).
    public var sqlState: String?
    /// The link is down (refused, reset, timed out): a change can wait at this site and be sent later.
    public var unreachable = false
    /// Another writer holds the writers' lock past the wait: the change waits here, and the message says who.
    public var busy = false
    /// The server's own words, without the URL (for messages that name the URL themselves).
    public var serverMessage: String?
    /// This site refuses the server: an old primary come back on its own, or a history that is not this site's
    /// (changes lost in a failover). Not a link that comes back by itself, nor one to write through; a console
    /// opens on its copy and says why.
    public var oldPrimary = false

    public var description: String { message }

    init(
        message: String, sqlState: String? = nil, unreachable: Bool = false, busy: Bool = false,
        serverMessage: String? = nil, oldPrimary: Bool = false
    ) {
        self.oldPrimary = oldPrimary
        self.message = message
        self.sqlState = sqlState
        self.unreachable = unreachable
        self.busy = busy
        self.serverMessage = serverMessage
    }

    /// None of the URL's servers would do: one server's own error as it is; for several, each server's, an old
    /// primary first (a person must act on it). Unreachable only when every one might come back by itself.
    static func none(
        of failures: [(DatabaseURL.Endpoint, DatabaseError)], url: DatabaseURL, want: DatabaseURL.TargetSessionAttrs
    )
        -> DatabaseError
    {
        if failures.count == 1 { return failures[0].1 }
        let ordered = failures.filter { $0.1.oldPrimary } + failures.filter { !$0.1.oldPrimary }
        let each = ordered.map { server, e in
            e.oldPrimary ? e.message : "\(server.name): \(e.serverMessage ?? e.message)"
        }
        let lead = ordered.first?.1.oldPrimary == true ? "" : "cannot reach \(want.words) among \(url): "
        return DatabaseError(
            message: lead + each.joined(separator: "; "), unreachable: failures.allSatisfy { $0.1.unreachable },
            oldPrimary: ordered.first?.1.oldPrimary == true)
    }

    static func from(_ error: Error, url: DatabaseURL, connecting: Bool = false) -> DatabaseError {
        if let e = error as? DatabaseError { return e }
        if let legacy = error as? PostgresError {
            switch legacy {
            case .server(let e):
                return server(
                    state: e.fields[.sqlState], message: e.fields[.message], detail: e.fields[.detail],
                    hint: e.fields[.hint], url: url)
            case .connectionClosed:
                return DatabaseError(
                    message: "cannot reach the database at \(url): the connection closed", unreachable: true)
            case .protocol(let m):
                return DatabaseError(
                    message: "the database at \(url) answered in a way this program does not follow: \(m)")
            }
        }
        if let p = error as? PSQLError {
            if let tls = p.underlying.flatMap({ certificateProblem($0, url: url) }) { return tls }
            if let info = p.serverInfo {
                return server(
                    state: info[.sqlState], message: info[.message], detail: info[.detail], hint: info[.hint], url: url)
            }
            switch p.code {
            // PostgresNIO reports a LISTEN the link could not carry as listenFailed, whatever closed it: a server
            // that refused would have said why (serverInfo, above).
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .listenFailed:
                let cause = p.underlying.map { ": \(Self.words($0))" } ?? ""
                return DatabaseError(message: "cannot reach the database at \(url)\(cause)", unreachable: true)
            case .receivedUnencryptedDataAfterSSLRequest:
                return DatabaseError(
                    message:
                        "TLS with the database at \(url) failed: what answers at that port is not a PostgreSQL server "
                        + "offering TLS (check the host and port)")
            case .sslUnsupported:
                return DatabaseError(
                    message:
                        "the database at \(url) does not offer TLS, and sslmode=\(url.sslMode.rawValue) requires it")
            case .authMechanismRequiresPassword:
                return DatabaseError(
                    message:
                        "the database at \(url) wants a password for \(url.user): put it in PGPASSWORD or ~/.pgpass (0600)"
                )
            default:
                let cause = p.underlying.map { ": \(Self.words($0))" } ?? ""
                return DatabaseError(
                    message: "the database at \(url) failed (\(p.code))\(cause)", unreachable: connecting)
            }
        }
        if let tls = certificateProblem(error, url: url) { return tls }
        return DatabaseError(message: "cannot reach the database at \(url): \(Self.words(error))", unreachable: true)
    }

    /// A server the URL does not trust is not a dropped link: nothing waits for it to come back, and the
    /// operator is told which certificate and which authority, in words.
    static func certificateProblem(_ error: Error, url: DatabaseURL) -> DatabaseError? {
        let authority = url.sslRootCert.map { "the authority in \($0)" } ?? "an authority this machine trusts"
        let host: String
        if case .tcp(let h, _) = url.endpoint { host = h } else { host = "the server" }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return DatabaseError(
                message: "TLS with the database at \(url) refused: its certificate does not carry the name \(host) "
                    + "(sslmode=verify-full checks it); connect by the name on the certificate")
        }
        guard let ssl = error as? NIOSSLError else { return nil }
        if case .handshakeFailed(let inner) = ssl, "\(inner)".contains("CERTIFICATE_VERIFY_FAILED") {
            return DatabaseError(
                message: "TLS with the database at \(url) refused: its certificate is not signed by \(authority) "
                    + "(sslmode=\(url.sslMode.rawValue)); check sslrootcert, or ask the cell's admin for its CA file")
        }
        // BoringSSL's own dump names build paths and internal codes: one sentence instead.
        return DatabaseError(
            message: "TLS with the database at \(url) failed: the server did not complete a TLS handshake "
                + "(is it a PostgreSQL server with ssl = on at that port?)")
    }

    static func server(state: String?, message: String?, detail: String?, hint: String?, url: DatabaseURL)
        -> DatabaseError
    {
        var text = message ?? "the server refused"
        if let detail { text += " (\(detail))" }
        if let hint { text += "; \(hint)" }
        // 57P01..03: the server is shutting down or cannot take connections now; 08: the link failed.
        let down = state.map { $0.hasPrefix("57P") || $0.hasPrefix("08") } ?? false
        return DatabaseError(
            message: "the database at \(url) says: \(text)", sqlState: state, unreachable: down, serverMessage: text)
    }

    /// A socket error as the system says it ("No such file or directory"), else its own words.
    static func words(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let c = error as? ChannelError, case .connectTimeout = c { return "no answer in time" }
        if let n = error as? NIOConnectionError {
            let first =
                n.connectionErrors.first.map { words($0.error) } ?? n.dnsAAAAError.map(words) ?? n.dnsAError.map(words)
            return first ?? "\(n)"
        }
        return "\(error)"
    }
}
