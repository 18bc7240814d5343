import CrisisModel
import CrisisPostgres
import CrisisStorage
import CrisisTesting
import Foundation

/// A primary and a streaming standby made for the run: what a synchronous standby costs each durable operation,
/// and a failover as a console lives it (a change made after the primary is lost, committed on the promoted
/// standby).
enum FailoverBench {
    static func measure(root: String) {
        do {
            guard let primary = try PrivateCluster(label: "bench-hq") else {
                Table.add("database failover rows", "not measured: PostgreSQL's server is not installed")
                return
            }
            try primary.createDatabase("cell")
            guard let standby = try PrivateCluster(label: "bench-dr", standbyOf: primary, name: "dr") else { return }
            let url = try DatabaseURL(
                "postgres://postgres@/cell?host=\(primary.root),\(standby.root)&port=\(primary.port)")
            _ = try DatabaseAdmin.initialize(url)
            _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: url)
            let store = try PostgresStore(
                url: url, cache: DataDirectory(path: root + "/fo-writer"), operatorName: "bench")
            var n = 0
            for (label, names) in [
                ("a synchronous standby (synchronous_commit = on)", "dr"), ("no synchronous standby", ""),
            ] {
                try primary.requireStandby(names)
                let ops = try Clock.samples(300) {
                    n += 1
                    _ = try store.commit(.log(crisis: nil, kind: .sitrep, text: "bench \(n)"), by: "bench")
                }
                Table.add(
                    "database, durable operation with \(label), Unix socket: p50 / p99",
                    "\(Clock.ms(Clock.median(ops))) / \(Clock.ms(Clock.p99(ops)))")
            }
            try primary.requireStandby("dr")
            try failover(url, primary: primary, standby: standby, root: root)
        } catch {
            Table.add("database failover rows", "not measured: \(error)")
        }
    }

    /// A console's store: the primary stopped as by a power cut, a change made at once (kept at the site), the
    /// standby promoted a second later (by hand here; an HA manager takes its own time to decide), and the
    /// console's writer left to find it.
    private static func failover(_ url: DatabaseURL, primary: PrivateCluster, standby: PrivateCluster, root: String)
        throws
    {
        let console = try PostgresStore(
            url: url, cache: DataDirectory(path: root + "/fo-console"), live: true, operatorName: "bench")
        primary.stopImmediately()
        let lost = Date()
        _ = try console.commit(.log(crisis: nil, kind: .sitrep, text: "made in the gap"), by: "bench")
        Thread.sleep(forTimeInterval: max(0, 1 - Date().timeIntervalSince(lost)))
        try standby.promote()
        let promoted = Date()
        while console.link?.waiting ?? 0 > 0 || console.link?.online != true {
            guard Date().timeIntervalSince(promoted) < 60 else {
                Table.add("database failover, as a console sees it", "not measured: no commit within 60 s")
                return
            }
            _ = try console.refresh()
            Thread.sleep(forTimeInterval: 0.01)
        }
        let committed = Date()
        Table.add(
            "database failover as a console sees it: primary lost → change committed on the promoted standby (promoted by hand 1 s after) / promotion → committed",
            "\(Clock.ms(committed.timeIntervalSince(lost))) / \(Clock.ms(committed.timeIntervalSince(promoted)))",
            goal: "promotion → committed < 5 s", met: committed.timeIntervalSince(promoted) < 5)
    }
}
