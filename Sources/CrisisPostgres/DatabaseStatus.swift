import CrisisModel
import Foundation
import PostgresNIO

/// `db status` and the replication part of `check --db`: each server of the URL (primary, standby, old primary,
/// or out of reach), the primary's standbys with their state and lag, and whether a change the cell makes is
/// acknowledged by one machine or by two.
public enum DatabaseStatus {
    public struct Standby: Equatable, Sendable {
        public var name, client, state, sync: String
        public var replayLag: Double?
        public var behindBytes: Int?
    }

    public struct Report: Sendable {
        /// One line per server of the URL, in its order.
        public var servers: [String] = []
        public var standbys: [Standby] = []
        /// "two machines", "one machine", with why.
        public var durability: String = ""
        /// Needs a person: a synchronous standby configured but absent (commits wait), an old primary.
        public var warnings: [String] = []
        public var head: Int?
        public var timeline: Int?

        public var lines: [String] {
            var out = servers.map { "server \($0)" }
            for s in standbys {
                let lag = s.replayLag.map { String(format: "replay lag %.3f s", $0) } ?? "replay lag unknown"
                let behind = s.behindBytes.map { " · \($0) bytes behind" } ?? ""
                out.append("standby \(s.name) (\(s.client)): \(s.state), \(s.sync) · \(lag)\(behind)")
            }
            out.append("durability: \(durability)")
            if let timeline { out.append("timeline: \(timeline)") }
            if let head { out.append("the cell's head: operation \(head)") }
            return out + warnings.map { "warning: \($0)" }
        }
    }

    /// Asks each server of the URL in turn (a read-only question any role of the cell may ask).
    public static func report(_ url: DatabaseURL, timeout: TimeInterval = 5) -> Report {
        var report = Report()
        var primary: DatabaseLink?
        for server in url.endpoints {
            let one = url.only(server)
            do {
                let link = try DatabaseLink(one, timeout: timeout, want: .any)
                let f = link.server
                let tl = f.timeline.map { ", timeline \($0)" } ?? ""
                let head = (try? DatabaseReader.head(on: link)).map { ", operation \($0)" } ?? ""
                report.servers.append("\(server.name): \(f.kind)\(tl)\(head)")
                if !f.inRecovery {
                    if let other = primary, let mine = f.timeline, let best = other.server.timeline, mine == best {
                        report.warnings.append(
                            "two primaries on timeline \(mine): \(other.url.endpoint.name) and \(server.name) both take changes (a split brain): stop one and rebuild it as a standby (pg_rewind)"
                        )
                    }
                    if let mine = f.timeline, let best = primary?.server.timeline, mine != best {
                        let (old, new) =
                            mine < best
                            ? (server.name, primary!.url.endpoint.name) : (primary!.url.endpoint.name, server.name)
                        report.warnings.append(
                            "two primaries: \(old) is an old primary (timeline \(min(mine, best)), \(new) is on \(max(mine, best))): rebuild it as a standby (pg_rewind) before use"
                        )
                        if mine < best { continue }
                    }
                    primary = link
                }
            } catch {
                report.servers.append("\(server.name): \(DatabaseError.from(error, url: one).message)")
            }
        }
        guard let primary else {
            report.durability = "unknown: no primary among \(url.endpoints.map(\.name).joined(separator: ", "))"
            report.warnings.append("no server of the URL takes changes now; they wait at each site until one does")
            return report
        }
        report.timeline = primary.server.timeline
        report.head = try? DatabaseReader.head(on: primary)
        describe(&report, on: primary)
        return report
    }

    /// The standbys and what a commit waits for, as the primary says.
    static func describe(_ report: inout Report, on primary: DatabaseLink) {
        let names = (try? setting("synchronous_standby_names", on: primary)) ?? ""
        let commit = (try? setting("synchronous_commit", on: primary)) ?? "on"
        do {
            let rows = try primary.query("SELECT * FROM crisiscell.replication()")
            report.standbys = try rows.map { row in
                let (name, client, state, sync, _, _, replay, behind) = try row.decode(
                    (String?, String?, String?, String?, Double?, Double?, Double?, Int64?).self)
                return Standby(
                    name: name ?? "?", client: client ?? "?", state: state ?? "(hidden from the schema's owner)",
                    sync: sync ?? "?", replayLag: replay, behindBytes: behind.map(Int.init))
            }
        } catch {
            report.warnings.append(
                "the standbys could not be read: \(DatabaseError.from(error, url: primary.url).message)")
        }
        let syncing = report.standbys.filter { ["sync", "quorum"].contains($0.sync) && $0.state == "streaming" }
        let hidden = report.standbys.contains { $0.state.hasPrefix("(hidden") }
        let waitsForStandby = !names.isEmpty && !["off", "local"].contains(commit)
        if waitsForStandby, syncing.isEmpty, hidden {
            report.durability =
                "unknown: synchronous_standby_names = '\(names)', but the standbys' state is hidden from the schema's owner (grant it pg_monitor)"
        } else if waitsForStandby, !syncing.isEmpty {
            let what =
                commit == "remote_apply"
                ? "applied (visible to readers there)"
                : commit == "remote_write" ? "written (not yet flushed)" : "flushed to disk"
            report.durability =
                "two machines: each change is acknowledged once \(syncing.map(\.name).joined(separator: ", ")) has it \(what) (synchronous_commit = \(commit))"
        } else if waitsForStandby {
            report.durability = "waiting: a synchronous standby is configured (\(names)) but none is streaming"
            report.warnings.append(
                "synchronous_standby_names = '\(names)' but no such standby is streaming: every change waits (the consoles keep them at their sites) until one is, or until the setting is emptied"
            )
        } else {
            let why =
                names.isEmpty
                ? "no synchronous standby (synchronous_standby_names is empty)" : "synchronous_commit = \(commit)"
            let standbys =
                report.standbys.isEmpty
                ? "no standby" : "asynchronous standbys \(report.standbys.map(\.name).joined(separator: ", "))"
            report.durability =
                "one machine: \(why), \(standbys); a failover may lose the changes made in the last moments before it"
        }
    }

    private static func setting(_ name: String, on link: DatabaseLink) throws -> String {
        try link.query("SELECT pg_catalog.current_setting($1)", [PostgresData(string: name)]).first?.decode(String.self)
            ?? ""
    }
}
