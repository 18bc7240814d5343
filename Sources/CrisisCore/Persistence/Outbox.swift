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
    private let lock: DirectoryLock

    public init(directory: DataDirectory) throws {
        try directory.prepare()
        path = directory.path + "/outbox.jsonl"
        lock = try DirectoryLock(path: directory.path + "/.outbox.lock")
    }

    /// Differs whenever the file does (appended, rewritten, removed): a cheap look before reading it again.
    public func fingerprint() -> [Int] {
        var st = stat()
        guard lstat(path, &st) == 0 else { return [] }
        return [Int(st.st_ino), Int(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec]
    }

    /// What waits, in order.
    public func changes() throws -> [Change] {
        try lock.withLock(exclusive: false) { try read() }
    }

    /// Keeps a change durably; returns how many now wait.
    @discardableResult
    /// `id`: the change's own, kept when it is sent, so the database recognises one it already has.
    public func add(_ ops: [StoreOperation], by who: String, id: String = UUID().uuidString.lowercased(), now: Date = CellClock.now()) throws -> Int {
        try lock.withLock(exclusive: true) {
            let change = Change(id: id, time: Timestamp.rounded(now), operator: who, ops: ops, refused: nil)
            var line = try JSONCoding.encoder().encode(change)
            line.append(10)
            var existing = stat()
            let creating = lstat(path, &existing) != 0
            let fd = try PosixFile.openForAppend(path)
            defer { close(fd) }
            if creating { try PosixFile.syncDirectory((path as NSString).deletingLastPathComponent) }
            try PosixFile.writeAll(fd: fd, line, path: path)
            try PosixFile.sync(fd: fd, path: path)
            return try read().count
        }
    }

    /// Rewrites what waits after sending: `update` gets the list and returns what stays. Under the lock, so
    /// two processes on one cache never send the same change twice.
    public func update(_ body: ([Change]) throws -> [Change]) throws {
        try lock.withLock(exclusive: true) {
            let before = try read()
            let after = try body(before)
            guard after != before else { return }
            if after.isEmpty { unlink(path); try PosixFile.syncDirectory((path as NSString).deletingLastPathComponent); return }
            try PosixFile.atomicWrite(try JSONLines.encode(after), to: path)
        }
    }

    private func read() throws -> [Change] {
        guard let data = try PosixFile.read(path) else { return [] }
        // A torn last line (a crash mid-append) was never said to be kept.
        return try JSONLines.read(Change.self, data, path: path, tornTail: true)
    }
}
