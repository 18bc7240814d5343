import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` with the commit the program is built from (`git rev-parse`, or
/// `$CRISISCELL_COMMIT` for a build outside a checkout), so `crisiscell --version` can say it. The file is
/// rewritten only when the commit changes, so an ordinary build recompiles nothing.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let out = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo.swift")
        let script = #"""
            c="${CRISISCELL_COMMIT:-$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null)}"
            [ -n "$c" ] || c=unknown
            if [ -z "$CRISISCELL_COMMIT" ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null | head -1)" ]; then
              c="$c with uncommitted changes"
            fi
            new="enum BuildInfo { static let commit = \"$c\" }"
            [ "$(cat "$2" 2>/dev/null)" = "$new" ] || printf '%s\n' "$new" > "$2"
            """#
        return [
            .prebuildCommand(
                displayName: "Recording the commit crisiscell is built from",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, out.path],
                outputFilesDirectory: context.pluginWorkDirectoryURL)
        ]
    }
}
