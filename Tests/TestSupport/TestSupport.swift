import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fixed moment all screen goldens and fixtures are drawn at: 2026-11-29 14:02:00 UTC.
public let fixedNow = Date(timeIntervalSince1970: 1_795_960_920)

/// A fresh private directory under the system temp dir, removed by `cleanUp`.
public final class TempDirectory {
    public let path: String
    public init(_ label: String = "crisiscell") {
        let base = NSTemporaryDirectory() + "\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }
    public var data: DataDirectory { DataDirectory(path: path + "/data") }
    public func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
    deinit { cleanUp() }
}

/// A clock that advances one second per reading, so entries have distinct, predictable times.
public final class SteppingClock: @unchecked Sendable {
    private var current: Date
    private let lock = NSLock()
    public init(start: Date = fixedNow) { current = start }
    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        let t = current
        current = current.addingTimeInterval(1)
        return t
    }
}

/// A small world to test against: one crisis in Lebanon with a short checklist, and one contact.
public enum Fixture {
    public static let crisisId = "lb-test"

    public static func crisis(id: String = crisisId) -> Crisis {
        Crisis(
            id: id, title: "Lebanon test", kind: .conflict, countries: ["LB"], severity: 4, phase: .evacuation,
            started: fixedNow.addingTimeInterval(-86_400), leadOfficer: "rahim", summary: "test",
            checklist: [
                ChecklistItem(id: "a", text: "Crisis team activated", section: "Activation", guideline: "G9"),
                ChecklistItem(id: "b", text: "Registration opened", section: "Registration"),
                ChecklistItem(
                    id: "c", text: "Manifests sent", section: "Movement", due: fixedNow.addingTimeInterval(-600)),
            ])
    }

    public static func contact(id: String = "c1", name: String = "Ayesha Rahman") -> Contact {
        Contact(
            id: id, name: name, organisation: "Embassy Beirut", organisationKind: .mission, role: "Counsellor",
            country: "LB", city: "Beirut", phones: ["+961 3 000 001"], email: "ayesha@example.gov.bd",
            timeZone: "Asia/Beirut", languages: ["bn", "en"], duty: .onDuty, callOrder: 1)
    }

    public static let setupOps: [StoreOperation] = [
        .addCrisis(crisis()),
        .setCounts(
            country: "LB", counts: [.stock: 90_000, .registered: 1_800, .affected: 12_000], source: "test", asOf: nil),
        .addContact(contact()),
    ]

    /// A store with the fixture applied in memory.
    public static func store() -> Store {
        var s = Store()
        for (i, op) in setupOps.enumerated() {
            try! s.apply(
                JournalEntry(seq: i + 1, time: fixedNow.addingTimeInterval(Double(i - 100)), operator: "test", op: op))
        }
        return s
    }
}

/// The path of a built product (the crisiscell binary) beside the test bundle.
public func builtProduct(_ name: String) -> String {
    var url = URL(fileURLWithPath: CommandLine.arguments[0])
    while url.pathComponents.count > 1 && !FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path)
    {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent(name).path
}

/// Runs a process to completion and returns its exit status and output.
public struct ProcessResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// A process left running (a `feeds fetch --every`), its output discarded; stop it with `stop()`.
public final class BackgroundProcess {
    let process = Process()
    public init(_ path: String, _ args: [String]) throws {
        CellClock.shareWithChildren()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
    deinit { stop() }
}

@discardableResult
public func runProcess(_ path: String, _ args: [String], environment: [String: String]? = nil, stdin: String? = nil)
    -> ProcessResult
{
    CellClock.shareWithChildren()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment ?? [:] { env[k] = v }
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    p.standardInput = input
    do { try p.run() } catch { return ProcessResult(status: -1, stdout: "", stderr: "\(error)") }
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes before waiting, so a chatty child never blocks on a full pipe.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    let errHandle = err.fileHandleForReading
    DispatchQueue.global().async {
        errBox.data = errHandle.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.data
    p.waitUntilExit()
    return ProcessResult(
        status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

// MARK: - Screens

/// A console driven in memory: keys through the reducer, commits applied to an in-memory store.
public struct ScreenHarness {
    public var state: AppState
    public var store: Store
    /// The entries the harness wrote, as the journal would hold them.
    public var committed: [JournalEntry] = []
    public let names = CountryNames.load()
    public let zones = CountryZones.load()

    public init(width: Int, height: Int, store: Store = DemoWorld.store(now: fixedNow), readOnly: Bool = false) {
        self.store = store
        state = AppState(operatorName: "rahim", now: fixedNow, width: width, height: height, readOnly: readOnly)
    }

    public var context: RenderContext { RenderContext(world: store.world, names: names, zones: zones) }

    public func render() -> ScreenBuffer { Screen.render(state, context) }

    /// Presses keys; commit effects are applied to the store as the real runner would (no disk).
    public mutating func press(_ keys: Key...) { for k in keys { press(k) } }

    /// Presses a key and pauses, as a person reading the screen does: a moved crisis selection settles.
    public mutating func press(_ key: Key) {
        pressWithoutPause(key)
        _ = state.update(.settle, world: store.world, names: names)
    }

    /// Presses a key as part of a quick run (a held key): the crisis selection does not settle.
    public mutating func pressWithoutPause(_ key: Key) {
        perform(state.update(.key(key), world: store.world, names: names))
    }

    /// Sends a message (a paste, a burst of keys, others' changes) and carries out what it asks for.
    public mutating func send(_ message: Message) {
        perform(state.update(message, world: store.world, names: names))
    }

    /// Carries out commit effects as the runner would, against the in-memory store.
    public mutating func perform(_ effects: [Effect]) {
        for effect in effects {
            if case .then(let keys) = effect {
                send(keys.count == 1 ? .key(keys[0]) : .burst(keys))
                continue
            }
            guard case .commit(let ops, let purpose) = effect else { continue }
            let outcome = Self.commit(ops, operator: state.operatorName, time: state.now, to: &store)
            if case .saved(let entries) = outcome { committed += entries }
            perform(state.update(.saved(outcome, purpose), world: store.world, names: names))
        }
    }

    /// What the repository does with a batch, in memory (the store's own `applyNew`): all or none.
    public static func commit(_ ops: [StoreOperation], operator who: String, time: Date, to store: inout Store)
        -> SaveOutcome
    {
        do {
            let (entries, unchanged) = try store.applyNew(ops, by: who, at: time)
            return entries.isEmpty ? .unchanged(unchanged ?? "nothing changed") : .saved(entries)
        } catch {
            return .refused(error)
        }
    }

    /// Another operator's change, applied to the store and told to the console as the runner would.
    public mutating func external(_ op: StoreOperation, by who: String) throws {
        guard case .change(let reduced) = try store.prepare(op) else { return }
        let entry = JournalEntry(seq: store.seq + 1, time: state.now, operator: who, op: reduced)
        try store.apply(entry)
        perform(state.update(.external([entry]), world: store.world, names: names))
    }

    public mutating func type(_ text: String) { for c in text { press(.char(c)) } }

    /// Opens Lebanon's counts, replaces the affected figure and saves: a change of this console's own.
    public mutating func setLebanonAffected(_ value: String) {
        press(.char("2"), .char("e"))
        for _ in 0..<2 { press(.tab) }
        press(.ctrl("u"))
        type(value)
        press(.enter)
    }
}

/// Golden files of whole screens: each row framed in | | so trailing spaces show.
public enum Golden {
    public static func framed(_ buf: ScreenBuffer) -> String {
        (0..<buf.height).map { "|" + buf.rowText($0) + "|" }.joined(separator: "\n") + "\n"
    }

    /// Each row's styling as runs of one role ("0-1 border.focus  1-79 cursor"), as ratatui's buffer tests compare
    /// styles: for tests about highlight or colour, without escape codes.
    public static func styles(_ buf: ScreenBuffer) -> String {
        (0..<buf.height).map { y in
            var runs: [String] = []
            var start = 0
            let roles = buf.rowRoles(y)
            for x in 1...roles.count where x == roles.count || roles[x] != roles[start] {
                runs.append("\(start)-\(x) \(roles[start].rawValue)")
                start = x
            }
            return "row \(y): " + runs.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Compares the styling with Tests/<suite>/Goldens/<name>.styles.txt, as `check` compares the text.
    public static func checkStyles(_ buf: ScreenBuffer, _ name: String, file: StaticString = #filePath) -> String? {
        compare(styles(buf), name + ".styles", file: file)
    }

    /// Compares with Tests/<suite>/Goldens/<name>.txt; CRISISCELL_RECORD=1 rewrites it on purpose.
    public static func check(_ buf: ScreenBuffer, _ name: String, file: StaticString = #filePath, line: UInt = #line)
        -> String?
    {
        compare(framed(buf), name, file: file)
    }

    private static func compare(_ actual: String, _ name: String, file: StaticString) -> String? {
        let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Goldens")
        let path = dir.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["CRISISCELL_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try? actual.write(to: path, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: path, encoding: .utf8) else {
            return "no golden at \(path.path): run with CRISISCELL_RECORD=1 to create it\n\(actual)"
        }
        if expected == actual { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff = ["screen differs from \(name).txt (CRISISCELL_RECORD=1 rewrites it):"]
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : "") != (i < a.count ? a[i] : "") {
            diff.append("row \(i): expected \(i < e.count ? e[i] : "<none>")")
            diff.append("row \(i):   actual \(i < a.count ? a[i] : "<none>")")
        }
        return diff.joined(separator: "\n")
    }
}

// MARK: - Randomness and long runs

/// A small seeded generator, so a failing random trial can be replayed with CRISISCELL_SEED.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    public let seed: UInt64
    public init(seed: UInt64? = nil) {
        let s =
            seed ?? ProcessInfo.processInfo.environment["CRISISCELL_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        self.seed = s
        state = s
    }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Trial counts: the short form for every run, the long form with CRISISCELL_LONG=1.
public func trials(short: Int, long: Int) -> Int {
    ProcessInfo.processInfo.environment["CRISISCELL_LONG"] == "1" ? long : short
}

/// Ways to damage a file, as a fuzzer would.
public enum Mutation: CaseIterable {
    case flipByte, truncate, insertGarbage, hugeNumber, deepNesting, invalidUTF8, duplicateKey, wrongType, dropField,
        swapLines

    public func apply(_ data: Data, using rng: inout SeededRandom) -> Data {
        var bytes = [UInt8](data)
        guard !bytes.isEmpty else { return Data("{".utf8) }
        switch self {
        case .flipByte:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            }
        case .truncate:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
        case .insertGarbage:
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.insert(
                contentsOf: (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng)
                }, at: i)
        case .hugeNumber:
            return replaceFirstNumber(
                bytes,
                with: ["1e400", "99999999999999999999999", "-9223372036854775809", "NaN", "-1"].randomElement(
                    using: &rng)!, rng: &rng)
        case .deepNesting:
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            let depth = Int.random(in: 1_000...20_000, using: &rng)
            bytes.insert(
                contentsOf: Array(repeating: UInt8(ascii: "["), count: depth)
                    + Array(repeating: UInt8(ascii: "]"), count: depth), at: i)
        case .invalidUTF8:
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.insert(
                contentsOf: [[0xC0, 0x80], [0xFF], [0xED, 0xA0, 0x80], [0xE2, 0x82]].randomElement(using: &rng)!, at: i)
        case .duplicateKey:
            if let r = find(bytes, "\"id\" : ") ?? find(bytes, "\"id\":") {
                bytes.insert(contentsOf: Array("\"id\" : \"dup\", ".utf8), at: r)
            }
        case .wrongType:
            return replaceFirstNumber(
                bytes, with: ["\"seven\"", "true", "null", "{}", "[]"].randomElement(using: &rng)!, rng: &rng)
        case .dropField:
            if let r = find(bytes, "\"seq\"") ?? find(bytes, "\"time\"") {
                bytes.replaceSubrange(r..<(r + 5), with: Array("\"xyz\"".utf8))
            }
        case .swapLines:
            var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
            if lines.count > 2 {
                lines.swapAt(Int.random(in: 0..<lines.count, using: &rng), Int.random(in: 0..<lines.count, using: &rng))
            }
            bytes = Array(lines.joined(separator: [10]))
        }
        return Data(bytes)
    }

    private func find(_ bytes: [UInt8], _ needle: String) -> Int? {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return nil }
        for i in 0...(bytes.count - n.count) where bytes[i] == n[0] && Array(bytes[i..<(i + n.count)]) == n { return i }
        return nil
    }

    private func replaceFirstNumber(_ bytes: [UInt8], with text: String, rng: inout SeededRandom) -> Data {
        let digits = bytes.indices.filter {
            (48...57).contains(bytes[$0]) && $0 > 0 && (bytes[$0 - 1] == 32 || bytes[$0 - 1] == 58)
        }
        guard let start = digits.randomElement(using: &rng) else { return Data(bytes) }
        var end = start
        while end < bytes.count && (48...57).contains(bytes[end]) { end += 1 }
        var out = bytes
        out.replaceSubrange(start..<end, with: Array(text.utf8))
        return Data(out)
    }
}
