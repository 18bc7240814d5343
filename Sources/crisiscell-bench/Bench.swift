import CrisisCore
import Foundation

/// `crisiscell-bench`: prints one table of timings. Build with `swift run -c release crisiscell-bench`.
@main
enum Bench {
    static func main() throws {
        let sizes = CommandLine.arguments.count > 1 ? CommandLine.arguments.dropFirst().compactMap { Int($0) } : [1_000, 10_000, 100_000]
        var rows: [[String]] = []
        for size in sizes { rows.append(try measure(records: size)) }
        printTable(header: ["records", "snapshot bytes", "save (ms)", "load (ms)", "durable op p50 (ms)", "durable op p99 (ms)"], rows: rows)
    }

    static func measure(records: Int) throws -> [String] {
        let root = NSTemporaryDirectory() + "crisiscell-bench-\(getpid())-\(records)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = DataDirectory(path: root)
        let repo = try Repository(directory: dir)
        let store = SyntheticWorld.make(records: records, now: Date())
        let save = try time { try repo.replaceAll(with: store) }
        let bytes = (try FileManager.default.attributesOfItem(atPath: dir.snapshot)[.size] as? Int) ?? 0
        let load = try median(3) { _ = try Repository(directory: dir) }
        var ops: [Double] = []
        for i in 0..<200 { ops.append(try time { try repo.commit(.log(crisis: nil, kind: .sitrep, text: "bench \(i)"), by: "bench") }) }
        ops.sort()
        return [Format.number(records), Format.number(bytes), ms(save), ms(load), ms(ops[ops.count / 2]), ms(ops[ops.count * 99 / 100])]
    }

    static func time(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ n: Int, _ body: () throws -> Void) throws -> Double {
        var t: [Double] = []
        for _ in 0..<n { t.append(try time(body)) }
        return t.sorted()[n / 2]
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }

    static func printTable(header: [String], rows: [[String]]) {
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max()! }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, s in String(repeating: " ", count: widths[i] - s.count) + s }.joined(separator: " | ") + " |"
        }
        print(line(header))
        print("|" + widths.map { String(repeating: "-", count: $0 + 1) + ":" }.joined(separator: "|") + "|")
        for r in rows { print(line(r)) }
    }
}
