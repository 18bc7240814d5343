import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisSession
import CrisisStorage
import CrisisUI
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
    /// The exit status: 1 for bad input or a refused change, 3 for a conflict with someone else's change.
    let status: Int32
    init(_ message: String, status: Int32 = 1) {
        description = message
        self.status = status
    }
}

/// Prints text that carries data (names, log entries, reports): through the console's sanitiser, so no escape
/// sequence, control character or bidi override from a record reaches the terminal, or a file it goes to.
func say(_ text: String, terminator: String = "\n") {
    print(TerminalText.printable(text, keepNewlines: true), terminator: terminator)
}

/// Prints JSON that carries data: the characters a terminal acts on written as \u escapes (the same data).
func sayJSON(_ data: Data) {
    print(String(decoding: JSONCoding.escapingInvisibles(data), as: UTF8.self))
}

enum Output {
    static func error(_ message: String) { standardError("crisiscell: " + message + "\n") }
    static func warn(_ message: String) { standardError("crisiscell: warning: " + message + "\n") }

    /// A message, made safe for a terminal, straight to the descriptor.
    static func standardError(_ text: String) {
        raw(TerminalText.printable(text, keepNewlines: true), to: STDERR_FILENO)
    }

    /// Bytes straight to a descriptor, every failure ignored: the terminal may be gone (an SSH drop) or the
    /// reader of a pipe may have left, and output that cannot be written must never stop the program
    /// (FileHandle traps on EIO and EPIPE).
    static func raw(_ text: String, to fd: Int32) { raw(Data(text.utf8), to: fd) }

    static func raw(_ data: Data, to fd: Int32) {
        var bytes = [UInt8](data)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}

extension CommonOptions {
    /// The record: the database when --db (or $CRISISCELL_DB) names one, through this site's cache; else the
    /// data directory. `live`: a console, which follows others' changes as they come.
    func openStore(readOnly: Bool = false, live: Bool = false) throws -> any CellStore {
        guard let text = databaseText else { return try openRepository(readOnly: readOnly) }
        do {
            let url = try DatabaseURL(text)
            let store = try PostgresStore(
                url: url, cache: cacheDirectory(for: url), readOnly: readOnly, live: live, operatorName: operatorName)
            for w in store.warnings { Output.warn(w) }
            if let given = `operator`, let login = store.login, given != login {
                Output.warn("--operator \(given) is not recorded: the database records its login, \(login)")
            }
            return store
        } catch let e as CommandFailure { throw e } catch { throw CommandFailure("\(error)") }
    }

    /// With a database, --data (or $CRISISCELL_DATA) is the site's cache; else one per database under
    /// $XDG_CACHE_HOME/crisiscell (~/.cache/crisiscell).
    func cacheDirectory(for url: DatabaseURL) -> DataDirectory {
        let env = ProcessInfo.processInfo.environment
        if data != nil || !(env["CRISISCELL_DATA"] ?? "").isEmpty { return directory() }
        let base = env["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (NSHomeDirectory() + "/.cache")
        let name = String(
            url.description.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" })
        return DataDirectory(path: base + "/crisiscell/" + name)
    }

    /// The name a console goes by: the database's login, or --operator, or the login name.
    func operatorName(for store: any CellStore) -> String { store.recordedOperator ?? operatorName }

    /// Opens the data directory for writing, turning every failure into a readable message.
    func openRepository(readOnly: Bool = false) throws -> Repository {
        let dir = directory()
        if readOnly, !dir.exists {
            throw CommandFailure(
                "no data at \(dir.path). Create the demo world with 'crisiscell demo --data \(dir.path)' or start the console there."
            )
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

extension CellStore {
    /// Commits one change and prints back what the store recorded; a change that changes nothing is said and
    /// succeeds, a conflict with someone's change is refused with who and what (exit status 3).
    func commitAndReport(_ op: StoreOperation, by who: String) throws {
        let outcome: Repository.Outcome
        do { outcome = try commit(op, by: who) } catch let error as StoreError {
            if case .conflict = error { throw CommandFailure("\(error)", status: 3) }
            throw CommandFailure("\(error)")
        } catch { throw CommandFailure("\(error)") }
        switch outcome {
        case .queued(let why):
            Output.warn("kept at this site, to send when the database is back: \(why)")
        case .unchanged(let why):
            print(TerminalText.printable(why.prefix(1).uppercased() + why.dropFirst()))
        case .saved(let entry):
            let text = store.world.events.last(where: { $0.seq == entry.seq })?.text ?? "done"
            print(
                TerminalText.printable("saved #\(entry.seq) \(Timestamp.string(entry.time)) \(entry.operator): \(text)")
            )
            warnAboutSnapshot()
            if case .setCounts(let code, let counts, _, _, _) = entry.op, let country = store.world.countries[code] {
                for above in CountRules.aboveStock(country.counts.mapValues(\.value)) where counts[above.kind] != nil {
                    Output.warn(
                        "\(code) \(above.kind.label) \(Format.number(above.value)) is above the stock estimate \(Format.number(above.stock)); the estimate may be out of date"
                    )
                }
            }
        }
    }
}

extension CellStore {
    /// A change is saved once the journal holds it; a snapshot that could not follow is a warning, not a failure.
    func warnAboutSnapshot() {
        if let problem = snapshotProblem {
            Output.warn(
                "saved in the journal, but the snapshot could not be written (\(problem)); nothing is lost, and it will be tried again"
            )
        }
    }
}

/// Runs a command body, printing failures as one clear line and exiting non-zero.
func runReporting(_ body: () throws -> Void) throws {
    do { try body() } catch let failure as CommandFailure {
        Output.error(failure.description)
        throw ExitCode(failure.status)
    }
}
