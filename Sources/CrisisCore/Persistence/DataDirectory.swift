import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the data lives, and the names of the files inside.
public struct DataDirectory: Sendable, Equatable {
    public let path: String

    public init(path: String) { self.path = (path as NSString).standardizingPath }

    public var snapshot: String { path + "/snapshot.json" }
    public var journal: String { path + "/journal.jsonl" }
    public var backups: String { path + "/backups" }
    public var lockFile: String { path + "/.lock" }
    public var presenceDirectory: String { path + "/presence" }

    /// `--data`, else `$CRISISCELL_DATA`, else `$XDG_DATA_HOME/crisiscell`, else `~/.local/share/crisiscell`.
    /// The demo uses a sibling `crisiscell-demo`, never the real directory.
    public static func resolve(explicit: String?, demo: Bool = false,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        if let explicit, !explicit.isEmpty { return DataDirectory(path: absolute(explicit)) }
        let name = demo ? "crisiscell-demo" : "crisiscell"
        if !demo, let env = environment["CRISISCELL_DATA"], !env.isEmpty { return DataDirectory(path: absolute(env)) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return DataDirectory(path: absolute(xdg) + "/" + name) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return DataDirectory(path: home + "/.local/share/" + name)
    }

    private static func absolute(_ p: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    }

    /// Creates the directory (0700) and its backups folder, and refuses one that others could tamper with.
    public func prepare() throws(PersistenceError) {
        try makeDirectory(path, parents: true)
        try checkSafe()
        try makeDirectory(backups, parents: false)
        removeAbandonedTempFiles()
    }

    /// Half-written snapshots left by a process killed while writing ("snapshot.json.next-PID", "….tmp-PID"):
    /// never the real files, so removing them loses nothing. A live process's temp file is left alone.
    func removeAbandonedTempFiles() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names {
            guard let r = name.range(of: ".next-") ?? name.range(of: ".tmp-"),
                  let pid = Int32(name[r.upperBound...]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(path + "/" + name) }
        }
    }

    public func checkSafe() throws(PersistenceError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw .io(path: path, action: "stat", errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw .unsafeDirectory(path: path, reason: "it is not a directory") }
        if st.st_uid != geteuid() {
            throw .unsafeDirectory(path: path, reason: "it belongs to user id \(st.st_uid), not to you (\(geteuid()))")
        }
        if st.st_mode & 0o022 != 0 {
            throw .unsafeDirectory(path: path, reason: "others can write to it (mode \(String(st.st_mode & 0o777, radix: 8))); run: chmod 700 \(path)")
        }
        if st.st_mode & 0o777 != PosixFile.dirMode { chmod(path, PosixFile.dirMode) }
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
            if st.st_mode & 0o777 != PosixFile.dirMode, st.st_uid == geteuid(), st.st_mode & 0o022 == 0 { chmod(p, PosixFile.dirMode) }
            return
        }
        if parents {
            let parent = (p as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != p, !FileManager.default.fileExists(atPath: parent) {
                do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
                catch { throw .io(path: parent, action: "create directory", errno: EACCES) }
            }
        }
        guard mkdir(p, PosixFile.dirMode) == 0 || errno == EEXIST else { throw .io(path: p, action: "create directory", errno: errno) }
        chmod(p, PosixFile.dirMode)
    }
}
