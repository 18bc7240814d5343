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
    /// The cluster's identifier (pg_control_system()): a standby made by pg_basebackup shares its primary's; a
    /// cluster made anew (a restore, pg_upgrade) has its own, and its timelines start again at 1.
    var system: String? = nil

    static let query = """
        SELECT session_user::text, pg_catalog.pg_is_in_recovery(),
          pg_catalog.current_setting('transaction_read_only'),
          CASE WHEN pg_catalog.pg_is_in_recovery() THEN (SELECT r.received_tli FROM pg_catalog.pg_stat_wal_receiver r)
          ELSE ('x' || pg_catalog.substr(pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_lsn()), 1, 8))::bit(32)::int4
          END,
          (SELECT c.system_identifier::text FROM pg_catalog.pg_control_system() c)
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

    /// What the writer asks for, whatever the URL's wish: a server that takes changes (a primary that is not
    /// read-only; a standby never is).
    var forWriting: Self { .readWrite }
}

/// The highest server timeline this site has seen, and of which cluster, kept in its cache directory: a primary
/// of that cluster behind it is an old primary that came back on its own after a standby was promoted, and
/// writing there would split the record. A cluster made anew (restored, upgraded) starts the mark again.
public final class TimelineMark: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    private var system: String?
    private let file: String?

    /// `file`: where the mark is kept (nil: only for this process). It reads "TIMELINE SYSTEM-ID".
    public init(file: String?) {
        self.file = file
        let words = (file.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "").split(
            whereSeparator: \.isWhitespace)
        value = words.first.flatMap { Int($0) } ?? 0
        system = words.count > 1 ? String(words[1]) : nil
    }

    public var seen: Int { lock.withLock { value } }

    /// Raises the mark (never lowers it, but for another cluster) and keeps it on disk, under the lock, so two
    /// threads raising it at once cannot leave the lower on disk.
    func saw(_ facts: ServerFacts) {
        guard let timeline = facts.timeline else { return }
        lock.withLock {
            let anew = facts.system != nil && system != nil && facts.system != system
            guard anew || timeline > value || (system == nil && facts.system != nil) else { return }
            value = anew ? timeline : max(value, timeline)
            system = facts.system ?? system
            if let file {
                try? PendingFile.replacePrivateFile(Data("\(value) \(system ?? "")\n".utf8), at: file)
            }
        }
    }

    func saw(_ timeline: Int?) { saw(ServerFacts(inRecovery: false, readOnly: false, timeline: timeline)) }

    /// Why this site must not use `server`: a primary of the same cluster on a timeline before the one seen.
    func refusal(_ facts: ServerFacts, server: DatabaseURL.Endpoint) -> DatabaseError? {
        let (seen, mine) = lock.withLock { (value, system) }
        guard !facts.inRecovery, let t = facts.timeline, t < seen else { return nil }
        if let mine, let theirs = facts.system, mine != theirs { return nil }
        return DatabaseError(
            message:
                "\(server.name) is an old primary (timeline \(t), this cell is on \(seen)): rebuild it as a standby (pg_rewind) before use",
            oldPrimary: true)
    }
}
