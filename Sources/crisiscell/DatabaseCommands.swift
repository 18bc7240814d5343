import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisSession
import CrisisStorage
import CrisisUI
import Foundation

/// `crisiscell db …`: setting up a shared PostgreSQL database and moving a record in and out of it.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Set up a shared PostgreSQL database, grant roles, move a record in and out.",
        discussion:
            "Every subcommand takes --db URL (or $CRISISCELL_DB). See the README, \"A directory or a database\".",
        subcommands: [
            DatabaseInit.self, DatabaseGrant.self, DatabasePush.self, DatabasePull.self, DatabaseSnapshot.self,
            DatabaseRetire.self, DatabaseStatusCommand.self,
        ])
}

extension CommonOptions {
    func requireDatabase() throws -> DatabaseURL {
        guard let text = databaseText else {
            throw CommandFailure("give the database: --db postgres://USER@HOST/DB (or set CRISISCELL_DB)")
        }
        do { return try DatabaseURL(text) } catch { throw CommandFailure("\(error)") }
    }
}

/// Runs a database step, its failure said in one line.
func database<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CommandFailure { throw e } catch { throw CommandFailure("\(error)") }
}

struct DatabaseInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create or upgrade the schema and this cell's roles crisiscell_DB_viewer, _officer, _admin (run as the database's owner; safe to run again)."
    )
    @OptionGroup var common: CommonOptions
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            say(try database { try DatabaseAdmin.initialize(url) })
        }
    }
}

struct DatabaseGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract:
            "Make a login a viewer (reads), an officer (every change) or an admin (also deletes crises and changes the cell's settings)."
    )
    @OptionGroup var common: CommonOptions
    @Argument(help: "The database login.") var login: String
    @Argument(help: "viewer, officer or admin.") var role: String
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            say(try database { try DatabaseAdmin.grant(url, login: login, role: role) })
        }
    }
}

struct DatabasePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Move a data directory's record into an empty database, nothing lost (--data DIR --db URL).")
    @OptionGroup var common: CommonOptions
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            guard common.data != nil else { throw CommandFailure("give the directory to push: --data DIR") }
            let repo = try common.openRepository(readOnly: true)
            say(try database { try DatabaseAdmin.push(repo.store, to: url) })
        }
    }
}

struct DatabasePull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Write a local copy of the database's record into an empty data directory (--db URL --data DIR).")
    @OptionGroup var common: CommonOptions
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            guard common.data != nil else { throw CommandFailure("give the directory to write: --data DIR") }
            let dir = common.directory()
            if dir.holdsData {
                throw CommandFailure("\(dir.path) already holds data; db pull writes into an empty directory")
            }
            let store = try database { try DatabaseAdmin.pull(url) }
            let repo = try common.openRepository()
            try database { try repo.replaceAll(with: store) }
            let w = store.world
            say(
                "pulled \(url) into \(dir.path): operation \(store.seq), \(w.crises.count) crises, \(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries"
            )
        }
    }
}

struct DatabaseSnapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Write a snapshot of the record, so new sites load fast (admin).")
    @OptionGroup var common: CommonOptions
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            say(try database { try DatabaseAdmin.snapshot(url) })
        }
    }
}

struct DatabaseStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Each server of the URL (primary, standby, old primary), the standbys' state and lag, whether a change is acknowledged by one machine or two, the timeline and the cell's head (any role).",
        discussion: "Exits 1 when something needs a person (a warning line says what).")
    @OptionGroup var common: CommonOptions
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            let report = DatabaseStatus.report(url)
            for line in report.lines { say(line) }
            if !report.warnings.isEmpty { throw ExitCode(1) }
        }
    }
}

struct DatabaseRetire: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract:
            "Let go of an operation no site can read (check --db lists them): it stays in the history, set aside by every site (admin)."
    )
    @OptionGroup var common: CommonOptions
    @Argument(help: "The operation's number, as check --db gives it.") var seq: Int
    @Option(help: "Why it is let go (recorded with your login).") var why: String
    func run() throws {
        try runReporting {
            let url = try common.requireDatabase()
            say(try database { try DatabaseAdmin.retire(url, seq: seq, why: why) })
        }
    }
}

/// `crisiscell outbox`: the changes this site keeps for the database, and settling one it refused.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List the changes this site keeps for the database; settle one it refused (--keep or --drop ID).")
    @OptionGroup var common: CommonOptions
    @Option(
        help: ArgumentHelp("Send a refused change again, in place of the colleague's value it met.", valueName: "ID"))
    var keep: String?
    @Option(
        help: ArgumentHelp(
            "Drop a waiting change (the colleague's value stands), or a damaged line (damaged-…).", valueName: "ID"))
    var drop: String?

    func validate() throws {
        if keep != nil && drop != nil { throw ValidationError("give --keep or --drop, not both") }
    }

    func run() throws {
        try runReporting {
            _ = try common.requireDatabase()
            guard let store = try common.openStore() as? PostgresStore else {
                throw CommandFailure("the outbox belongs to a database's cache")
            }
            if let id = keep ?? drop {
                _ = try database { try store.resolve(id, keep: keep != nil) }
                say(keep != nil ? "sent \(id) in place of what it met" : "dropped \(id); the database's value stands")
                return
            }
            let waiting = try database { try store.waitingChanges() }
            let damaged = try database { try store.damagedChanges() }
            for d in damaged {
                say(
                    "\(d.id)  line \(d.line) of \(store.directory.path)/outbox.jsonl cannot be read: \(d.reason). "
                        + "The changes around it still go, in order. Read it there; remove it: crisiscell outbox --drop \(d.id)"
                )
            }
            if waiting.isEmpty && damaged.isEmpty {
                say("nothing waits at this site: everything is in the database")
                return
            }
            let names = CountryNames.load()
            for c in waiting {
                let what = c.ops.map { PlainWords.spoken(describe($0, store.store.world, names)) }.joined(
                    separator: "; ")
                say("\(c.id.prefix(8))  \(Timestamp.string(c.time))  \(c.operator)  \(what)")
                if let why = c.refused {
                    say(
                        "      refused when sent: \(why). Settle it: crisiscell outbox --keep \(c.id.prefix(8)) (yours) or --drop \(c.id.prefix(8)) (theirs)"
                    )
                }
            }
        }
    }

    private func describe(_ op: StoreOperation, _ world: World, _ names: CountryNames) -> String {
        PlainWords.entry(JournalEntry(seq: 0, time: CellClock.now(), operator: "", op: op), world: world, names: names)
            .trimmingCharacters(in: .whitespaces)
    }
}
