import CrisisStorage
import Foundation

/// What a server is, asked of each server a connection tries (as libpq does for `target_session_attrs`): a
/// standby replaying a primary's WAL, or a primary; read-only or not; and the timeline it writes, which goes up
/// by one at each promotion.
struct ServerFacts: Equatable, Sendable {
    var inRecovery: Bool
    var readOnly: Bool
    /// A primary's timeline, from the name of the WAL file it writes (exact from the moment it is promoted,
    /// unlike the checkpoint's); a standby's, when the server shows this login its WAL receiver.
    var timeline: Int?

    static let query = """
        SELECT session_user::text, pg_catalog.pg_is_in_recovery(),
          pg_catalog.current_setting('transaction_read_only'),
          CASE WHEN pg_catalog.pg_is_in_recovery() THEN (SELECT r.received_tli FROM pg_catalog.pg_stat_wal_receiver r)
          ELSE ('x' || pg_catalog.substr(pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_lsn()), 1, 8))::bit(32)::int4
          END
        """

    /// Takes changes: a primary that is not read-only.
    var isWritable: Bool { !inRecovery && !readOnly }

    func satisfies(_ want: DatabaseURL.TargetSessionAttrs) -> Bool {
        switch want {
        case .any: true
        case .readWrite: !readOnly
        case .readOnly: readOnly
        case .primary: !inRecovery
        case .standby, .preferStandby: inRecovery
        }
    }

    var kind: String { inRecovery ? "a standby" : readOnly ? "a read-only server" : "a primary" }
}

extension DatabaseURL.TargetSessionAttrs {
    /// What a server must be, for a message: "cannot reach a primary among …".
    var words: String {
        switch self {
        case .any: "a server"
        case .readWrite: "a server that takes changes (read-write)"
        case .readOnly: "a read-only server"
        case .primary: "a primary"
        case .standby: "a standby"
        case .preferStandby: "a standby or a primary"
        }
    }

    /// What the writer asks for: the URL's wish when it already means a server that takes changes, else read-write.
    var forWriting: Self { self == .primary ? .primary : .readWrite }
}

/// The highest server timeline this site has seen, kept in its cache directory: a primary behind it is an old
/// primary that came back on its own after a standby was promoted, and writing there would split the record.
public final class TimelineMark: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    private let file: String?

    /// `file`: where the mark is kept (nil: only for this process).
    public init(file: String?) {
        self.file = file
        value =
            file.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.flatMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            } ?? 0
    }

    public var seen: Int { lock.withLock { value } }

    /// Raises the mark (never lowers it) and keeps it on disk when it rose.
    func saw(_ timeline: Int?) {
        guard let timeline else { return }
        let rose: Bool = lock.withLock {
            guard timeline > value else { return false }
            value = timeline
            return true
        }
        if rose, let file {
            try? PendingFile.replacePrivateFile(Data("\(timeline)\n".utf8), at: file)
        }
    }

    /// Why this site must not use `server`: a primary on a timeline before the one this site has seen.
    func refusal(_ facts: ServerFacts, server: DatabaseURL.Endpoint) -> DatabaseError? {
        let seen = self.seen
        guard !facts.inRecovery, let t = facts.timeline, t < seen else { return nil }
        return DatabaseError(
            message:
                "\(server.name) is an old primary (timeline \(t), this cell is on \(seen)): rebuild it as a standby (pg_rewind) before use",
            oldPrimary: true)
    }
}
