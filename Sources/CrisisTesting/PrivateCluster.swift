import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of a test's or the benchmark's own: a cluster made by initdb in a temporary directory, listening only on
/// a Unix socket there (no TCP), trust authentication on that socket, stopped and removed at the end. The server
/// refuses to run as root, so as root it runs as the `postgres` system user. No system cluster is used or touched.
public final class PrivateCluster {
    public let root: String
    /// One port for the socket's name and, with TLS, for TCP on 127.0.0.1.
    public var port: Int { tlsPort ?? 5432 }
    let bin: String
    let asPostgres: Bool
    public private(set) var running = false

    /// The server's programs: on PATH, else Debian's /usr/lib/postgresql/VERSION/bin.
    public static var binDirectory: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        where FileManager.default.isExecutableFile(atPath: dir + "/initdb")
            && FileManager.default.isExecutableFile(atPath: dir + "/pg_ctl")
        {
            return dir
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted {
            (Int($0) ?? 0) > (Int($1) ?? 0)
        }
        return versions.map { "\(base)/\($0)/bin" }.first {
            FileManager.default.isExecutableFile(atPath: $0 + "/initdb")
        }
    }

    /// With `tlsPort`, the server also listens on 127.0.0.1 at that port, TLS only, with a certificate for
    /// "localhost" signed by a CA made for it (`caFile`).
    public let tlsPort: Int?
    public var caFile: String { root + "/ca.pem" }

    /// Nil when PostgreSQL's server is not installed (.ci/run installs it).
    public init?(label: String, tlsPort: Int? = nil) throws {
        self.tlsPort = tlsPort
        guard let bin = Self.binDirectory else { return nil }
        self.bin = bin
        asPostgres = geteuid() == 0
        root = "/tmp/cc-pg-\(label)-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if asPostgres {
            guard let pw = getpwnam("postgres") else {
                throw Failure("no 'postgres' system user to run the server as (root cannot)")
            }
            chown(root, pw.pointee.pw_uid, pw.pointee.pw_gid)
        }
        chmod(root, 0o700)
        try run(
            "\(bin)/initdb",
            ["-D", root + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        if tlsPort != nil { try makeCertificates() }
        try start()
    }

    /// A streaming standby of `primary` (pg_basebackup -R: a copy of its data that follows its WAL), known to
    /// the primary by `name` (for synchronous_standby_names), started. Nil when PostgreSQL is not installed.
    public init?(label: String, standbyOf primary: PrivateCluster, name: String) throws {
        tlsPort = nil
        guard let bin = Self.binDirectory else { return nil }
        self.bin = bin
        asPostgres = geteuid() == 0
        root = "/tmp/cc-pg-\(label)-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if asPostgres, let pw = getpwnam("postgres") { chown(root, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        chmod(root, 0o700)
        let conninfo = "host=\(primary.root) port=\(primary.port) user=postgres application_name=\(name)"
        try run(
            Self.program("pg_basebackup", near: bin),
            ["-D", root + "/data", "-R", "-X", "stream", "-d", conninfo, "--no-sync", "-c", "fast"])
        try start()
    }

    /// A server program beside initdb, else in Debian's folder for the newest version, else on /usr/bin.
    static func program(_ name: String, near bin: String) -> String {
        let debian = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted {
            (Int($0) ?? 0) > (Int($1) ?? 0)
        }.map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        return ([bin + "/" + name] + debian).first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "/usr/bin/\(name)"
    }

    /// A URL for `user` and `database` on this cluster's socket.
    public func url(user: String = "postgres", database: String = "cell") -> String {
        "postgres://\(user)@/\(database)?host=\(root)&port=\(port)"
    }

    public func start() throws {
        // A second loopback address lets a test reach the server under a name its certificate does not carry.
        let listen = tlsPort == nil ? "''" : "'127.0.0.1,127.0.0.2'"
        try run(
            "\(bin)/pg_ctl",
            [
                "-D", root + "/data", "-l", root + "/server.log", "-w", "-t", "30",
                "-o", "-k \(root) -c listen_addresses=\(listen) -p \(port) -c fsync=on", "start",
            ])
        running = true
    }

    /// A socket URL, or with `tls` the TCP one checked against the CA (sslmode=verify-full).
    public func url(user: String = "postgres", database: String = "cell", tls: Bool) -> String {
        guard tls, let tlsPort else { return url(user: user, database: database) }
        return "postgres://\(user)@localhost:\(tlsPort)/\(database)?sslmode=verify-full&sslrootcert=\(caFile)"
    }

    /// A CA and a server certificate for localhost, and the server set to TLS only over TCP.
    private func makeCertificates() throws {
        let data = root + "/data"
        let openssl = "/usr/bin/openssl"
        try run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=crisiscell test CA",
                "-keyout", root + "/ca.key", "-out", caFile,
            ], asServer: false)
        try run(
            openssl,
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", data + "/server.key",
                "-out", root + "/server.csr",
            ], asServer: false)
        let ext = root + "/san.ext"
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: ext, atomically: true, encoding: .utf8)
        try run(
            openssl,
            [
                "x509", "-req", "-in", root + "/server.csr", "-CA", caFile, "-CAkey", root + "/ca.key",
                "-CAcreateserial",
                "-days", "2", "-extfile", ext, "-out", data + "/server.crt",
            ], asServer: false)
        if asPostgres, let pw = getpwnam("postgres") {
            for f in ["/server.key", "/server.crt"] { chown(data + f, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        }
        chmod(data + "/server.key", 0o600)
        chmod(root, 0o711)
        let conf = "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
        let h = FileHandle(forWritingAtPath: data + "/postgresql.conf")
        h?.seekToEndOfFile()
        h?.write(Data(conf.utf8))
        try? h?.close()
        // initdb's rules let plain TCP in too; over TCP this cluster takes TLS only.
        try "local all all trust\nhostssl all all 127.0.0.0/8 trust\n".write(
            toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
    }

    /// Stops the server at once (fast shutdown): open connections are cut, as when a site's link drops.
    public func stop() {
        guard running else { return }
        _ = try? run("\(bin)/pg_ctl", ["-D", root + "/data", "-m", "fast", "-w", "-t", "30", "stop"])
        running = false
    }

    /// Stops the server as a power cut would (immediate shutdown: no checkpoint, connections dropped unanswered).
    public func stopImmediately() {
        guard running else { return }
        _ = try? run("\(bin)/pg_ctl", ["-D", root + "/data", "-m", "immediate", "-w", "-t", "30", "stop"])
        running = false
    }

    /// Promotes a standby to primary (a new timeline), waiting until it takes changes.
    public func promote() throws {
        try run("\(bin)/pg_ctl", ["-D", root + "/data", "-w", "-t", "30", "promote"])
    }

    /// Makes every commit wait until the standby `name` has it (synchronous_commit `level`); an empty name, none.
    public func requireStandby(_ name: String, level: String = "on") throws {
        try sql("ALTER SYSTEM SET synchronous_standby_names = '\(name)'")
        try sql("ALTER SYSTEM SET synchronous_commit = '\(level)'")
        try sql("SELECT pg_reload_conf()")
    }

    /// Runs SQL as the superuser through psql.
    @discardableResult
    public func sql(_ statement: String, database: String = "postgres") throws -> String {
        let psql = FileManager.default.isExecutableFile(atPath: bin + "/psql") ? bin + "/psql" : "/usr/bin/psql"
        return try run(
            psql,
            [
                "-h", root, "-p", "\(port)", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c",
                statement,
            ],
            asServer: false)
    }

    public func createDatabase(_ name: String) throws { try sql("CREATE DATABASE \(name)") }

    /// Runs SQL as `user` through psql, as a person at a psql prompt would (failures thrown with psql's words).
    @discardableResult
    public func sql(_ statement: String, database: String, as user: String) throws -> String {
        let psql = FileManager.default.isExecutableFile(atPath: bin + "/psql") ? bin + "/psql" : "/usr/bin/psql"
        return try run(
            psql,
            ["-h", root, "-p", "\(port)", "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement],
            asServer: false)
    }

    /// The server and every backend of it, for stopping them all at once (SIGSTOP: a server that accepts and
    /// never answers, as behind a black-holed link) and letting them go on (SIGCONT).
    public func signalAll(_ signal: Int32) {
        guard let text = try? String(contentsOfFile: root + "/data/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first, let postmaster = Int32(first)
        else { return }
        var pids = [postmaster]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, Int32(fields[1]) == postmaster { pids.append(pid) }
        }
        for pid in pids { kill(pid, signal) }
    }

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
    func run(_ program: String, _ args: [String], asServer: Bool = true) throws -> String {
        let out = NSTemporaryDirectory() + "cc-pg-cmd-\(UUID().uuidString).out"
        defer { unlink(out) }
        let status =
            asServer && asPostgres
            ? LocalProcess.spawnAndWait(
                "/usr/sbin/runuser", ["-u", "postgres", "--", program] + args, stdoutPath: out, errorsToo: true)
            : LocalProcess.spawnAndWait(program, args, stdoutPath: out, errorsToo: true)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failure("\((program as NSString).lastPathComponent) failed (\(status)): \(text)")
        }
        return text
    }
}

/// Starting a program without handing it any descriptor but its output: a server it starts outlives it, and
/// Foundation's Process would wait for every descriptor it handed out to close.
public enum LocalProcess {
    @_silgen_name("posix_spawn_file_actions_addclosefrom_np")
    private static func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32)
        -> Int32

    /// Runs a program with stdin from /dev/null, stdout (and with `errorsToo` stderr) to a file, no other
    /// descriptors; returns its exit status.
    public static func spawnAndWait(_ path: String, _ args: [String], stdoutPath: String, errorsToo: Bool = false)
        -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if errorsToo {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        _ = spawnCloseFrom(&actions, 3)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }
}
