import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisSession
import CrisisStorage
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the built-in demo world (illustrative figures) into a data directory.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Replace data already in the directory (the old snapshot is kept in backups/).")
    var force = false

    func run() throws {
        try runReporting {
            if common.databaseText != nil {
                throw CommandFailure(
                    "the demo world is written into a directory; to put it in a database: crisiscell demo --data DIR, then crisiscell db push --data DIR --db URL"
                )
            }
            let dir = common.directory()
            if dir.holdsData && !force {
                throw CommandFailure("\(dir.path) already holds data; add --force to replace it with the demo world")
            }
            let repo = try common.openRepository()
            do { try repo.replaceAll(with: DemoWorld.store(now: CellClock.now())) } catch {
                throw CommandFailure("\(error)")
            }
            let w = repo.store.world
            say(
                "demo world written to \(dir.path): \(w.crises.count) crises, \(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries (figures are illustrative)"
            )
        }
    }
}

struct Brief: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the situation report.")
    @OptionGroup var common: CommonOptions
    @Option(help: "text, markdown, json or html.") var format: OutputFormat = .text
    @Flag(help: "As text messages: lines of at most 160 characters (70 in Bangla), the call to action first.") var sms =
        false
    @Option(help: "Language of --sms: en or bn (Bangla).") var lang: SitrepSMS.Language = .en
    @Option(help: "With --sms: a helpline number to give in the call to action.") var helpline: String?

    func validate() throws {
        if sms && format != .text { throw ValidationError("--sms is plain text: leave out --format") }
        if !sms && lang != .en { throw ValidationError("--lang works with --sms") }
        if !sms && helpline != nil { throw ValidationError("--helpline works with --sms") }
    }

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let names = CountryNames.load()
            if sms {
                say(
                    SitrepSMS(
                        world: repo.store.world, countries: names, now: CellClock.now(), language: lang,
                        helpline: helpline
                    ).render(),
                    terminator: "")
                return
            }
            switch format {
            case .html:
                say(SitrepHTML(world: repo.store.world, names: names, now: CellClock.now()).render(), terminator: "")
            case .json:
                do {
                    sayJSON(
                        Data(
                            try CrisisExchange.Brief(world: repo.store.world, names: names, now: CellClock.now()).json()
                                .utf8))
                } catch { throw CommandFailure("cannot encode the brief: \(error)") }
            case .text:
                say(Sitrep(world: repo.store.world, names: names, now: CellClock.now()).render(.text), terminator: "")
            case .markdown:
                say(
                    Sitrep(world: repo.store.world, names: names, now: CellClock.now()).render(.markdown),
                    terminator: "")
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the data directory: exit 0 with a summary when healthy, else list each problem.")
    @OptionGroup var common: CommonOptions
    @Flag(
        help:
            "Also set the directory to 0700 and its files to 0600, saying what changed (without it, check changes nothing)."
    )
    var repair = false

    func run() throws {
        if let text = common.databaseText {
            try runReporting {
                let report: DatabaseAdmin.Report
                do { report = try DatabaseAdmin.check(DatabaseURL(text)) } catch { throw CommandFailure("\(error)") }
                for n in report.notes { say("note: \(n)") }
                for line in report.replication { say(line) }
                for p in report.problems { say("problem: \(p)") }
                if !report.problems.isEmpty {
                    throw CommandFailure("\(report.problems.count) problem(s) in the database")
                }
                say(report.summary)
            }
            return
        }
        if repair { for line in HealthCheck.repairModes(directory: common.directory()) { say("repaired: \(line)") } }
        let report = HealthCheck.run(directory: common.directory(), more: Outbox.report)
        for w in report.warnings { say("warning: \(w)") }
        if report.problems.isEmpty {
            say(report.summary)
        } else {
            for p in report.problems { say("problem: \(p)") }
            throw ExitCode(1)
        }
    }
}

/// Test and benchmark aid (hidden): appends N log entries, each its own durable operation, the way
/// N separate `crisiscell log` calls would, without paying N process starts.
struct AppendMany: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_append", abstract: "Append N log entries (for tests).",
        shouldDisplay: false)
    @OptionGroup var common: CommonOptions
    @Option var count: Int = 100
    @Option var label: String = "entry"
    @Option(help: "Compact when the journal has this many lines.") var compactEvery: Int = 1000

    func run() throws {
        try runReporting {
            let repo: any CellStore
            if common.databaseText != nil {
                repo = try common.openStore()
            } else {
                do { repo = try Repository(directory: common.directory(), compactThreshold: compactEvery) } catch {
                    throw CommandFailure("\(error)")
                }
            }
            for i in 0..<count {
                do {
                    _ = try repo.commit(
                        .log(crisis: nil, kind: .change, text: "\(label) \(i)"), by: common.operatorName)
                } catch { throw CommandFailure("\(error)") }
                // One line per acknowledged operation, so a crash harness knows what was confirmed.
                Output.raw("ok \(label) \(i)\n", to: STDOUT_FILENO)
            }
        }
    }
}
