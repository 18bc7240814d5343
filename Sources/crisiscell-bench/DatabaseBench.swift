import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisStorage
import CrisisTesting
import CrisisUI
import Foundation

/// The shared store on a private PostgreSQL cluster made for the run: durable operations over the Unix socket
/// and over TCP with TLS (verify-full), propagation between two followers as two consoles have them, and the
/// first frame on the large store from an empty cache and from a warm one.
enum DatabaseBench {
    /// Two consoles: a writer, and a follower woken by the database's notification.
    static func propagation(_ socket: DatabaseURL, root: String) throws {
        let writer = try PostgresStore(
            url: socket, cache: DataDirectory(path: root + "/db-writer"), operatorName: "bench")
        let reader = try PostgresStore(
            url: socket, cache: DataDirectory(path: root + "/db-reader"), live: true, operatorName: "bench")
        var delays: [Double] = []
        for i in 0..<50 {
            let start = DispatchTime.now().uptimeNanoseconds
            guard
                case .saved(let entry) = try writer.commit(
                    .log(crisis: nil, kind: .sitrep, text: "probe \(i)"), by: "bench")
            else { continue }
            let deadline = Date().addingTimeInterval(5)
            var fds = [pollfd(fd: reader.wakeDescriptor ?? -1, events: Int16(POLLIN), revents: 0)]
            while reader.store.seq < entry.seq && Date() < deadline {
                _ = poll(&fds, 1, 50)
                _ = try reader.refresh()
            }
            delays.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        delays.sort()
        Table.add(
            "database, propagation between two consoles (commit → NOTIFY → fetch), median / worst",
            "\(Clock.ms(Clock.median(delays))) / \(Clock.ms(delays.last!))", goal: "< 250 ms",
            met: delays.last! < 0.25)
    }

    /// A console's first frame on `url` from an empty cache at `cache`, then again from the cache it left.
    static func firstFrames(_ url: DatabaseURL, cache: String) throws -> (cold: Double, warm: Double) {
        let names = CountryNames.load()
        let zones = names.countryZones
        func firstFrame() throws -> Double {
            var store: PostgresStore?
            let took = try Clock.time {
                store = try PostgresStore(
                    url: url, cache: DataDirectory(path: cache), live: true, operatorName: "bench")
                _ = Screen.render(
                    AppState(operatorName: "bench", now: CellClock.now(), width: 200, height: 60),
                    RenderContext(world: store!.store.world, names: names, zones: zones))
            }
            // As a console leaves it: the copy written behind the first frame has landed.
            try store?.finishBackgroundSnapshot(wait: true)
            return took
        }
        return (try firstFrame(), try firstFrame())
    }

    static func measure(large: Store, root: String) {
        let cluster: PrivateCluster
        do {
            guard let c = try PrivateCluster(label: "bench", tlsPort: 55_000 + Int(getpid() % 5_000)) else {
                Table.add("database rows", "not measured: PostgreSQL's server is not installed")
                return
            }
            cluster = c
            try cluster.createDatabase("cell")
            let socket = try DatabaseURL(cluster.url())
            _ = try DatabaseAdmin.initialize(socket)
            _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: socket)

            for (label, url) in [
                ("the Unix socket", socket), ("TCP with TLS (verify-full)", try DatabaseURL(cluster.url(tls: true))),
            ] {
                let store = try PostgresStore(
                    url: url,
                    cache: DataDirectory(path: root + "/db-cache-\(label.hasPrefix("TCP") ? "tls" : "socket")"),
                    operatorName: "bench")
                var n = 0
                let ops = try Clock.samples(300) {
                    n += 1
                    _ = try store.commit(.log(crisis: nil, kind: .sitrep, text: "bench \(n)"), by: "bench")
                }
                Table.add(
                    "database, durable operation over \(label): p50 / p99",
                    "\(Clock.ms(Clock.median(ops))) / \(Clock.ms(Clock.p99(ops)))")
            }

            try propagation(socket, root: root)

            // The large store in the database; a console's first frame from an empty cache and from a warm one.
            try cluster.createDatabase("large")
            let big = try DatabaseURL(cluster.url(database: "large"))
            _ = try DatabaseAdmin.initialize(big)
            _ = try DatabaseAdmin.push(large, to: big)
            let (cold, warm) = try firstFrames(big, cache: root + "/db-large")
            Table.add(
                "database, first frame on the large store: empty cache / warm cache",
                "\(Clock.ms(cold)) / \(Clock.ms(warm))", goal: "≤ 500 ms empty", met: cold <= 0.5)
        } catch {
            Table.add("database rows", "not measured: \(error)")
        }
    }
}
