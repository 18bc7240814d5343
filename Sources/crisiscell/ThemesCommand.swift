import ArgumentParser
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "List the colour themes with a preview line each.")

    func run() throws {
        let catalog = ThemeLocations.catalog()
        let env = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) == 1 && (env["NO_COLOR"] ?? "").isEmpty
        for theme in catalog.themes {
            let width = catalog.themes.map(\.name.count).max() ?? 10
            print(
                theme.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + preview(theme, colour: colour)
                    + "  " + theme.description + "  (" + (catalog.sources[theme.name] ?? "built in") + ")")
        }
        if let m = catalog.missingShippedMessage { print("note: \(m)") }
        for p in catalog.problems { print("problem: \(p)") }
        print(
            "user themes: \(ThemeLocations.userDirectory(env)) (a file there overrides a shipped theme of the same name)"
        )
    }

    /// A sample line with the theme's colours as 256-colour escape codes (words only when not a terminal).
    func preview(_ theme: Theme, colour: Bool) -> String {
        let samples: [(String, Role)] = [
            (" ▲4 ", .severity4), (" L3 ", .alert3), (" [x] ", .checkDone), (" ! overdue ", .checkOverdue),
            (" ● on duty ", .onDuty), (" cursor ", .cursor), (" text ", .normal),
        ]
        return samples.map { text, role in
            guard colour else { return text }
            let s = theme.style(role)
            var codes: [String] = []
            if s.attrs.contains(.bold) { codes.append("1") }
            if s.attrs.contains(.underline) { codes.append("4") }
            if s.attrs.contains(.reverse) { codes.append("7") }
            let fg = s.fg.number(at: .indexed256)
            let bg = s.bg.number(at: .indexed256)
            if fg >= 0 { codes.append("38;5;\(fg)") }
            if bg >= 0 { codes.append("48;5;\(bg)") }
            return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
        }.joined()
    }
}
