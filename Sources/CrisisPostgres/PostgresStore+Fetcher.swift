import CrisisModel
import CrisisStorage
import Foundation
import PostgresNIO

/// One site at a time fetches the cell's feeds: a lease in the database that only its writers can take.
extension PostgresStore {
    public func claimFeedFetcher(site: String, seconds: Int) throws -> String? {
        let link = try DatabaseLink(url, timeout: url.connectWait(default: 5), want: writingAttrs, seen: timelines)
        defer { link.close() }
        let rows: [PostgresRow]
        do {
            rows = try link.query(
                "SELECT held_by, until FROM crisiscell.claim_fetcher($1, $2)",
                [PostgresData(string: site), PostgresData(int32: Int32(seconds))])
        } catch let e as DatabaseError where e.sqlState == "42501" {
            throw DatabaseError(
                message: "\(link.login) may not fetch this cell's feeds (officers and admins do)", sqlState: e.sqlState)
        }
        guard let row = rows.first else { return "nobody (the lease could not be read)" }
        let (holder, until) = try row.decode((String, Date).self)
        if holder == "\(site) (\(link.login))" { return nil }
        return "\(holder) until \(Format.clock(until, .utc)) UTC"
    }

    public func releaseFeedFetcher(site: String) {
        guard
            let link = try? DatabaseLink(url, timeout: url.connectWait(default: 5), want: writingAttrs, seen: timelines)
        else { return }
        defer { link.close() }
        _ = try? link.query("SELECT crisiscell.release_fetcher($1)", [PostgresData(string: site)])
    }
}
