import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who else has the data open: each console keeps a small heartbeat file in `presence/`.
public final class Presence {
    public struct Entry: Codable, Equatable, Sendable {
        public var `operator`: String
        public var pid: Int32
        public var host: String
        public var heartbeat: Date
    }

    /// A console not heard from for this long is gone (crashed, or its SSH line dropped).
    public static let expiry: TimeInterval = 20
    private let directory: DataDirectory
    private let me: Entry
    private let path: String

    public init(directory: DataDirectory, operator who: String, now: Date = CellClock.now()) {
        self.directory = directory
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        me = Entry(operator: who, pid: getpid(), host: String(cString: name), heartbeat: now)
        path = directory.presenceDirectory + "/\(me.host)-\(me.pid).json"
    }

    /// True when `presence/` is a directory of ours, made by the program: never a link pointing elsewhere.
    private var directoryIsOurs: Bool {
        var st = stat()
        if lstat(directory.presenceDirectory, &st) != 0 {
            guard mkdir(directory.presenceDirectory, PosixFile.dirMode) == 0,
                lstat(directory.presenceDirectory, &st) == 0
            else { return false }
        }
        return (st.st_mode & S_IFMT) == S_IFDIR && st.st_uid == geteuid()
    }

    /// Writes our heartbeat. Failures are ignored: presence is a courtesy, never a reason to stop.
    public func beat(now: Date = CellClock.now()) {
        guard directoryIsOurs else { return }
        var entry = me
        entry.heartbeat = Timestamp.rounded(now)
        guard let data = try? JSONCoding.encoder().encode(entry) else { return }
        try? PosixFile.atomicWrite(data, to: path)
    }

    public func leave() { if directoryIsOurs { unlink(path) } }

    /// Operators of the other live consoles, without duplicates, sorted.
    public func others(now: Date = CellClock.now()) -> [String] {
        guard directoryIsOurs else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.presenceDirectory)) ?? []
        var out = Set<String>()
        for name in names where name.hasSuffix(".json") {
            let file = directory.presenceDirectory + "/" + name
            guard file != path, let data = try? PosixFile.read(file),
                let entry = try? JSONCoding.decoder().decode(Entry.self, from: data)
            else { continue }
            let alive = entry.host != me.host || kill(entry.pid, 0) == 0 || errno == EPERM
            if now.timeIntervalSince(entry.heartbeat) < Self.expiry && alive {
                out.insert(entry.operator)
            } else if now.timeIntervalSince(entry.heartbeat) > Self.expiry * 3 {
                unlink(file)
            }
        }
        return out.sorted()
    }
}
