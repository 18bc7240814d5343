import ArgumentParser
import CrisisCore
import Foundation

struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the full-screen console (the default).")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Use the built-in demo world (in its own directory unless --data is given).") var demo = false

    func run() throws {
        try runReporting {
            let dir = common.directory(demo: demo)
            if demo && !dir.holdsData {
                let repo = try CommonOptions.open(dir)
                do { try repo.replaceAll(with: DemoWorld.store(now: Date())) } catch { throw CommandFailure("\(error)") }
            }
            let repo = try CommonOptions.open(dir)
            print(Sitrep(world: repo.store.world, names: CountryNames.load(), now: Date()).render(.text), terminator: "")
        }
    }
}

extension CommonOptions {
    static func open(_ dir: DataDirectory) throws -> Repository {
        do {
            let repo = try Repository(directory: dir)
            for w in repo.warnings { Output.warn(w) }
            return repo
        } catch { throw CommandFailure("\(error)") }
    }
}
