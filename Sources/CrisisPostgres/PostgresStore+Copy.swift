import CrisisModel
import CrisisStorage
import Foundation
import PostgresNIO

/// After a failover to an asynchronous standby, the database may lack the last operations this site already
/// holds, and once it takes new changes, number them over the lost ones. Checked on every (re)connection, before
/// anything is fetched or sent: a site never lays another history over its own silently.
extension PostgresStore {
    func verifyCopy(on link: DatabaseLink) throws {
        // Found in place: a filtered copy of 200,000 events is a good part of a large store's opening.
        let (have, newest) = state.withLock {
            (cache.store.seq, cache.store.world.events.max { $0.seq < $1.seq }.flatMap { $0.seq > 0 ? $0 : nil })
        }
        guard have > 0 else { return }
        let head = try DatabaseReader.head(on: link)
        if head < have {
            // A standby behind is late, not wrong: it catches up by itself.
            if link.server.inRecovery { return }
            throw DatabaseError(
                message: Self.lostTail(directory: cache.directory.path, url: link.url, head: head, have: have),
                oldPrimary: true)
        }
        guard let newest else { return }
        let rows = try link.query(
            "SELECT at, made_at, operator FROM crisiscell.operations WHERE seq = $1",
            [PostgresData(int64: Int64(newest.seq))])
        guard let row = rows.first else { return }
        let (at, made, who) = try row.decode((Date, Date?, String).self)
        let close = [at, made].compactMap { $0 }.contains { abs($0.timeIntervalSince(newest.time)) <= 1 }
        guard who != newest.operator || !close else { return }
        throw DatabaseError(
            message:
                "the database at \(link.url) holds another operation \(newest.seq) than this site (by \(who), not \(newest.operator)): "
                + "it lost this site's last changes in a failover to an asynchronous standby and numbered new ones over them; "
                + "this site stops following it; tell the cell's admin: \(cache.directory.path) still holds what was lost",
            oldPrimary: true)
    }

    static func lostTail(directory: String, url: DatabaseURL, head: Int, have: Int) -> String {
        "\(directory) holds operations up to \(have) but the database at \(url) only \(head): either the database lost "
            + "its last changes in a failover to an asynchronous standby (this copy still holds "
            + (have == head + 1 ? "operation \(have)" : "operations \(head + 1) to \(have)")
            + ": tell the cell's admin before anything else), or this folder caches another copy; give this site "
            + "a fresh --data only once they are saved"
    }
}
