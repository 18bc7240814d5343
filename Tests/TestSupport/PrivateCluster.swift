import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of the test's own: a cluster made by initdb in a temporary directory, listening only on
/// a Unix socket there (no TCP), trust authentication on that socket, stopped and removed at the end. The server
/// refuses to run as root, so as root it runs as the `postgres` system user. No system cluster is used or touched.
public final class PrivateCluster {
    public let root: String
    public let port = 5432
    private let bin: String
    private let asPostgres: Bool
    public private(set) var running = false

    /// The server's programs: on PATH, else Debian's /usr/lib/postgresql/VERSION/bin.
    public static var binDirectory: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            where FileManager.default.isExecutableFile(atPath: dir + "/initdb") && FileManager.default.isExecutableFile(atPath: dir + "/pg_ctl") {
            return dir
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        return versions.map { "\(base)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    /// Nil when PostgreSQL's server is not installed (.ci/run installs it).
    public init?(label: String) throws {
        guard let bin = Self.binDirectory else { return nil }
        self.bin = bin
        asPostgres = geteuid() == 0
        root = "/tmp/cc-pg-\(label)-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if asPostgres {
            guard let pw = getpwnam("postgres") else { throw Failure("no 'postgres' system user to run the server as (root cannot)") }
            chown(root, pw.pointee.pw_uid, pw.pointee.pw_gid)
        }
        chmod(root, 0o700)
        try run("\(bin)/initdb", ["-D", root + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        try start()
    }

    /// A URL for `user` and `database` on this cluster's socket.
    public func url(user: String = "postgres", database: String = "cell") -> String {
        "postgres://\(user)@/\(database)?host=\(root)&port=\(port)"
    }

    public func start() throws {
        try run("\(bin)/pg_ctl", ["-D", root + "/data", "-l", root + "/server.log", "-w", "-t", "30",
                                  "-o", "-k \(root) -c listen_addresses='' -p \(port) -c fsync=on", "start"])
        running = true
    }

    /// Stops the server at once (fast shutdown): open connections are cut, as when a site's link drops.
    public func stop() {
        guard running else { return }
        try? run("\(bin)/pg_ctl", ["-D", root + "/data", "-m", "fast", "-w", "-t", "30", "stop"])
        running = false
    }

    /// Runs SQL as the superuser through psql.
    @discardableResult
    public func sql(_ statement: String, database: String = "postgres") throws -> String {
        let psql = FileManager.default.isExecutableFile(atPath: bin + "/psql") ? bin + "/psql" : "/usr/bin/psql"
        return try run(psql, ["-h", root, "-p", "\(port)", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement],
                       asServer: false)
    }

    public func createDatabase(_ name: String) throws { try sql("CREATE DATABASE \(name)") }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// Runs a program (as the server's user for the server's programs) without handing it any descriptor but
    /// its output file: the server it starts outlives it, and must not hold ours.
    @discardableResult
    private func run(_ program: String, _ args: [String], asServer: Bool = true) throws -> String {
        let out = NSTemporaryDirectory() + "cc-pg-cmd-\(UUID().uuidString).out"
        defer { unlink(out) }
        let status = asServer && asPostgres
            ? spawnAndWait("/usr/sbin/runuser", ["-u", "postgres", "--", program] + args, stdoutPath: out, errorsToo: true)
            : spawnAndWait(program, args, stdoutPath: out, errorsToo: true)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else { throw Failure("\((program as NSString).lastPathComponent) failed (\(status)): \(text)") }
        return text
    }
}
