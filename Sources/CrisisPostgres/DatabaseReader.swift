import CrisisModel
import CrisisStorage
import Foundation
import PostgresNIO

/// Reading the record out of the database: operations after a number, the newest snapshot, the whole store.
enum DatabaseReader {
    /// Operations after `seq`, in order, at most `limit`. One this version cannot read is set aside (the same
    /// log line at every site) rather than stopping the site.
    static func operations(after seq: Int, on link: DatabaseLink, limit: Int = 5_000, timeout: TimeInterval = 15) throws
        -> [JournalEntry]
    {
        try rows(after: seq, on: link, limit: limit, timeout: timeout).map(\.entry)
    }

    /// The same, with why each set-aside row could not be read.
    static func rows(after seq: Int, on link: DatabaseLink, limit: Int = 5_000, timeout: TimeInterval = 15) throws -> [(
        entry: JournalEntry, problem: String?
    )] {
        let rows = try link.query(
            "SELECT seq, at, operator, op, made_at FROM crisiscell.operations WHERE seq > $1 ORDER BY seq LIMIT $2",
            [PostgresData(int64: Int64(seq)), PostgresData(int64: Int64(limit))], timeout: timeout)
        return try rows.map { row in
            let (n, at, who, text, made) = try row.decode((Int64, Date, String, String, Date?).self)
            return SetAside.reading(
                seq: Int(n), time: Timestamp.rounded(at), operator: who, json: text, madeAt: made.map(Timestamp.rounded)
            )
        }
    }

    /// The newest snapshot at or after `seq`, if the database has one.
    static func newestSnapshot(after seq: Int, on link: DatabaseLink) throws -> SnapshotFile? {
        let rows = try link.query(
            "SELECT seq, world FROM crisiscell.snapshots WHERE seq > $1 ORDER BY seq DESC LIMIT 1",
            [PostgresData(int64: Int64(seq))])
        guard let row = rows.first else { return nil }
        // The text's bytes as they came (71 MB on a large store): a String would check and copy them first.
        let (n, bytes) = try row.decode((Int64, ByteBuffer).self)
        return try bytes.withUnsafeReadableBytes {
            try SnapshotFile.decoded($0, source: "the database's snapshot \(n)")
        }
    }

    /// The number the next operation follows.
    static func head(on link: DatabaseLink) throws -> Int {
        let rows = try link.query("SELECT crisiscell.head()")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// The whole store, read fresh: the newest snapshot and every operation after it; `setAside` gets each
    /// operation that could not be read or applied, with why.
    static func store(
        on link: DatabaseLink, upTo last: Int = Int.max, setAside: ((JournalEntry, String) -> Void)? = nil
    ) throws -> Store {
        var store = Store()
        if let snap = try newestSnapshot(after: -1, on: link) { store = Store(world: snap.world, seq: snap.seq) }
        if store.seq > last { throw DatabaseError(message: "the database's newest snapshot is past operation \(last)") }
        while store.seq < last {
            let batch = try rows(after: store.seq, on: link, limit: min(5_000, last - store.seq))
            if batch.isEmpty { return store }
            for (entry, problem) in batch {
                guard entry.seq == store.seq + 1 else {
                    throw DatabaseError(
                        message:
                            "the database's operations jump from \(store.seq) to \(entry.seq): operations are missing")
                }
                if let problem { setAside?(entry, problem) }
                do { try store.apply(entry) } catch {
                    let kept = SetAside.entry(
                        seq: entry.seq, time: entry.time, operator: entry.operator, reason: "\(error)")
                    setAside?(kept, "\(error)")
                    try store.apply(kept)
                }
            }
        }
        return store
    }

    /// The schema's version and the cell's id, or a message saying how to create them.
    static func identity(on link: DatabaseLink) throws -> (version: Int, cell: String) {
        let rows: [PostgresRow]
        do { rows = try link.query("SELECT key, value FROM crisiscell.meta") } catch let e as DatabaseError
            where e.sqlState == "42P01" || e.sqlState == "3F000"
        {
            throw DatabaseError(
                message:
                    "the database at \(link.url) has no CrisisCell schema yet: its owner runs crisiscell db init --db URL"
            )
        }
        var meta: [String: String] = [:]
        for row in rows {
            let (k, v) = try row.decode((String, String).self)
            meta[k] = v
        }
        guard let v = meta["version"].flatMap(Int.init), let cell = meta["cell"] else {
            throw DatabaseError(
                message:
                    "the database at \(link.url) has an unfinished CrisisCell schema: run crisiscell db init --db URL again"
            )
        }
        if v > Schema.version {
            throw DatabaseError(
                message:
                    "the database at \(link.url) has schema version \(v); this program knows \(Schema.version): upgrade crisiscell"
            )
        }
        if v < Schema.version {
            throw DatabaseError(
                message:
                    "the database at \(link.url) has schema version \(v), \(v == 1 ? "which trusts its clients" : v == 2 ? "which loses when offline changes were made" : v == 3 ? "which knows no feeds" : "which shows its standbys to no role"); its owner upgrades it to \(Schema.version) with crisiscell db init --db URL"
            )
        }
        return (v, cell)
    }

    /// The start of this cell's role names (`crisiscell_<db>`), as db init recorded it.
    static func rolePrefix(on link: DatabaseLink) throws -> String {
        let rows = try link.query("SELECT value FROM crisiscell.meta WHERE key = 'roles'")
        guard let row = rows.first else {
            throw DatabaseError(
                message: "the database at \(link.url) has no roles recorded: run crisiscell db init --db URL again")
        }
        return try row.decode(String.self)
    }
}
