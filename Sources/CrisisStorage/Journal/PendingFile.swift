import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Changes a console could not save (the data directory refused them) when it was made to quit: written to a
/// file outside the data directory (0600), so no key press ever loses one, and applied later with
/// `crisiscell import pending FILE`, each checked against the store as it is then.
public enum PendingFile {
    public struct Change: Codable, Equatable, Sendable {
        public var `operator`: String
        /// When the operator made the change.
        public var time: Date
        /// The data directory it was meant for.
        public var data: String
        public var op: StoreOperation
    }

    /// `$XDG_STATE_HOME/crisiscell`, else `~/.local/state/crisiscell`.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/crisiscell" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/crisiscell"
    }

    /// Writes the changes to a new file and returns its path.
    /// Each change with when the operator made it.
    public static func write(
        _ changes: [(op: StoreOperation, madeAt: Date)], operator who: String, directory data: DataDirectory,
        into folder: String = directory(), now: Date = CellClock.now()
    ) throws -> String {
        try makePrivateDirectory(folder)
        let stamp = Timestamp.string(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: ".", with: "-")
        let path = folder + "/pending-\(stamp)-\(getpid()).jsonl"
        var bytes = Data()
        for (op, made) in changes {
            bytes.append(
                try JSONCoding.encoder().encode(
                    Change(operator: who, time: Timestamp.rounded(made), data: data.path, op: op)))
            bytes.append(10)
        }
        try PosixFile.writeNew(bytes, to: path)
        return path
    }

    public static func read(_ path: String) throws -> [Change] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PersistenceError.io(path: path, action: "read", errno: errno == 0 ? ENOENT : errno)
        }
        return try JSONLines.read(Change.self, data, path: path)
    }

    /// Replaces the file with the changes still to apply, or removes it when none are left.
    public static func rewrite(_ path: String, keeping changes: [Change]) throws {
        if changes.isEmpty {
            unlink(path)
            return
        }
        try PosixFile.atomicWrite(try JSONLines.encode(changes), to: path)
    }

    /// Replaces a small private file of the state directory (temp file, fsync, rename; 0600).
    public static func replacePrivateFile(_ data: Data, at path: String) throws {
        try PosixFile.atomicWrite(data, to: path)
    }

    /// Creates the directory and any missing parents, 0700.
    public static func makePrivateDirectory(_ path: String) throws {
        var built = ""
        for part in path.split(separator: "/") {
            built += "/" + part
            var st = stat()
            if lstat(built, &st) == 0 { continue }
            guard mkdir(built, PosixFile.dirMode) == 0 || errno == EEXIST else {
                throw PersistenceError.io(path: built, action: "create directory", errno: errno)
            }
        }
    }
}
