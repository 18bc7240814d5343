import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisSession
import CrisisStorage
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The release, by semantic versioning: the third wave's features on the second's data formats.
enum CrisisCellVersion {
    static let semantic = "0.3.0"
}

@main
struct CrisisCellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisiscell",
        abstract: "Operations console for a cell protecting nationals abroad in a crisis.",
        discussion: """
            Without a subcommand, opens the full-screen console. Data lives in --data DIR, else \
            $CRISISCELL_DATA, else $XDG_DATA_HOME/crisiscell, else ~/.local/share/crisiscell.
            """,
        version: "crisiscell \(CrisisCellVersion.semantic) (commit \(BuildInfo.commit))",
        subcommands: [
            Console.self, Demo.self, Brief.self, ChecklistCommand.self, Tick.self, Log.self, CountCommand.self,
            Alert.self, Check.self, ThemesCommand.self, AppendMany.self,
            ImportCommand.self, ExportCommand.self, ReportCommand.self, DatabaseCommand.self, OutboxCommand.self,
            FeedsCommand.self, IncomingCommand.self, Doctor.self,
        ],
        defaultSubcommand: Console.self
    )

    static func main() {
        // A reader that leaves a pipe (`crisiscell brief | head`) must not kill a command half way through a write.
        signal(SIGPIPE, SIG_IGN)
        Self.main(nil)
    }
}

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data directory.", valueName: "DIR"))
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Name recorded with each change (default: your login name; with --db the database's login is recorded).",
            valueName: "NAME"))
    var `operator`: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A shared PostgreSQL database instead of a directory: postgres://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=CA.pem, "
                + "or postgres://USER@/DB?host=/socket/dir. Else $CRISISCELL_DB. --data is then this site's cache.",
            valueName: "URL"))
    var db: String?

    /// The database to use, from --db or $CRISISCELL_DB; nil for the data directory.
    var databaseText: String? {
        if let db { return db }
        let env = ProcessInfo.processInfo.environment["CRISISCELL_DB"] ?? ""
        return env.isEmpty ? nil : env
    }

    var operatorName: String {
        if let name = `operator`?.trimmingCharacters(in: .whitespaces), !name.isEmpty { return name }
        return LoginName.current
    }

    func validate() throws {
        if let problem = CellClock.problem { throw ValidationError(problem) }
        if let name = `operator`, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--operator must not be empty")
        }
        if let name = `operator`, name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("--operator must not contain control characters")
        }
        if let text = databaseText {
            do { _ = try DatabaseURL(text) } catch { throw ValidationError("\(error)") }
        }
    }

    func directory(demo: Bool = false) -> DataDirectory { DataDirectory.resolve(explicit: data, demo: demo) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, html
}
