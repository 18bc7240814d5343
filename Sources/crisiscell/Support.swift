import ArgumentParser
import CrisisCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum LoginName {
    static var current: String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "operator"
    }
}

/// A failure worth a plain message and a non-zero exit, without a stack of Swift names.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

enum Output {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("crisiscell: " + message + "\n").utf8))
    }
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data(("crisiscell: warning: " + message + "\n").utf8))
    }
}

extension CommonOptions {
    /// Opens the data directory for writing, turning every failure into a readable message.
    func openRepository(readOnly: Bool = false) throws -> Repository {
        let dir = directory()
        if readOnly, !dir.exists {
            throw CommandFailure("no data at \(dir.path). Create the demo world with 'crisiscell demo --data \(dir.path)' or start the console there.")
        }
        do {
            let repo = try Repository(directory: dir, readOnly: readOnly)
            for w in repo.warnings { Output.warn(w) }
            return repo
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

extension Repository {
    /// Commits one operation and prints back what the store recorded.
    func commitAndReport(_ op: StoreOperation, by who: String) throws {
        let entry: JournalEntry
        do { entry = try commit(op, by: who) } catch { throw CommandFailure("\(error)") }
        let text = store.world.events.last(where: { $0.seq == entry.seq })?.text ?? "done"
        print("saved #\(entry.seq) \(Timestamp.string(entry.time)) \(who): \(text)")
    }
}

/// Runs a command body, printing failures as one clear line and exiting non-zero.
func runReporting(_ body: () throws -> Void) throws {
    do { try body() } catch let failure as CommandFailure {
        Output.error(failure.description)
        throw ExitCode(1)
    }
}
