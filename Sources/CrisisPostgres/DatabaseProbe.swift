import Foundation
import PostgresNIO

/// What `crisiscell doctor` asks of the database: whether it answers, as whom and with which role in the cell,
/// and how far this machine's clock is from the server's (the server stamps each change; a site's clock dates a
/// change made offline).
public enum DatabaseProbe {
    public struct Answer: Sendable {
        public var server: String
        public var login: String
        /// "officer or admin (may write)", "viewer (reads only)".
        public var role: String
        /// This machine's clock minus the server's, in seconds.
        public var clockOffset: Double
    }

    public static func ask(_ url: DatabaseURL, now: () -> Date = Date.init) throws -> Answer {
        let link = try DatabaseLink(url, timeout: url.connectWait(default: 5), seen: TimelineMark(file: nil))
        defer { link.close() }
        let before = now()
        let rows = try link.query(
            "SELECT pg_catalog.clock_timestamp(), has_function_privilege('crisiscell.append(bigint, text[], text, timestamptz)', 'EXECUTE')"
        )
        let after = now()
        guard let row = rows.first else { throw DatabaseError(message: "the database at \(link.url) did not answer") }
        let (serverNow, writes) = try row.decode((Date, Bool).self)
        let local = before.addingTimeInterval(after.timeIntervalSince(before) / 2)
        return Answer(
            server: "\(link.url.endpoint.name) (\(link.server.kind))", login: link.login,
            role: writes ? "officer or admin (may write)" : "viewer (reads only)",
            clockOffset: local.timeIntervalSince(serverNow))
    }
}
