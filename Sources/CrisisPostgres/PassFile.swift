import Foundation

/// `~/.pgpass`: lines `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped.
/// libpq ignores the file when others can read it; so does this.
enum PassFile {
    static func lookup(_ url: DatabaseURL, at endpoint: DatabaseURL.Endpoint, environment: [String: String]) -> String?
    {
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let host: String
        let port: Int
        switch endpoint {
        case .tcp(let h, let p):
            host = h
            port = p
        case .socket(_, let p):
            host = "localhost"
            port = p
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
        var fields: [String] = []
        var current = ""
        var escaped = false
        for c in line {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

extension DatabaseURL {
    /// How long to wait for a connection: `connect_timeout` when given, else `fallback`. libpq's 0 ("wait for
    /// ever") is taken as the fallback too: a console must never hang on a link.
    func connectWait(default fallback: TimeInterval) -> TimeInterval {
        guard let t = connectTimeout, t > 0 else { return fallback }
        return t
    }
}

extension DatabaseURL.Endpoint {
    /// As in the URL: `host:port`, `[v6]:port`, or the socket directory and port.
    public var place: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .socket(let dir, let port): "\(dir) (socket, port \(port))"
        }
    }

    /// A server's short name for the top bar: its host (with the port when not 5432), or a socket's folder name
    /// and port.
    public var name: String {
        switch self {
        case .tcp(let host, let port): port == 5432 ? host : "\(host):\(port)"
        case .socket(let dir, let port): "\((dir as NSString).lastPathComponent):\(port)"
        }
    }
}
