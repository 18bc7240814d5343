import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What this site's fetcher knows of each feed: its validators for the next conditional request, when it last
/// tried and succeeded, the last error and how many in a row, and when it is due. Site-local (not the record):
/// a fetch that finds nothing new changes nothing the team shares. `feeds-state.json`, 0600, written atomically.
public struct FeedState: Codable, Equatable, Sendable {
    public struct Feed: Codable, Equatable, Sendable {
        public var etag: String?
        public var lastModified: String?
        public var lastTried: Date?
        public var lastSuccess: Date?
        public var lastError: String?
        public var failures: Int = 0
        public var due: Date?
        /// Items in the last document read, and how many of them were new or changed.
        public var items: Int?
        public var received: Int?
        /// What the validators and due time were for: a feed moved, read otherwise or made more frequent starts afresh.
        public var url: String?
        public var format: String?
        public var interval: Int?
        public init() {}

        public func holds(for feed: FollowedFeed) -> Bool {
            url == feed.url && format == feed.format && interval == feed.interval
        }
    }

    public var feeds: [String: Feed] = [:]
    public init() {}

    static func path(_ directory: DataDirectory) -> String { directory.path + "/feeds-state.json" }

    /// The state as last saved; none (every feed due) when there is no file or it cannot be read.
    public static func read(_ directory: DataDirectory) -> FeedState {
        guard let data = try? PosixFile.read(path(directory)), StrictJSON.validate(data) == nil,
            let state = try? JSONCoding.decoder().decode(FeedState.self, from: data)
        else { return FeedState() }
        return state
    }

    public func write(_ directory: DataDirectory) throws {
        try PosixFile.atomicWrite(try JSONCoding.encoder(pretty: true).encode(self), to: Self.path(directory))
    }
}

/// The directory's feed lock: one fetcher per cell directory (the first console, or `feeds fetch --every`),
/// held while the process lives. Taken without waiting; the holder's pid and name are written in the file.
public final class FeedLock: @unchecked Sendable {
    private let fd: Int32
    public let path: String

    /// The lock, or nil when another process holds it (`holder` says who).
    public static func take(_ directory: DataDirectory, as who: String) -> FeedLock? {
        let path = directory.path + "/feeds.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, PosixFile.fileMode)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        ftruncate(fd, 0)
        let line = "\(getpid()) \(TextCleaning.oneLine(who))\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
        return FeedLock(fd: fd, path: path)
    }

    /// Who holds the lock, as they wrote it ("4123 crisiscell feeds fetch --every 5m").
    /// Nil when no process holds it now (the file stays after its holder ends).
    public static func holder(_ directory: DataDirectory) -> String? {
        let fd = open(directory.path + "/feeds.lock", O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        guard let data = try? PosixFile.read(directory.path + "/feeds.lock") else { return nil }
        let text = TextCleaning.oneLine(String(decoding: data, as: UTF8.self))
        return text.isEmpty ? nil : text
    }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
