import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisStorage
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `crisiscell-bench`: one table of measured figures (build with -c release).
///   crisiscell-bench                 everything below, one table
///   crisiscell-bench generate DIR    write the large store as a data directory the console can open
///   crisiscell-bench rss DIR [--save] load DIR, draw a frame (and save a snapshot), print peak resident size
///   crisiscell-bench keys            only the per-key figures, at both sizes
///   crisiscell-bench pty             only the bytes a 200x60 terminal receives per key
///   crisiscell-bench brief           only `crisiscell brief` on the demo, as a whole process
///   crisiscell-bench db              only the database's rows (a private PostgreSQL cluster is started)
///   crisiscell-bench failover        only a primary and standby's rows (synchronous cost, failover time)
///   crisiscell-bench first-frame URL a console's first frame on an existing database, empty cache then warm
@main
enum Bench {
    static func main() throws {
        let args = Array(CommandLine.arguments.dropFirst())
        switch args.first {
        case "generate":
            guard args.count == 2 else { fail("usage: crisiscell-bench generate DIR") }
            let repo = try Repository(directory: DataDirectory(path: args[1]))
            try repo.replaceAll(with: LargeWorld.make(now: CellClock.now()))
            print("large store written to \(args[1])")
        case "rss":
            guard args.count == 2 || (args.count == 3 && args[2] == "--save") else {
                fail("usage: crisiscell-bench rss DIR [--save]")
            }
            try residentSize(args[1], save: args.count == 3)
        case "brief":
            // Just `crisiscell brief` as a process, and the binary's size.
            let root = NSTemporaryDirectory() + "crisiscell-bench-brief-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: root) }
            Table.brief(root)
            Table.printTable()
        case "pty":
            // Just the bytes a real terminal receives (and ncurses' for comparison).
            let root = NSTemporaryDirectory() + "crisiscell-bench-pty-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: root) }
            let repo = try Repository(directory: DataDirectory(path: root + "/large"))
            try repo.replaceAll(with: LargeWorld.make(now: CellClock.now()))
            TerminalBytes.measure(root + "/large", root: root)
            Table.printTable()
        case "keys":
            // Just the per-key figures, for working on them (and for a profiler).
            let now = CellClock.now()
            let names = CountryNames.load()
            let zones = names.countryZones
            let (large, small) = Table.keyPressPair(
                LargeWorld.make(now: now).world, LargeWorld.make(now: now, shape: .screenful).world,
                names: names, zones: zones, now: now)
            for (label, k) in [("large", large), ("1k screenful", small)] {
                print(label, "move", Clock.us(k.move), "settle", Clock.us(k.settle), "tick", Clock.us(k.tick))
            }
            print(
                String(
                    format: "ratios %.2f %.2f %.2f", large.move / small.move, large.settle / small.settle,
                    large.tick / small.tick))
        case "feeds":
            // Just the feeds' rows.
            let root = NSTemporaryDirectory() + "crisiscell-bench-feeds-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: root) }
            FeedsBench.measure(root: root)
            Table.printTable()
        case "db":
            // Just the database's rows.
            let root = NSTemporaryDirectory() + "crisiscell-bench-db-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: root) }
            DatabaseBench.measure(large: LargeWorld.make(now: CellClock.now()), root: root)
            FailoverBench.measure(root: root)
            Table.printTable()
        case "first-frame":
            guard args.count == 2 else { fail("usage: crisiscell-bench first-frame URL") }
            try firstFrames(try DatabaseURL(args[1]))
        case "failover":
            // Just the standby's rows.
            let root = NSTemporaryDirectory() + "crisiscell-bench-failover-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: root) }
            FailoverBench.measure(root: root)
            Table.printTable()
        case nil:
            try Table.run()
        default:
            fail("unknown command '\(args[0])'")
        }
    }

    /// Loads DIR, draws a frame (and saves a snapshot), prints the peak resident size.
    static func residentSize(_ path: String, save: Bool) throws {
        let repo = try Repository(directory: DataDirectory(path: path), readOnly: !save)
        let names = CountryNames.load()
        _ = Screen.render(
            AppState(operatorName: "bench", now: CellClock.now(), width: 200, height: 60),
            RenderContext(world: repo.store.world, names: names, zones: names.countryZones))
        // The console's way: a background snapshot while the store stays in memory.
        if save {
            repo.compactsInline = false
            repo.startBackgroundSnapshot()
            _ = try repo.finishBackgroundSnapshot(wait: true)
        }
        print(peakResidentKB())
    }

    /// A console's first frame on an existing database, three times over, each from an empty cache.
    static func firstFrames(_ url: DatabaseURL) throws {
        let root = NSTemporaryDirectory() + "crisiscell-bench-first-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for run in 1...3 {
            let (cold, warm) = try DatabaseBench.firstFrames(url, cache: root + "/\(run)")
            print("empty cache \(Clock.ms(cold)), warm cache \(Clock.ms(warm))")
        }
    }

    /// This process's own peak (VmHWM). Not getrusage's ru_maxrss: Linux carries that across fork and exec,
    /// so a child started by the benchmark would report the benchmark's own peak.
    static func peakResidentKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        {
            return kb
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(64)
    }
}

/// Timing helpers.
enum Clock {
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func samples(_ n: Int, _ body: () throws -> Void) rethrows -> [Double] {
        var out: [Double] = []
        for _ in 0..<n { out.append(try time(body)) }
        return out.sorted()
    }

    static func median(_ s: [Double]) -> Double { s[s.count / 2] }
    static func p99(_ s: [Double]) -> Double { s[min(s.count - 1, s.count * 99 / 100)] }
    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
    static func us(_ seconds: Double) -> String { String(format: "%.0f µs", seconds * 1e6) }
}
