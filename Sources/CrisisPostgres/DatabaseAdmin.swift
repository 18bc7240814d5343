import CrisisCore
import Foundation
import PostgresNIO

/// Setting a database up and moving a record in and out: `db init`, `db grant`, `db push`, `db pull`,
/// `check --db`, `db snapshot`.
public enum DatabaseAdmin {
    /// Creates or upgrades the schema and the three group roles (every statement may run again).
    public static func initialize(_ url: DatabaseURL) throws -> String {
        let link = try DatabaseLink(url)
        defer { link.close() }
        do {
            // One transaction: a schema half made is never left behind. The lock keeps two inits from racing.
            try link.execute("BEGIN")
            try link.execute("SELECT pg_advisory_xact_lock(7402302)")
            for statement in Schema.statements { try link.execute(statement) }
            try link.execute("COMMIT")
        } catch let e as DatabaseError {
            _ = try? link.execute("ROLLBACK")
            if e.sqlState == "42501" {
                throw DatabaseError(message: "\(e.message). db init creates a schema and roles: run it as the database's owner with the CREATEROLE privilege (for example the postgres user)")
            }
            throw e
        }
        let id = try DatabaseReader.identity(on: link)
        let head = try DatabaseReader.head(on: link)
        return "database ready: \(url), schema version \(id.version), \(head) operations; roles crisiscell_viewer, crisiscell_officer, crisiscell_admin"
    }

    /// Makes LOGIN a viewer, an officer or an admin (and nothing else of the three), creating the login role
    /// when it does not exist yet (that needs CREATEROLE).
    public static func grant(_ url: DatabaseURL, login: String, role: String) throws -> String {
        guard Schema.roles.contains(role) else {
            throw DatabaseError(message: "'\(role)' is not a role: viewer (reads), officer (every change), admin (also deletes crises, the cell's settings)")
        }
        guard !login.isEmpty, login.unicodeScalars.allSatisfy({ !$0.properties.generalCategory.isControl }) else {
            throw DatabaseError(message: "'\(login)' is not a login name")
        }
        let link = try DatabaseLink(url)
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        let name = quoted(login)
        let exists = try !link.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [PostgresData(string: login)]).isEmpty
        var done: [String] = []
        if !exists {
            try link.execute("CREATE ROLE \(name) LOGIN")
            done.append("created the login \(login) (set its password with \\password \(login) in psql, or use peer or certificate authentication)")
        }
        for other in Schema.roles where other != role { try link.execute("REVOKE \(Schema.role(other)) FROM \(name)") }
        try link.execute("GRANT \(Schema.role(role)) TO \(name)")
        done.append("\(login) is now \(role == "viewer" ? "a" : "an") \(role)")
        return done.joined(separator: "; ")
    }

    /// Moves a directory's record into an empty database: a snapshot at the directory's number, so the next
    /// operation follows it; history, events and who-did-what all travel inside it.
    public static func push(_ store: Store, to url: DatabaseURL) throws -> String {
        let link = try DatabaseLink(url)
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        let head = try DatabaseReader.head(on: link)
        guard head == 0 else {
            throw DatabaseError(message: "the database at \(url) already holds a record (up to operation \(head)); db push fills an empty one")
        }
        guard store.seq > 0 else { throw DatabaseError(message: "the directory holds no record to push") }
        try writeSnapshot(store, on: link)
        let w = store.world
        return "pushed into \(url): operation \(store.seq), \(w.crises.count) crises, \(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries"
    }

    /// The database's whole record, read fresh (for db pull).
    public static func pull(_ url: DatabaseURL) throws -> Store {
        let link = try DatabaseLink(url)
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        return try DatabaseReader.store(on: link)
    }

    /// A snapshot of the record as it is now, so new sites load fast (admin).
    public static func snapshot(_ url: DatabaseURL) throws -> String {
        let link = try DatabaseLink(url)
        defer { link.close() }
        _ = try DatabaseReader.identity(on: link)
        let store = try DatabaseReader.store(on: link)
        try writeSnapshot(store, on: link)
        return "snapshot at operation \(store.seq) written"
    }

    /// The world at the store's number, as snapshot.json would hold it; one already there at that number stays.
    private static func writeSnapshot(_ store: Store, on link: DatabaseLink) throws {
        let text = String(decoding: SnapshotFile(seq: store.seq, savedAt: Timestamp.rounded(CellClock.now()), world: store.world).fileBytes, as: UTF8.self)
        do {
            try link.query("INSERT INTO crisiscell.snapshots (seq, world) VALUES ($1, $2) ON CONFLICT (seq) DO NOTHING",
                           [PostgresData(int64: Int64(store.seq)), PostgresData(string: text)])
        } catch let e as DatabaseError where e.sqlState == "42501" {
            throw DatabaseError(message: "\(e.message): only a crisiscell admin writes snapshots (crisiscell db grant \(link.login) admin)")
        }
    }

    public struct Report {
        public var problems: [String]
        public var summary: String
    }

    /// Reads everything and checks it: operations numbered without a gap, each applying, the world sound.
    public static func check(_ url: DatabaseURL) throws -> Report {
        let link = try DatabaseLink(url)
        defer { link.close() }
        let id = try DatabaseReader.identity(on: link)
        var problems: [String] = []
        let gaps = try link.query("""
            SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY seq) AS prev FROM crisiscell.operations) s
            WHERE prev IS NOT NULL AND seq <> prev + 1
            """)
        let gapCount = Int(try gaps.first?.decode(Int64.self) ?? 0)
        if gapCount > 0 { problems.append("\(gapCount) gap(s) in the operations' numbers") }
        var store = Store()
        do { store = try DatabaseReader.store(on: link) } catch { problems.append("\(error)") }
        for p in WorldCheck.problems(in: store.world, seq: store.seq) where p.refusesLoading { problems.append("operation \(store.seq): \(p)") }
        let w = store.world
        return Report(problems: problems, summary: "healthy: \(url) · schema \(id.version) · operation \(store.seq) · \(w.crises.count) crises, "
                      + "\(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries")
    }

    /// A role's name as an SQL identifier.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format }
}
