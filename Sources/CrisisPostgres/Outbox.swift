import CrisisModel
import CrisisStorage
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Changes made at a site while its shared database could not be reached: kept in `outbox.jsonl` in the
/// site's cache directory, appended and fsynced before the console says they are kept, so they survive
/// kill -9 and a reboot. They are sent in order when the database is back, each checked again there; one the
/// database refuses (someone changed the same thing) stays, marked with why, until the operator resolves it.
public struct Outbox {
    public struct Change: Codable, Equatable, Sendable {
        /// Names the change for resolving it (`crisiscell outbox drop ID`).
        public var id: String
        public var time: Date
        /// Who made it at this site (the database records its own login when it is sent).
        public var `operator`: String
        /// One change, or a batch that must go together.
        public var ops: [StoreOperation]
        /// Why the database refused it when it was sent, with both values; nil while it simply waits.
        public var refused: String?
    }

    public let path: String
    private let lock: SharedFileLock

    public init(directory: DataDirectory) throws {
        try directory.prepare()
        path = directory.path + "/outbox.jsonl"
        lock = try SharedFileLock(path: directory.path + "/.outbox.lock")
    }

    /// Differs whenever the file does (appended, rewritten, removed): a cheap look before reading it again.
    public func fingerprint() -> [Int] {
        var st = stat()
        guard lstat(path, &st) == 0 else { return [] }
        return [Int(st.st_ino), Int(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec]
    }

    /// A line that cannot be read (damaged on disk, or cut off by a crash while it was written): it is shown,
    /// never silently dropped, and the intact changes around it still go, in order. `outbox --drop ID` removes it.
    public struct Damaged: Equatable, Sendable {
        /// "damaged-" and a hash of the line's bytes: stays the same while the file is rewritten around it.
        public var id: String
        public var line: Int
        public var reason: String
        public var bytes: Data
    }

    /// What waits, in order (damaged lines left out: see `damaged()`).
    public func changes() throws -> [Change] {
        try lock.withLock(exclusive: false) { try read().changes }
    }

    /// Lines that cannot be read, with why.
    public func damaged() throws -> [Damaged] {
        try lock.withLock(exclusive: false) { try read().damaged }
    }

    /// Keeps a change durably; returns how many now wait.
    /// `id`: the change's own, kept when it is sent, so the database recognises one it already has.
    @discardableResult
    public func add(
        _ ops: [StoreOperation], by who: String, id: String = UUID().uuidString.lowercased(),
        now: Date = CellClock.now()
    ) throws -> Int {
        try lock.withLock(exclusive: true) {
            let change = Change(id: id, time: Timestamp.rounded(now), operator: who, ops: ops, refused: nil)
            var line = try JSONCoding.encoder().encode(change)
            line.append(10)
            var existing = stat()
            let creating = lstat(path, &existing) != 0
            // A line cut off by a crash keeps its own line: this one must not be glued to it.
            if !creating, let data = try PosixFile.read(path), let last = data.last, last != 10 {
                line.insert(10, at: 0)
            }
            let fd = try PosixFile.openForAppend(path)
            defer { close(fd) }
            if creating { try PosixFile.syncDirectory((path as NSString).deletingLastPathComponent) }
            try PosixFile.writeAll(fd: fd, line, path: path)
            try PosixFile.sync(fd: fd, path: path)
            return try read().changes.count
        }
    }

    /// Rewrites what waits after sending: `update` gets the list and returns what stays. Under the lock, so
    /// two processes on one cache never send the same change twice. Damaged lines stay, after the changes.
    public func update(_ body: ([Change]) throws -> [Change]) throws {
        try rewrite { changes, _ in try body(changes) }
    }

    /// Removes a damaged line (the operator has read it and let it go).
    public func drop(damaged id: String) throws {
        try rewrite(dropping: id) { changes, _ in changes }
    }

    private func rewrite(dropping damagedId: String? = nil, _ body: ([Change], [Damaged]) throws -> [Change]) throws {
        try lock.withLock(exclusive: true) {
            let before = try read()
            let after = try body(before.changes, before.damaged)
            let keptDamage = before.damaged.filter { $0.id != damagedId }
            guard after != before.changes || keptDamage.count != before.damaged.count else { return }
            if after.isEmpty && keptDamage.isEmpty {
                unlink(path)
                try PosixFile.syncDirectory((path as NSString).deletingLastPathComponent)
                return
            }
            var bytes = try JSONLines.encode(after)
            for d in keptDamage {
                bytes.append(d.bytes)
                bytes.append(10)
            }
            try PosixFile.atomicWrite(bytes, to: path)
        }
    }

    private func read() throws -> (changes: [Change], damaged: [Damaged]) {
        guard let data = try PosixFile.read(path) else { return ([], []) }
        return Self.parse(data, path: path)
    }

    /// What a directory's outbox holds, read without taking its lock or writing anything (for `check`).
    public static func inspect(directory: DataDirectory) -> (changes: [Change], damaged: [Damaged])? {
        let path = directory.path + "/outbox.jsonl"
        guard let data = (try? PosixFile.read(path)) ?? nil else { return nil }
        return parse(data, path: path)
    }

    static func parse(_ data: Data, path: String) -> (changes: [Change], damaged: [Damaged]) {
        var changes: [Change] = []
        var damaged: [Damaged] = []
        let lines = data.split(separator: 10, omittingEmptySubsequences: false)
        for (i, slice) in lines.enumerated() where !slice.isEmpty {
            let line = Data(slice)
            do {
                changes.append(try JSONLines.decode(Change.self, line, path: path, line: i + 1))
            } catch {
                let torn = i == lines.count - 1 && data.last != 10
                let why: String
                if case PersistenceError.corruptJournal(_, _, let reason) = error {
                    why = reason
                } else {
                    why = "\(error)"
                }
                // Two identical damaged lines get two ids, so dropping one leaves the other.
                var id = "damaged-" + Self.hash(line)
                let same = damaged.filter { $0.id == id || $0.id.hasPrefix(id + "-") }.count
                if same > 0 { id += "-\(same + 1)" }
                damaged.append(
                    Damaged(
                        id: id, line: i + 1,
                        reason: torn ? "cut off while it was written (\(why))" : why, bytes: line))
            }
        }
        return (changes, damaged)
    }

    /// FNV-1a, enough to name a line.
    static func hash(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(String(h, radix: 16).suffix(8))
    }
}

extension Outbox.Change: KeyChecked {
    package func unknownKey(inLine data: Data) -> String? {
        OperationKeys.unknownKey(
            inLine: data, own: ["id", "time", "operator", "ops", "refused"], operations: ops, key: "ops")
    }
}
