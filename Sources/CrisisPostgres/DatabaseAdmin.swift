import CrisisModel
import CrisisStorage
import Foundation
import PostgresNIO

/// Setting a database up and moving a record in and out: `db init`, `db grant`, `db push`, `db pull`,
/// `check --db`, `db snapshot`.
public enum DatabaseAdmin {
    /// Creates or upgrades the schema and the cell's three group roles (every statement may run again).
    public static func initialize(_ url: DatabaseURL) throws -> String {
        let link = try DatabaseLink(url, want: url.targetSessionAttrs.forWriting, seen: TimelineMark(file: nil))
        defer { link.close() }
        // A database renamed since its first init keeps the role names it was given.
        let recorded = try? link.query("SELECT value FROM crisiscell.meta WHERE key = 'roles'").first?.decode(
            String.self)
        let prefix = try recorded ?? Schema.rolePrefix(database: url.database)
        do {
            // One transaction: a schema half made is never left behind. The lock keeps two inits from racing.
            try link.execute("BEGIN")
            try link.execute("SELECT pg_advisory_xact_lock(7402302)")
            for statement in Schema.statements(prefix: prefix) { try link.execute(statement) }
            try link.execute("COMMIT")
        } catch let e as DatabaseError {
            _ = try? link.execute("ROLLBACK")
            if e.sqlState == "42501" {
                throw DatabaseError(
                    message:
                        "\(e.message). db init creates a schema and roles: run it as the database's owner with the CREATEROLE privilege (for example the postgres user)"
                )
            }
            throw e
        }
        let id = try DatabaseReader.identity(on: link)
        let head = try DatabaseReader.head(on: link)
        let roles = Schema.roles.map { Schema.role($0, prefix: prefix) }.joined(separator: ", ")
        return "database ready: \(url), schema version \(id.version), \(head) operations; this cell's roles \(roles)"
    }

    /// Makes LOGIN a viewer, an officer or an admin of this cell (and nothing else of the three), creating the
    /// login role when it does not exist yet (that needs CREATEROLE). One transaction: a login is never left
    /// with fewer rights than it had because the grant failed half way. An admin of the cell may do it too.
    public static func grant(_ url: DatabaseURL, login: String, role: String) throws -> String {
        guard Schema.roles.contains(role) else {
            throw DatabaseError(
                message:
                    "'\(role)' is not a role: viewer (reads), officer (every change), admin (also deletes crises, the cell's settings)"
            )
        }
        guard !login.isEmpty, login.unicodeScalars.allSatisfy({ !$0.properties.generalCategory.isControl }) else {
            throw DatabaseError(message: "a login name with control characters is not a login name")
        }
        guard login.utf8.count <= 63 else {
            throw DatabaseError(
                message:
                    "'\(login)' is \(login.utf8.count) bytes long; PostgreSQL keeps 63 of a role's name: choose a shorter login"
            )
        }
        guard !login.lowercased().hasPrefix("crisiscell_") else {
            throw DatabaseError(
                message:
                    "'\(login)' is one of CrisisCell's own group roles, not a person's login: grant roles to logins only"
            )
        }
        let link = try DatabaseLink(url, want: url.targetSessionAttrs.forWriting, seen: TimelineMark(file: nil))
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        let prefix = try DatabaseReader.rolePrefix(on: link)
        let name = quoted(login)
        var done: [String] = []
        do {
            try link.execute("BEGIN")
            let exists = try !link.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [PostgresData(string: login)])
                .isEmpty
            if !exists {
                do { try link.execute("CREATE ROLE \(name) LOGIN") } catch let e as DatabaseError
                    where e.sqlState == "42501"
                {
                    throw DatabaseError(
                        message:
                            "\(login) has no login on this server yet, and \(link.login) may not create one (CREATEROLE): "
                            + "ask the server's owner to run CREATE ROLE \(name) LOGIN, then grant again")
                }
                done.append(
                    "created the login \(login) (set its password with \\password \(login) in psql, or use peer or certificate authentication)"
                )
            }
            for other in Schema.roles where other != role {
                let group = Schema.role(other, prefix: prefix)
                let member = try !link.query(
                    "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2",
                    [PostgresData(string: group), PostgresData(string: login)]
                ).isEmpty
                if member { try link.execute("REVOKE \(quoted(group)) FROM \(name)") }
            }
            // An admin holds the admin option, so an admin of the cell can grant without being the server's owner.
            let option = role == "admin" ? " WITH ADMIN OPTION" : ""
            try link.execute("GRANT \(quoted(Schema.role(role, prefix: prefix))) TO \(name)\(option)")
            try link.execute("COMMIT")
        } catch let e as DatabaseError {
            _ = try? link.execute("ROLLBACK")
            if e.sqlState == "42501" {
                throw DatabaseError(
                    message:
                        "\(e.serverMessage ?? e.message): only the database's owner or an admin of this cell grants roles; nothing was changed"
                )
            }
            throw e
        }
        done.append(
            "\(login) is now \(role == "viewer" ? "a" : "an") \(role) of this cell (\(Schema.role(role, prefix: prefix)))"
        )
        return done.joined(separator: "; ")
    }

    /// Moves a directory's record into an empty database: a snapshot at the directory's number, so the next
    /// operation follows it; history, events and who-did-what all travel inside it.
    public static func push(_ store: Store, to url: DatabaseURL) throws -> String {
        let link = try DatabaseLink(url, want: url.targetSessionAttrs.forWriting, seen: TimelineMark(file: nil))
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        let head = try DatabaseReader.head(on: link)
        guard head == 0 else {
            throw DatabaseError(
                message:
                    "the database at \(url) already holds a record (up to operation \(head)); db push fills an empty one"
            )
        }
        guard store.seq > 0 else { throw DatabaseError(message: "the directory holds no record to push") }
        try writeSnapshot(store, on: link)
        let w = store.world
        return
            "pushed into \(url): operation \(store.seq), \(w.crises.count) crises, \(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries"
    }

    /// The database's whole record, read fresh (for db pull).
    public static func pull(_ url: DatabaseURL) throws -> Store {
        let link = try DatabaseLink(url, seen: TimelineMark(file: nil))
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        return try DatabaseReader.store(on: link)
    }

    /// A snapshot of the record as it is now, so new sites load fast (admin).
    public static func snapshot(_ url: DatabaseURL) throws -> String {
        let link = try DatabaseLink(url, want: url.targetSessionAttrs.forWriting, seen: TimelineMark(file: nil))
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        let store = try DatabaseReader.store(on: link)
        try writeSnapshot(store, on: link)
        return "snapshot at operation \(store.seq) written"
    }

    /// The world at the store's number, as snapshot.json would hold it; one already there at that number stays.
    private static func writeSnapshot(_ store: Store, on link: DatabaseLink) throws {
        let text = String(
            decoding: SnapshotFile(seq: store.seq, savedAt: Timestamp.rounded(CellClock.now()), world: store.world)
                .compactBytes, as: UTF8.self)
        do {
            try link.query(
                "SELECT crisiscell.put_snapshot($1, $2)",
                [PostgresData(int64: Int64(store.seq)), PostgresData(string: text)])
        } catch let e as DatabaseError where e.sqlState == "42501" {
            throw DatabaseError(
                message:
                    "\(e.message): only a crisiscell admin writes snapshots (crisiscell db grant \(link.login) admin)")
        }
    }

    public struct Report {
        public var problems: [String]
        public var summary: String
        /// Rows set aside by an admin (retired): said, not counted as problems.
        public var notes: [String] = []
        /// Whether the changes are held by one machine or two, and a synchronous standby missing.
        public var replication: [String] = []
    }

    /// Reads everything and checks it: operations numbered without a gap, each readable and applying, the world
    /// sound. A row this version cannot read is a problem until an admin retires it.
    public static func check(_ url: DatabaseURL) throws -> Report {
        let link = try DatabaseLink(url, seen: TimelineMark(file: nil))
        defer { link.close() }
        let id = try DatabaseReader.identity(on: link)
        var problems: [String] = []
        var notes: [String] = []
        let gaps = try link.query(
            """
            SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY seq) AS prev FROM crisiscell.operations) s
            WHERE prev IS NOT NULL AND seq <> prev + 1
            """)
        let gapCount = Int(try gaps.first?.decode(Int64.self) ?? 0)
        if gapCount > 0 { problems.append("\(gapCount) gap(s) in the operations' numbers") }
        let retired = try Dictionary(
            link.query("SELECT seq, by, why FROM crisiscell.retired").map { row -> (Int, String) in
                let (n, by, why) = try row.decode((Int64, String, String).self)
                return (Int(n), "retired by \(by): \(why)")
            }, uniquingKeysWith: { a, _ in a })
        var store = Store()
        do {
            store = try DatabaseReader.store(on: link) { entry, why in
                let said =
                    "operation \(entry.seq) by \(entry.operator) at \(Timestamp.string(entry.time)) cannot be read by this version: \(why)"
                if let r = retired[entry.seq] {
                    notes.append("\(said) (\(r))")
                } else {
                    problems.append(
                        "\(said); every site sets it aside. An admin retires it: crisiscell db retire \(entry.seq) --why TEXT"
                    )
                }
            }
        } catch { problems.append("\(error)") }
        for p in WorldCheck.problems(in: store.world, seq: store.seq) where p.refusesLoading {
            problems.append("operation \(store.seq): \(p)")
        }
        // Whether what was just checked is held by one machine or two, and a standby configured but absent.
        var replication = DatabaseStatus.Report()
        if !link.server.inRecovery { DatabaseStatus.describe(&replication, on: link) }
        let held =
            ["durability: \(replication.durability.isEmpty ? "read from a standby" : replication.durability)"]
            + replication.warnings.map { "warning: \($0)" }
        let w = store.world
        return Report(
            problems: problems,
            summary: "healthy: \(url) · schema \(id.version) · operation \(store.seq) · \(w.crises.count) crises, "
                + "\(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries",
            notes: notes, replication: held)
    }

    /// Marks an unreadable operation as seen and let go by an admin (it stays in the history; sites keep
    /// setting it aside, and check --db stops counting it as a problem).
    public static func retire(_ url: DatabaseURL, seq: Int, why: String) throws -> String {
        let link = try DatabaseLink(url, want: url.targetSessionAttrs.forWriting, seen: TimelineMark(file: nil))
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        // Only a row this version cannot read is retired: one it reads is part of the record at every site.
        let row = try link.query(
            "SELECT at, operator, op FROM crisiscell.operations WHERE seq = $1", [PostgresData(int64: Int64(seq))])
        guard let first = row.first else { throw DatabaseError(message: "the database holds no operation \(seq)") }
        let (at, who, text) = try first.decode((Date, String, String).self)
        let read = SetAside.reading(seq: seq, time: at, operator: who, json: text)
        var readable = read.problem == nil
        if readable, var store = try? DatabaseReader.store(on: link, upTo: seq - 1) {
            readable = (try? store.apply(read.entry)) != nil
        }
        guard !readable else {
            throw DatabaseError(
                message:
                    "operation \(seq) (by \(who)) reads and applies: it is part of the record at every site, not one to retire"
            )
        }
        do {
            try link.query(
                "SELECT crisiscell.retire($1, $2)", [PostgresData(int64: Int64(seq)), PostgresData(string: why)])
        } catch let e as DatabaseError where e.sqlState == "42501" {
            throw DatabaseError(
                message:
                    "\(e.serverMessage ?? e.message): only an admin of this cell retires an operation (crisiscell db grant \(link.login) admin)"
            )
        }
        return "operation \(seq) retired: it stays in the history, set aside by every site"
    }

    /// A role's name as an SQL identifier.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format }
}
