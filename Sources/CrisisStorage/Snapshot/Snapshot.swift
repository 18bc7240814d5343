import CrisisModel
import Foundation

/// The whole state at one sequence number, as `snapshot.json` holds it.
public struct SnapshotFile: Codable, Sendable {
    public static let format = "crisiscell-snapshot"
    public static let currentSchema = 1

    public var format: String
    public var schemaVersion: Int
    /// Number of the last journal operation folded into this snapshot.
    public var seq: Int
    public var savedAt: Date
    public var world: World

    public init(seq: Int, savedAt: Date, world: World) {
        self.format = Self.format
        self.schemaVersion = Self.currentSchema
        self.seq = seq
        self.savedAt = savedAt
        self.world = world
    }

    private struct Header: Decodable {
        var format: String?
        var schemaVersion: Int?
    }

    /// The snapshot at `path`, or nil when there is none. `checked`: refused, naming the line, when the world in
    /// it breaks a rule no operation could (see `WorldCheck`).
    static func load(_ path: String, checked: Bool = true) throws(PersistenceError) -> SnapshotFile? {
        guard let file = try MappedFile.open(path) else { return nil }
        let snapshot: SnapshotFile
        if let fast = SnapshotReader.read(file) {
            snapshot = fast
        } else {
            snapshot = try decodeWithFoundation(file.data, path: path)
        }
        if checked { try refuseBroken(snapshot, path: path) }
        return snapshot
    }

    static func refuseBroken(_ snapshot: SnapshotFile, path: String) throws(PersistenceError) {
        let broken = WorldCheck.problems(in: snapshot.world, seq: snapshot.seq).filter(\.refusesLoading)
        guard let first = broken.first else { return }
        let data = (try? PosixFile.read(path)) ?? nil
        let line = data.flatMap { JSONLocator.line(of: first.path, in: $0) }
        let more = broken.count > 1 ? " (and \(broken.count - 1) more: 'crisiscell check' lists them all)" : ""
        throw .corruptSnapshot(path: path, line: line, reason: "\(first)\(more)")
    }

    static func decode(_ data: Data, path: String) throws(PersistenceError) -> SnapshotFile {
        if let file = SnapshotReader.read(data) { return file }
        return try decodeWithFoundation(data, path: path)
    }

    /// The reference reading: slower, but it accepts all of JSON and explains what is wrong and where.
    static func decodeWithFoundation(_ data: Data, path: String) throws(PersistenceError) -> SnapshotFile {
        // JSONDecoder accepts trailing commas, duplicate keys and more: it only sees what is JSON to the letter.
        if let f = StrictJSON.validate(data) {
            throw .corruptSnapshot(path: path, line: f.line, reason: "column \(f.column): \(f.message)")
        }
        let decoder = JSONCoding.decoder()
        do {
            let header = try decoder.decode(Header.self, from: data)
            guard header.format == format else {
                throw PersistenceError.corruptSnapshot(
                    path: path, line: nil,
                    reason: "not a CrisisCell snapshot (format is \(header.format.map { "'\($0)'" } ?? "missing"))")
            }
            if let v = header.schemaVersion, v > currentSchema {
                throw PersistenceError.newerSchema(path: path, found: v, supported: currentSchema)
            }
            return try decoder.decode(SnapshotFile.self, from: data)
        } catch let e as PersistenceError {
            throw e
        } catch {
            throw .corruptSnapshot(path: path, line: lineOf(error, in: data), reason: JSONCoding.describe(error))
        }
    }

    /// The file's bytes, as JSONEncoder would write them (see `SnapshotWriter`).
    func encoded() -> [UInt8] { SnapshotWriter.encode(self) }

    /// The reference writing, which `encoded()` must equal.
    func encodedWithFoundation() throws -> Data {
        var data = try JSONCoding.encoder(pretty: true).encode(self)
        data.append(10)
        return data
    }

    /// Finds the line of a decoding error: from the parser's byte offset, or by locating the key path in the text.
    package static func lineOf(_ error: Error, in data: Data) -> Int? {
        let text = "\(error)"
        if let r = text.range(of: "line "), let n = Int(text[r.upperBound...].prefix(while: \.isNumber)) { return n }
        var path: [CodingKey] = []
        switch error {
        case DecodingError.dataCorrupted(let c): path = c.codingPath
        case DecodingError.keyNotFound(_, let c): path = c.codingPath
        case DecodingError.typeMismatch(_, let c): path = c.codingPath
        case DecodingError.valueNotFound(_, let c): path = c.codingPath
        default: return nil
        }
        // Walk the text key by key and element by element to the value that is wrong.
        return JSONLocator.line(of: path.map { $0.intValue.map(String.init) ?? $0.stringValue }, in: data)
    }
}

/// The last ten snapshots, kept beside the data as hard links so keeping one costs no copy.
enum Backups {
    static let keep = 10

    static func preserve(directory: DataDirectory, seq: Int) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory.snapshot) else { return }
        let name = directory.backups + "/snapshot-" + String(format: "%010d", seq) + ".json"
        if link(directory.snapshot, name) != 0 { try? fm.copyItem(atPath: directory.snapshot, toPath: name) }
        prune(directory: directory)
    }

    static func list(directory: DataDirectory) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.backups)) ?? []
        return names.filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".json") }.sorted().map {
            directory.backups + "/" + $0
        }
    }

    private static func prune(directory: DataDirectory) {
        let all = list(directory: directory)
        for old in all.dropLast(keep) { unlink(old) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SnapshotFile {
    /// The JSON `snapshot.json` holds without its layout, for a store kept elsewhere (a database's snapshots): a third smaller,
    /// so a new site fetches and reads it sooner. Read by the same readers as the file.
    public var compactBytes: [UInt8] { SnapshotWriter.encode(self, compact: true) }

    /// A snapshot from bytes held elsewhere (a database row's buffer), read in place and checked as a file's would
    /// be; `source` names where they came from. Only one the fast reader cannot read is copied, for the reference
    /// reading and its message.
    public static func decoded(_ bytes: UnsafeRawBufferPointer, source: String) throws -> SnapshotFile {
        let snapshot = try SnapshotReader.read(bytes) ?? decodeWithFoundation(Data(bytes), path: source)
        return try checked(snapshot, source: source)
    }

    private static func checked(_ snapshot: SnapshotFile, source: String) throws -> SnapshotFile {
        let broken = WorldCheck.problems(in: snapshot.world, seq: snapshot.seq).filter(\.refusesLoading)
        if let first = broken.first {
            throw PersistenceError.corruptSnapshot(path: source, line: nil, reason: "\(first)")
        }
        return snapshot
    }
}
