import CrisisCore
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
        lock.lock(); defer { lock.unlock() }
        let t = current
        current = current.addingTimeInterval(1)
        return t
    }
}

/// A small world to test against: one crisis in Lebanon with a short checklist, and one contact.
public enum Fixture {
    public static let crisisId = "lb-test"

    public static func crisis(id: String = crisisId) -> Crisis {
        Crisis(id: id, title: "Lebanon test", kind: .conflict, countries: ["LB"], severity: 4, phase: .evacuation,
               started: fixedNow.addingTimeInterval(-86_400), leadOfficer: "rahim", summary: "test",
               checklist: [
                   ChecklistItem(id: "a", text: "Crisis team activated", section: "Activation", guideline: "G9"),
                   ChecklistItem(id: "b", text: "Registration opened", section: "Registration"),
                   ChecklistItem(id: "c", text: "Manifests sent", section: "Movement", due: fixedNow.addingTimeInterval(-600)),
               ])
    }

    public static func contact(id: String = "c1", name: String = "Ayesha Rahman") -> Contact {
        Contact(id: id, name: name, organisation: "Embassy Beirut", organisationKind: .mission, role: "Counsellor",
                country: "LB", city: "Beirut", phones: ["+961 3 000 001"], email: "ayesha@example.gov.bd",
                timeZone: "Asia/Beirut", languages: ["bn", "en"], duty: .onDuty, callOrder: 1)
    }

    public static let setupOps: [StoreOperation] = [
        .addCrisis(crisis()),
        .setCounts(country: "LB", counts: [.stock: 90_000, .registered: 1_800, .affected: 12_000], source: "test", asOf: nil),
        .addContact(contact()),
    ]

    /// A store with the fixture applied in memory.
    public static func store() -> Store {
        var s = Store()
        for (i, op) in setupOps.enumerated() {
            try! s.apply(JournalEntry(seq: i + 1, time: fixedNow.addingTimeInterval(Double(i - 100)), operator: "test", op: op))
        }
        return s
    }
}

/// The path of a built product (the crisiscell binary) beside the test bundle.
public func builtProduct(_ name: String) -> String {
    var url = URL(fileURLWithPath: CommandLine.arguments[0])
    while url.pathComponents.count > 1 && !FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent(name).path
}

/// Runs a process to completion and returns its exit status and output.
public struct ProcessResult { public var status: Int32; public var stdout: String; public var stderr: String }

@discardableResult
public func runProcess(_ path: String, _ args: [String], environment: [String: String]? = nil, stdin: String? = nil) -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment ?? [:] { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
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
    DispatchQueue.global().async { errBox.data = errHandle.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.data
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

// MARK: - Screens

import CrisisUI

/// A console driven in memory: keys through the reducer, commits applied to an in-memory store.
public struct ScreenHarness {
    public var state: AppState
    public var store: Store
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

    public mutating func press(_ key: Key) {
        let effects = state.update(.key(key), world: store.world, names: names)
        for effect in effects {
            guard case .commit(let op, let undo) = effect else { continue }
            let entry = JournalEntry(seq: store.seq + 1, time: state.now, operator: state.operatorName, op: op)
            do {
                try store.apply(entry)
                _ = state.update(.committed(entry, undo: undo), world: store.world, names: names)
            } catch {
                _ = state.update(.failed("\(error)", storage: false), world: store.world, names: names)
            }
        }
    }

    public mutating func type(_ text: String) { for c in text { press(.char(c)) } }
}

/// Golden files of whole screens: each row framed in | | so trailing spaces show.
public enum Golden {
    public static func framed(_ buf: ScreenBuffer) -> String {
        (0..<buf.height).map { "|" + buf.rowText($0) + "|" }.joined(separator: "\n") + "\n"
    }

    /// Compares with Tests/<suite>/Goldens/<name>.txt; CRISISCELL_RECORD=1 rewrites it on purpose.
    public static func check(_ buf: ScreenBuffer, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Goldens")
        let path = dir.appendingPathComponent(name + ".txt")
        let actual = framed(buf)
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
