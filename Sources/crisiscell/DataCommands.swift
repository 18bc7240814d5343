import ArgumentParser
import CrisisCore
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the built-in demo world (illustrative figures) into a data directory.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Replace data already in the directory (the old snapshot is kept in backups/).")
    var force = false

    func run() throws {
        try runReporting {
            let dir = common.directory()
            if dir.holdsData && !force {
                throw CommandFailure("\(dir.path) already holds data; add --force to replace it with the demo world")
            }
            let repo = try common.openRepository()
            do { try repo.replaceAll(with: DemoWorld.store(now: Date())) } catch { throw CommandFailure("\(error)") }
            let w = repo.store.world
            print("demo world written to \(dir.path): \(w.crises.count) crises, \(w.countries.count) countries, \(w.contacts.count) contacts, \(w.events.count) log entries (figures are illustrative)")
        }
    }
}

struct Brief: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the situation report.")
    @OptionGroup var common: CommonOptions
    @Option(help: "text, markdown or json.") var format: OutputFormat = .text

    func run() throws {
        try runReporting {
            let repo = try common.openRepository(readOnly: true)
            let names = CountryNames.load()
            switch format {
            case .json:
                do { print(try CrisisCore.Brief(world: repo.store.world, names: names, now: Date()).json()) }
                catch { throw CommandFailure("cannot encode the brief: \(error)") }
            case .text: print(Sitrep(world: repo.store.world, names: names, now: Date()).render(.text), terminator: "")
            case .markdown: print(Sitrep(world: repo.store.world, names: names, now: Date()).render(.markdown), terminator: "")
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the data directory: exit 0 with a summary when healthy, else list each problem.")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let report = HealthCheck.run(directory: common.directory())
        for w in report.warnings { print("warning: \(w)") }
        if report.problems.isEmpty {
            print(report.summary)
        } else {
            for p in report.problems { print("problem: \(p)") }
            throw ExitCode(1)
        }
    }
}
