import CrisisUI
import Foundation

/// Where themes are looked for: shipped files beside an installed binary or in the source tree,
/// and the user's own in $XDG_CONFIG_HOME/crisiscell/themes.
enum ThemeLocations {
    static func catalog(environment env: [String: String] = ProcessInfo.processInfo.environment) -> ThemeCatalog {
        ThemeCatalog(shippedCandidates: shippedCandidates(env), userDirectory: userDirectory(env))
    }

    static func shippedCandidates(_ env: [String: String]) -> [String] {
        var out: [String] = []
        if let dir = env["CRISISCELL_THEMES"], !dir.isEmpty { out.append(dir) }
        // The program's own file, not argv[0]: run from PATH ("crisiscell"), argv[0] names no folder.
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let exe = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        out.append(exe.appendingPathComponent("../share/crisiscell/themes").standardized.path)
        out.append(exe.appendingPathComponent("Themes").path)
        // `swift run` and `swift test`: the package's own Themes/ folder.
        out.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes")
                .standardized.path)
        return out
    }

    static func userDirectory(_ env: [String: String]) -> String {
        if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/crisiscell/themes" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.config/crisiscell/themes"
    }

    /// The theme to start with: --theme, else $CRISISCELL_THEME, else high-contrast for briefings, else default.
    /// Returns the theme and a message when the wish could not be met.
    static func choose(
        _ catalog: ThemeCatalog, flag: String?, briefing: Bool,
        environment env: [String: String] = ProcessInfo.processInfo.environment
    ) -> (Theme, String?) {
        let wanted =
            flag ?? env["CRISISCELL_THEME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (briefing ? "high-contrast" : "default")
        if let t = catalog.theme(named: wanted) { return (t, nil) }
        let problem = catalog.problems.first { ($0.file as NSString).lastPathComponent == wanted + ".toml" }
        let why = problem.map { "theme '\(wanted)' is broken: \($0)" } ?? "no theme named '\(wanted)'"
        return (catalog.theme(named: "default") ?? BuiltinThemes.dark, why + "; using default")
    }
}
