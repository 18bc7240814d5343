import Foundation

/// Where the database is and who connects, from a URL by libpq's connection-URI rules:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DB?sslmode=verify-full&sslrootcert=FILE`, or over a Unix socket
/// `postgres://USER@/DB?host=/socket/dir&port=N`. The password comes from the URL, else `PGPASSWORD`, else
/// `~/.pgpass` (or `PGPASSFILE`); the user from the URL, else `PGUSER`, else the login name.
public struct DatabaseURL: Equatable, Sendable, CustomStringConvertible {
    public enum Endpoint: Equatable, Sendable {
        case tcp(host: String, port: Int)
        /// The socket file itself: `DIR/.s.PGSQL.PORT`.
        case socket(directory: String, port: Int)
    }
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var sslRootCert: String?

    public var socketPath: String? {
        if case .socket(let dir, let port) = endpoint { return "\(dir)/.s.PGSQL.\(port)" }
        return nil
    }

    /// The URL without its password, for messages and for naming a cache.
    public var description: String {
        let place: String
        switch endpoint {
        case .tcp(let host, let port): place = "\(host):\(port)"
        case .socket(let dir, let port): place = "\(dir) (socket, port \(port))"
        }
        return "\(user)@\(place)/\(database)"
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let usage = "give it as postgres://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=CA.pem, or postgres://USER@/DB?host=/socket/dir for a Unix socket"
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw Problem(description: "'\(Self.hidingPassword(text))' is not a database URL: \(usage)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let known: Set<String> = ["host", "port", "sslmode", "sslrootcert", "user", "password", "dbname", "connect_timeout", "application_name"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(description: "the database URL has '\(unknown)=', which this program does not know; it takes host, port, sslmode, sslrootcert, user, password, dbname")
        }
        let portText = query["port"] ?? components.port.map(String.init)
        let port: Int
        if let portText {
            guard let p = Int(portText), (1...65_535).contains(p) else { throw Problem(description: "'\(portText)' is not a port number in the database URL") }
            port = p
        } else { port = Int(environment["PGPORT"] ?? "") ?? 5432 }
        let host = query["host"] ?? components.percentEncodedHost.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        if let host, host.hasPrefix("/") {
            endpoint = .socket(directory: host, port: port)
        } else if let host {
            endpoint = .tcp(host: host, port: port)
        } else if let envHost = environment["PGHOST"], !envHost.isEmpty {
            endpoint = envHost.hasPrefix("/") ? .socket(directory: envHost, port: port) : .tcp(host: envHost, port: port)
        } else {
            endpoint = .socket(directory: "/var/run/postgresql", port: port)
        }
        let path = components.percentEncodedPath.removingPercentEncoding ?? ""
        let db = query["dbname"] ?? String(path.drop(while: { $0 == "/" }))
        let urlUser = query["user"] ?? components.percentEncodedUser?.removingPercentEncoding
        user = urlUser.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["USER"] ?? "postgres"
        database = db.isEmpty ? (environment["PGDATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? user) : db
        let modeText = query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw Problem(description: "sslmode=\(modeText) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        sslRootCert = query["sslrootcert"] ?? environment["PGSSLROOTCERT"]
        if (mode == .verifyCA || mode == .verifyFull), sslRootCert == nil {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let standard = home + "/.postgresql/root.crt"
            guard FileManager.default.fileExists(atPath: standard) else {
                throw Problem(description: "sslmode=\(mode.rawValue) needs the certificate of the authority that signed the server's: add sslrootcert=FILE to the URL")
            }
            sslRootCert = standard
        }
        password = query["password"] ?? components.percentEncodedPassword?.removingPercentEncoding
            ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if password == nil { password = PassFile.lookup(self, environment: environment) }
    }

    /// The URL with any password replaced, for a message.
    static func hidingPassword(_ text: String) -> String {
        text.replacingOccurrences(of: #"(://[^:/@]*):[^@]*@"#, with: "$1:***@", options: .regularExpression)
    }
}

/// `~/.pgpass`: lines `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped.
/// libpq ignores the file when others can read it; so does this.
enum PassFile {
    static func lookup(_ url: DatabaseURL, environment: [String: String]) -> String? {
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let host: String, port: Int
        switch url.endpoint {
        case .tcp(let h, let p): host = h; port = p
        case .socket(_, let p): host = "localhost"; port = p
        }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), url.database, url.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static func split(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false }
            else if c == "\\" { escaped = true }
            else if c == ":" { fields.append(current); current = "" }
            else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
