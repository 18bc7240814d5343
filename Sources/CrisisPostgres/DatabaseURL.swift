import Foundation

/// Where the database is and who connects, from a URL by libpq's connection-URI rules:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DB?sslmode=verify-full&sslrootcert=FILE`, or over a Unix socket
/// `postgres://USER@/DB?host=/socket/dir&port=N`. Several hosts are tried in order (`HOST1:PORT1,HOST2:PORT2`, or
/// `host=` and `port=` lists), each checked for what `target_session_attrs` asks, as libpq does. The password comes from the URL, else `PGPASSWORD`, else
/// `~/.pgpass` (or `PGPASSFILE`); the user from the URL, else `PGUSER`, else the login name.
/// No message quotes a password, nor anything that could be a piece of one.
public struct DatabaseURL: Equatable, Sendable, CustomStringConvertible {
    public enum Endpoint: Equatable, Sendable {
        case tcp(host: String, port: Int)
        /// The socket file itself: `DIR/.s.PGSQL.PORT`.
        case socket(directory: String, port: Int)
    }
    /// What a server must be for a connection to keep it (libpq's `target_session_attrs`).
    public enum TargetSessionAttrs: String, Sendable, CaseIterable {
        case any
        case readWrite = "read-write"
        case readOnly = "read-only"
        case primary, standby
        case preferStandby = "prefer-standby"
    }
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// The servers to try, in order (shuffled per connection with `load_balance_hosts=random`).
    public var endpoints: [Endpoint]
    /// The first server (the only one, in most cells).
    public var endpoint: Endpoint {
        get { endpoints[0] }
        set { endpoints = [newValue] }
    }
    public var targetSessionAttrs: TargetSessionAttrs
    public var loadBalanceHosts: Bool
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var sslRootCert: String?
    /// `connect_timeout` (or `PGCONNECT_TIMEOUT`) in seconds, raised to 2 as libpq does; 0 means no limit,
    /// as in libpq; nil, that the URL says nothing and the program's default applies.
    public var connectTimeout: TimeInterval?

    /// Passwords from the password file, one per server (libpq looks one up for each host it tries).
    var filePasswords: [String?] = []

    public var socketPath: String? {
        if case .socket(let dir, let port) = endpoint { return "\(dir)/.s.PGSQL.\(port)" }
        return nil
    }

    /// The URL without its password, for messages and for naming a cache.
    public var description: String {
        "\(user)@\(endpoints.map(\.place).joined(separator: ","))/\(database)"
    }

    /// This URL narrowed to one of its servers (the one a connection tries), with that server's password.
    public func only(_ server: Endpoint) -> DatabaseURL {
        var one = self
        one.endpoints = [server]
        if password == nil, let i = endpoints.firstIndex(of: server), i < filePasswords.count {
            one.password = filePasswords[i]
        }
        one.filePasswords = []
        return one
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    static let usage =
        "give it as postgres://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=CA.pem, or postgres://USER@/DB?host=/socket/dir for a Unix socket"
    static let keys = [
        "host", "port", "dbname", "user", "password", "sslmode", "sslrootcert", "connect_timeout", "application_name",
        "target_session_attrs", "load_balance_hosts",
    ]

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let url = try URIParts(text.trimmingCharacters(in: .whitespacesAndNewlines))
        let query = url.query.mapValues(\.value)
        func env(_ name: String) throws -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            if value.hasControlCharacter {
                throw Problem(
                    description: "\(name) in the environment has a control character, which this program refuses")
            }
            return value
        }
        func given(_ key: String) -> String? { query[key]?.nonEmpty }
        /// From the query, else the environment; with how a message may name it.
        func setting(_ key: String, _ variable: String) throws -> (text: String, said: String)? {
            if let text = query[key] {
                return (text, url.query[key]!.shown ? "\(key)=\(text)" : "the \(key)= in the database URL")
            }
            return try env(variable).map { ($0, "\(variable)=\($0) in the environment") }
        }

        endpoints = try Self.servers(url: url, query: query, setting: setting, env: env)

        user = try given("user") ?? url.user?.nonEmpty ?? env("PGUSER") ?? env("USER") ?? "postgres"
        database = try given("dbname") ?? url.database?.nonEmpty ?? env("PGDATABASE") ?? user

        let modeText = try setting("sslmode", "PGSSLMODE") ?? ("prefer", "")
        guard let mode = SSLMode(rawValue: modeText.text) else {
            throw Problem(
                description:
                    "\(modeText.said) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        sslRootCert = try given("sslrootcert") ?? env("PGSSLROOTCERT")
        if mode == .verifyCA || mode == .verifyFull, sslRootCert == nil {
            let standard = (environment["HOME"] ?? NSHomeDirectory()) + "/.postgresql/root.crt"
            guard FileManager.default.fileExists(atPath: standard) else {
                throw Problem(
                    description:
                        "sslmode=\(mode.rawValue) needs the certificate of the authority that signed the server's: add sslrootcert=FILE to the URL"
                )
            }
            sslRootCert = standard
        }
        connectTimeout = try setting("connect_timeout", "PGCONNECT_TIMEOUT").map { try Self.seconds($0.text, $0.said) }

        let attrs = try setting("target_session_attrs", "PGTARGETSESSIONATTRS") ?? ("any", "")
        guard let wanted = TargetSessionAttrs(rawValue: attrs.text) else {
            throw Problem(
                description:
                    "\(attrs.said) is not one of \(TargetSessionAttrs.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        targetSessionAttrs = wanted
        let balance = try setting("load_balance_hosts", "PGLOADBALANCEHOSTS") ?? ("disable", "")
        guard ["disable", "random"].contains(balance.text) else {
            throw Problem(description: "\(balance.said) is not disable or random")
        }
        loadBalanceHosts = balance.text == "random"

        // An empty password is none, as in libpq: the environment or the password file may still give one.
        password = try given("password") ?? url.password?.nonEmpty ?? env("PGPASSWORD")
        if password == nil {
            filePasswords = endpoints.map { PassFile.lookup(self, at: $0, environment: environment) }
            password = filePasswords.count == 1 ? filePasswords[0] : nil
        }
    }

    /// The servers, by libpq's rules: hosts from `host=`, else the URL, else PGHOST; ports from `port=`, else
    /// the URL's, else PGPORT; one port for every host, or one for each. An empty host is the default socket
    /// directory, an empty port 5432.
    private static func servers(
        url: URIParts, query: [String: String],
        setting: (String, String) throws -> (text: String, said: String)?, env: (String) throws -> String?
    ) throws -> [Endpoint] {
        func list(_ text: String) -> [String] {
            text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let hosts: [String] =
            try query["host"].map(list)
            ?? (url.hosts.contains { $0.host?.isEmpty == false } ? url.hosts.map { $0.host ?? "" } : nil)
            ?? env("PGHOST").map(list) ?? [""]
        let ports: (texts: [String], said: String)
        if query["port"] == nil, url.hosts.contains(where: { $0.port?.isEmpty == false }) {
            ports = (
                url.hosts.map { $0.port ?? "" },
                "the port after the host in the database URL (a password goes before the host: USER:PASSWORD@HOST)"
            )
        } else if let given = try setting("port", "PGPORT") {
            ports = (list(given.text), given.said)
        } else {
            ports = ([""], "")
        }
        guard ports.texts.count == 1 || ports.texts.count == hosts.count else {
            throw Problem(
                description:
                    "the database URL names \(hosts.count) hosts and \(ports.texts.count) ports: give one port for all, or one for each host"
            )
        }
        return try hosts.enumerated().map { i, raw in
            let portText = ports.texts.count == 1 ? ports.texts[0] : ports.texts[i]
            // An empty item of a list is the default port, as in libpq; a port= with nothing at all is a mistake.
            let port =
                portText.isEmpty && ports.texts.count > 1 || ports.said.isEmpty
                ? 5432 : try Self.port(portText, ports.said)
            let host = raw.hasPrefix("[") && raw.hasSuffix("]") ? String(raw.dropFirst().dropLast()) : raw
            if host.isEmpty { return .socket(directory: "/var/run/postgresql", port: port) }
            if !host.hasPrefix("/"), !host.allSatisfy({ $0.isLetter || $0.isNumber || "-._:%".contains($0) }) {
                throw Problem(
                    description: "the host in the database URL (or PGHOST) has a character no host name or address has")
            }
            return host.hasPrefix("/") ? .socket(directory: host, port: port) : .tcp(host: host, port: port)
        }
    }

    static func port(_ text: String, _ said: String) throws -> Int {
        guard text.allSatisfy(\.isASCIIDigit), let p = Int(text), (1...65_535).contains(p) else {
            throw Problem(description: "\(said) is not a port number from 1 to 65535")
        }
        return p
    }

    static func seconds(_ text: String, _ said: String) throws -> TimeInterval {
        guard text.allSatisfy(\.isASCIIDigit), let n = Int(text) else {
            throw Problem(description: "\(said) is not a whole number of seconds (0 for no limit)")
        }
        return n == 0 ? 0 : TimeInterval(max(n, 2))
    }
}

/// A URL cut by libpq's rules and percent-decoded, by hand: what URLComponents makes of a raw `@` in a password or of
/// an IPv6 host's brackets differs between Foundations, and where it fails there is only the whole text to quote.
/// Each part is checked for control characters, which would smuggle startup options to the server.
struct URIParts {
    typealias Problem = DatabaseURL.Problem
    var user, password, database: String?
    /// Each host of the URL with its port (`h1:5432,h2:5433`), as written.
    var hosts: [(host: String?, port: String?)] = []
    /// The last value of each key; `shown`, whether a message may quote it.
    var query: [String: (value: String, shown: Bool)] = [:]

    /// The host between `i` and `hostEnd` (an IPv6 address in [ ]), and where its port starts, if it has one.
    private static func host(_ b: [UInt8], from i: Int, to hostEnd: Int) throws -> (String?, Int?) {
        func at(_ c: Unicode.Scalar) -> (UInt8) -> Bool { { $0 == UInt8(ascii: c) } }
        guard i < hostEnd, b[i] == UInt8(ascii: "[") else {
            let colon = b[i..<hostEnd].firstIndex(where: at(":"))
            return (try decode(b[i..<(colon ?? hostEnd)], "host"), colon.map { $0 + 1 })
        }
        guard let close = b[i..<hostEnd].firstIndex(where: at("]")) else {
            throw Problem(description: "the host in the database URL has a [ without its ]")
        }
        let v6 = try decode(b[(i + 1)..<close], "host")
        guard v6.contains(":"),
            v6.prefix(while: { $0 != "%" }).allSatisfy({ $0.isASCII && $0.isHexDigit || $0 == ":" || $0 == "." })
        else {
            throw Problem(description: "the host in [ ] in the database URL is not an IPv6 address")
        }
        guard close + 1 < hostEnd else { return (v6, nil) }
        guard b[close + 1] == UInt8(ascii: ":") else {
            throw Problem(description: "after the ] of the host in the database URL comes : and the port, or nothing")
        }
        return (v6, close + 2)
    }

    init(_ text: String) throws {
        let b = Array(text.utf8)
        func at(_ c: Unicode.Scalar) -> (UInt8) -> Bool { { $0 == UInt8(ascii: c) } }
        guard let prefix = ["postgresql://", "postgres://"].first(where: { b.starts(with: $0.utf8) }) else {
            if let scheme = text.range(of: "^[A-Za-z][A-Za-z0-9+.-]*://", options: .regularExpression) {
                throw Problem(description: "'\(text[scheme])…' is not a database URL: \(DatabaseURL.usage)")
            }
            if text.range(of: #"^[A-Za-z_]+\s*="#, options: .regularExpression) != nil {
                throw Problem(
                    description:
                        "this program takes the database as a postgres:// URL, not as keyword=value settings: \(DatabaseURL.usage)"
                )
            }
            throw Problem(
                description:
                    "that is not a database URL, which begins postgres:// or postgresql://: \(DatabaseURL.usage)")
        }
        var i = prefix.utf8.count
        // Anything up to the last @ may be a password, whatever else went wrong; so is a query's password= to the end.
        let secretEnd = b.lastIndex(where: at("@")).map { $0 + 1 } ?? i
        // The last @ before the path or query, as Go's net/url does, so that a raw @ in a password still works.
        let hostEnd = b[i...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? b.endIndex
        if let userinfo = b[i..<hostEnd].lastIndex(where: at("@")) {
            let colon = b[i..<userinfo].firstIndex(where: at(":"))
            user = try Self.decode(b[i..<(colon ?? userinfo)], "user")
            if let colon { password = try Self.decode(b[(colon + 1)..<userinfo], "password") }
            i = userinfo + 1
        }
        var from = i
        while true {
            let end = b[from..<hostEnd].firstIndex(where: at(",")) ?? hostEnd
            let (host, portStart) = try Self.host(b, from: from, to: end)
            hosts.append((host, try portStart.map { try Self.decode(b[$0..<end], "port") }))
            guard end < hostEnd else { break }
            from = end + 1
        }
        let queryStart = b[hostEnd...].firstIndex(where: at("?")) ?? b.endIndex
        if hostEnd < queryStart {
            let path = b[(hostEnd + 1)..<queryStart]
            // Most likely a password cut short by a raw / or ?; the database name would show the rest of it.
            if path.contains(UInt8(ascii: "@")) {
                throw Problem(
                    description:
                        "the database URL has an @ after its host: in a password write / ? @ as %2F %3F %40, in a database name @ as %40"
                )
            }
            database = try Self.decode(path, "database name")
        }
        guard queryStart < b.endIndex else { return }
        var secretFrom = b.endIndex
        for item in b[(queryStart + 1)...].split(separator: UInt8(ascii: "&")) {
            let shown = item.startIndex >= secretEnd && item.endIndex <= secretFrom
            guard let eq = item.firstIndex(where: at("=")) else {
                let named = shown ? "'\(try Self.decode(item, "query"))'" : "an item (not shown: it is near a password)"
                throw Problem(description: "the database URL has \(named) in its query without =VALUE")
            }
            let key = try Self.decode(item[..<eq], "query")
            guard DatabaseURL.keys.contains(key) else {
                let named = shown ? "'\(key)='" : "a key (not shown: it is near a password)"
                throw Problem(
                    description:
                        "the database URL has \(named), which this program does not know; it takes \(DatabaseURL.keys.joined(separator: ", "))"
                )
            }
            if key == "password" { secretFrom = min(secretFrom, item.startIndex) }
            let name =
                ["dbname": "database name", "host": "host", "user": "user", "password": "password"][key] ?? key + "="
            query[key] = (try Self.decode(item[(eq + 1)...], name), shown && key != "password")
        }
    }

    /// libpq decodes %XX in every part; so does this, and refuses what it could not mean.
    static func decode(_ raw: ArraySlice<UInt8>, _ part: String) throws -> String {
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = raw.startIndex
        while i < raw.endIndex {
            guard raw[i] == UInt8(ascii: "%") else {
                out.append(raw[i])
                i += 1
                continue
            }
            guard i + 2 < raw.endIndex, let high = hex(raw[i + 1]), let low = hex(raw[i + 2]) else {
                throw Problem(
                    description:
                        "the \(part) in the database URL has a % that is not followed by two hexadecimal digits (write % itself as %25)"
                )
            }
            out.append(high << 4 | low)
            i += 3
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw Problem(description: "the \(part) in the database URL is not UTF-8 once its %XX are decoded")
        }
        if text.hasControlCharacter {
            throw Problem(
                description:
                    "the \(part) in the database URL has a control character (such as %00 or %0A), which this program refuses"
            )
        }
        return text
    }
}

extension String {
    /// C0, DEL and C1: none belongs in a name, and %00 would end a startup field early.
    fileprivate var hasControlCharacter: Bool {
        unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

extension Character { fileprivate var isASCIIDigit: Bool { isASCII && isNumber } }
