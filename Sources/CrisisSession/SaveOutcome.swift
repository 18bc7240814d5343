import CrisisModel
import CrisisStorage
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What became of a change either loop asked to save: the one shape both the console and the line mode report.
public enum SaveOutcome: Sendable {
    /// Durable and applied: the entries as written (reduced to what they changed).
    case saved([JournalEntry])
    /// It would change nothing, so nothing was written; why, in words.
    case unchanged(String)
    /// A shared store could not be reached: kept durably at this site, sent when it can be.
    case queued(String)
    /// The store refused it (a rule, or a conflict with someone's change): nothing was written.
    case refused(StoreError)
    /// The disk would not take it (full, read-only, gone): nothing was saved.
    case failed(String)

    init(_ result: SaveResult) {
        switch result {
        case .saved(let entries): self = .saved(entries)
        case .unchanged(let why): self = .unchanged(why)
        case .queued(let why): self = .queued(why)
        }
    }

    /// The heart of a storage error for a top bar or a line: "cannot fsync: No space left on device".
    public static func brief(_ error: Error) -> String {
        if case PersistenceError.io(_, let action, let code) = error {
            return "cannot \(action): \(String(cString: strerror(code)))"
        }
        return "\(error)"
    }
}
