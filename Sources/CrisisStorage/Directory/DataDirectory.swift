import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the data lives, and the names of the files inside.
public struct DataDirectory: Sendable, Equatable {
    public let path: String

    /// The path as given, made absolute and tidied ("//", "." and ".." taken out) without resolving symbolic
    /// links: a data directory that is a link must be seen as one, and refused.
    public init(path: String) { self.path = DataDirectory.tidy(path) }

    static func tidy(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    public var snapshot: String { path + "/snapshot.json" }
    public var journal: String { path + "/journal.jsonl" }
    public var backups: String { path + "/backups" }
    public var lockFile: String { path + "/.lock" }
    public var presenceDirectory: String { path + "/presence" }

    /// `--data`, else `$CRISISCELL_DATA`, else `$XDG_DATA_HOME/crisiscell`, else `~/.local/share/crisiscell`.
    /// The demo uses a sibling `crisiscell-demo`, never the real directory.
    public static func resolve(
        explicit: String?, demo: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DataDirectory {
        if let explicit, !explicit.isEmpty { return DataDirectory(path: absolute(explicit)) }
        let name = demo ? "crisiscell-demo" : "crisiscell"
        if !demo, let env = environment["CRISISCELL_DATA"], !env.isEmpty { return DataDirectory(path: absolute(env)) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return DataDirectory(path: absolute(xdg) + "/" + name)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return DataDirectory(path: home + "/.local/share/" + name)
    }

    private static func absolute(_ p: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    }

    /// Creates the directory (0700, and any missing parents 0700 whatever the umask) and its backups folder, and
    /// refuses one that others could tamper with. A directory others can read is made private (0700).
    public func prepare() throws(PersistenceError) {
        try makeDirectory(path, parents: true)
        try checkSafe()
        var st = stat()
        if lstat(path, &st) == 0, st.st_mode & 0o777 != PosixFile.dirMode {
            if st.st_mode & 0o200 == 0 {
                throw .io(
                    path: path,
                    action: "write (the directory is read-only, mode \(String(st.st_mode & 0o777, radix: 8)))",
                    errno: EACCES)
            }
            chmod(path, PosixFile.dirMode)
        }
        try makeDirectory(backups, parents: false)
        removeAbandonedTempFiles()
    }

    /// Half-written snapshots left by a process killed while writing ("snapshot.json.next-PID.N", "….tmp-PID"):
    /// never the real files, so removing them loses nothing. A live process's temp file is left alone.
    func removeAbandonedTempFiles() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names {
            guard let r = name.range(of: ".next-") ?? name.range(of: ".tmp-"),
                let pid = Int32(name[r.upperBound...].prefix { $0 != "." })
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(path + "/" + name) }
        }
    }

    public func checkSafe() throws(PersistenceError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw .io(path: path, action: "stat", errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw .unsafeDirectory(path: path, reason: "it is not a directory")
        }
        if st.st_uid != geteuid() {
            throw .unsafeDirectory(path: path, reason: "it belongs to user id \(st.st_uid), not to you (\(geteuid()))")
        }
        if st.st_mode & 0o022 != 0 {
            throw .unsafeDirectory(
                path: path,
                reason: "others can write to it (mode \(String(st.st_mode & 0o777, radix: 8))); run: chmod 700 \(path)")
        }
    }

    /// Said by `check` (which changes nothing): a mode other than 0700 that is not a danger in itself.
    public var modeNotes: [String] {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & 0o777 != PosixFile.dirMode, st.st_mode & 0o022 == 0 else { return [] }
        let mode = String(st.st_mode & 0o777, radix: 8)
        if st.st_mode & 0o077 != 0 {
            return [
                "\(path): mode \(mode) lets others read the data; run: chmod 700 \(path) (or crisiscell check --repair)"
            ]
        }
        return ["\(path): mode \(mode): read-only for you too; writers will refuse it (left as it is)"]
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// True when the directory holds a snapshot or a non-empty journal.
    public var holdsData: Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: snapshot) { return true }
        let size = (try? fm.attributesOfItem(atPath: journal)[.size] as? Int) ?? 0
        return size > 0
    }

    private func makeDirectory(_ p: String, parents: Bool) throws(PersistenceError) {
        var st = stat()
        if lstat(p, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFLNK { throw .unsafeDirectory(path: p, reason: "it is a symbolic link") }
            if (st.st_mode & S_IFMT) != S_IFDIR { throw .unsafeDirectory(path: p, reason: "it is not a directory") }
            return
        }
        if parents {
            // Missing parents are made 0700 too: under umask 000 Foundation would make them 0777.
            var built = ""
            for part in (p as NSString).deletingLastPathComponent.split(separator: "/") {
                built += "/" + part
                if lstat(built, &st) == 0 { continue }
                guard mkdir(built, PosixFile.dirMode) == 0 || errno == EEXIST else {
                    throw .io(path: built, action: "create directory", errno: errno)
                }
                chmod(built, PosixFile.dirMode)
            }
        }
        guard mkdir(p, PosixFile.dirMode) == 0 || errno == EEXIST else {
            throw .io(path: p, action: "create directory", errno: errno)
        }
        chmod(p, PosixFile.dirMode)
        // The new directory's name lives in its parent: made durable before anything is written inside.
        try? PosixFile.syncDirectory((p as NSString).deletingLastPathComponent)
    }
}
