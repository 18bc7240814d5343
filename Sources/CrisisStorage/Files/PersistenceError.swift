import CrisisModel

/// What went wrong with the files of a data directory. Each names the file, and the line where there is one.
public enum PersistenceError: Error, CustomStringConvertible, Equatable, Sendable {
    case io(path: String, action: String, errno: Int32)
    case corruptSnapshot(path: String, line: Int?, reason: String)
    case corruptJournal(path: String, line: Int, reason: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case unsafeDirectory(path: String, reason: String)
    case unsafeFile(path: String, reason: String)
    case notEmpty(path: String)

    public var description: String {
        switch self {
        case .io(let p, let a, let e): return "\(p): cannot \(a): \(String(cString: strerror(e)))"
        case .corruptSnapshot(let p, let line, let r):
            return "\(p)\(line.map { ":\($0)" } ?? ""): snapshot is damaged: \(r)\n" + Self.advice(p)
        case .corruptJournal(let p, let line, let r):
            return "\(p):\(line): journal line \(line) is damaged: \(r)\n" + Self.advice(p)
        case .newerSchema(let p, let f, let s):
            return "\(p): written by a newer CrisisCell (schema \(f); this one reads up to \(s)); nothing was changed"
        case .unsafeDirectory(let p, let r): return "\(p): refusing to use this data directory: \(r)"
        case .unsafeFile(let p, let r): return "\(p): refusing to use this file: \(r)"
        case .notEmpty(let p): return "\(p) already holds data; add --force to replace it"
        }
    }

    private static func advice(_ path: String) -> String {
        "Nothing was overwritten. Run 'crisiscell check' for a full report; the last good snapshots are kept in backups/ beside it."
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
