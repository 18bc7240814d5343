import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import CrisisUI
import Foundation

struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the full-screen console (the default).")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Use the built-in demo world (in its own directory unless --data is given).") var demo = false
    @Flag(help: "Open the briefing screen for a shared display: read-only, large, cycling through crises.")
    var briefing = false
    @Option(help: "Seconds each briefing slide stays up.") var cycle: Double = 20
    @Flag(name: .customLong("read-only"), help: "Show everything, change nothing.") var readOnly = false
    @Flag(help: "Enable the mouse (click to focus and select, wheel to scroll). Off by default: it blocks copy-paste.")
    var mouse = false
    @Flag(name: .customLong("no-color"), help: "No colour (also when NO_COLOR is set).") var noColor = false
    @Flag(
        help:
            "Keep the terminal's cursor visible on the selected row (it always rests there; in a form it shows in the field)."
    )
    var cursor = false
    @Flag(help: "Ring the terminal's bell once when another operator or a script changes a country's alert level.")
    var bell = false
    @Flag(
        help: ArgumentHelp(
            "Line mode for screen readers, braille displays and slow links: a prompt taking commands, every answer in "
                + "whole lines of plain words, no cursor addressing (also with TERM=dumb, in Emacs, or reading commands from a file)."
        )) var plain = false
    @Flag(help: "With --plain: colour alert levels, confirmations and problems (off by default).") var color = false
    @Option(
        help: ArgumentHelp(
            "Colour theme (see 'crisiscell themes'); default $CRISISCELL_THEME, else default.", valueName: "NAME"))
    var theme: String?

    func validate() throws {
        if cycle < 2 || cycle > 3600 { throw ValidationError("--cycle must be 2 to 3600 seconds") }
        if plain {
            let clashing = [
                (briefing, "--briefing"), (mouse, "--mouse"), (theme != nil, "--theme"), (bell, "--bell"),
                (cursor, "--cursor"),
            ]
            if let (_, flag) = clashing.first(where: { $0.0 }) {
                throw ValidationError("\(flag) is for the full-screen console; --plain does not take it")
            }
        } else if color {
            throw ValidationError(
                "--color is for the line mode (--plain); the console's colours come from its theme (--theme)")
        }
    }

    func run() throws {
        try runReporting {
            if demo && common.databaseText != nil {
                throw CommandFailure(
                    "--demo opens a directory of its own; for a database, push the demo world into it: crisiscell demo --data DIR, then crisiscell db push --data DIR --db URL"
                )
            }
            let dir = common.directory(demo: demo)
            let seedDemo = demo && !dir.holdsData
            let repo: any CellStore =
                common.databaseText != nil
                ? try common.openStore(readOnly: readOnly || briefing, live: true) : try CommonOptions.open(dir)
            if seedDemo {
                do { try repo.replaceAll(with: DemoWorld.store(now: CellClock.now())) } catch {
                    throw CommandFailure("\(error)")
                }
            }
            if plain {
                try PlainRunner(
                    repository: repo, operatorName: common.operatorName(for: repo), readOnly: readOnly,
                    color: color && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty && !noColor
                ).run()
                return
            }
            let env = ProcessInfo.processInfo.environment
            let mono = noColor || !(env["NO_COLOR"] ?? "").isEmpty
            let catalog = ThemeLocations.catalog()
            if let wanted = theme, catalog.theme(named: wanted) == nil,
                !catalog.problems.contains(where: { $0.file.hasSuffix("/\(wanted).toml") })
            {
                throw CommandFailure(
                    "no theme named '\(wanted)'. Themes: \(catalog.themes.map(\.name).joined(separator: ", "))")
            }
            var (chosen, message) = ThemeLocations.choose(catalog, flag: theme, briefing: briefing)
            if mono { chosen = catalog.theme(named: "mono") ?? BuiltinThemes.mono }
            var notices = catalog.problems.filter { !(message ?? "").contains($0.description) }.map {
                "theme file: \($0)"
            }
            if let message { notices.insert(message, at: 0) }
            if let m = catalog.missingShippedMessage { notices.append(m) }
            try ConsoleRunner(
                repository: repo, operatorName: common.operatorName(for: repo), readOnly: readOnly, briefing: briefing,
                cycleSeconds: cycle, mouse: mouse, theme: chosen, monoOnly: mono, catalog: catalog, notices: notices,
                bell: bell, cursor: cursor
            ).run()
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
