import Foundation

/// The themes a console can use: the compiled-in fallbacks, the shipped files, and the user's own
/// files (which override shipped ones of the same name). The one place theme files are read.
public struct ThemeCatalog: Sendable {
    public private(set) var themes: [Theme]
    /// Files that could not be used, each with file, line and key.
    public private(set) var problems: [ThemeError] = []
    /// Folders looked in, in order, for messages.
    public private(set) var searched: [String] = []
    public private(set) var shippedDirectory: String?
    private var shippedCandidates: [String] = []
    /// Where each theme came from.
    public private(set) var sources: [String: String] = [:]

    static let order = ["default", "light", "high-contrast", "mono", "tty"]

    public init(shippedCandidates: [String], userDirectory: String?) {
        themes = []
        var files: [String: ThemeFile] = [:]
        self.shippedCandidates = shippedCandidates
        shippedDirectory = shippedCandidates.first { FileManager.default.fileExists(atPath: $0 + "/default.toml") }
        searched = shippedCandidates + (userDirectory.map { [$0] } ?? [])
        for dir in [shippedDirectory, userDirectory].compactMap({ $0 }) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
                $0.hasSuffix(".toml")
            }.sorted()
            for name in names {
                let path = dir + "/" + name
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    problems.append(
                        ThemeError(file: path, line: nil, key: nil, message: "cannot be read as UTF-8 text"))
                    continue
                }
                do {
                    let file = try ThemeParser.parse(text, path: path)
                    files[file.name] = file
                } catch { problems.append(error) }
            }
        }
        var resolved: [String: Theme] = [:]
        for builtin in BuiltinThemes.all {
            resolved[builtin.name] = builtin
            sources[builtin.name] = "built in"
        }
        var done = Set<String>()
        func resolve(_ name: String, chain: [String]) -> Theme? {
            if done.contains(name) { return resolved[name] }
            guard let file = files[name] else { return resolved[name] }
            if chain.contains(name) {
                problems.append(
                    ThemeError(
                        file: file.path, line: nil, key: "parent",
                        message: "parent chain loops: \((chain + [name]).joined(separator: " → "))"))
                return nil
            }
            var parent: Theme? = nil
            if let p = file.parent {
                parent = resolve(p, chain: chain + [name])
                if parent == nil {
                    problems.append(
                        ThemeError(
                            file: file.path, line: nil, key: "parent",
                            message: "parent theme '\(p)' not found or broken"))
                    done.insert(name)
                    return nil
                }
            }
            let theme = file.resolve(parent: parent)
            resolved[name] = theme
            sources[name] = file.path
            done.insert(name)
            return theme
        }
        for name in files.keys { _ = resolve(name, chain: []) }
        themes = resolved.values.sorted { a, b in
            let ia = Self.order.firstIndex(of: a.name) ?? Self.order.count
            let ib = Self.order.firstIndex(of: b.name) ?? Self.order.count
            return ia != ib ? ia < ib : a.name < b.name
        }
    }

    public func theme(named name: String) -> Theme? { themes.first { $0.name == name } }

    /// The theme after `name` in the cycle order (the `t` key).
    public func next(after name: String) -> Theme {
        guard let i = themes.firstIndex(where: { $0.name == name }) else { return themes[0] }
        return themes[(i + 1) % themes.count]
    }

    /// Said when no shipped theme folder was found.
    public var missingShippedMessage: String? {
        shippedDirectory == nil
            ? "no shipped themes found (looked in \(shippedCandidates.joined(separator: ", "))); using the built-in ones"
            : nil
    }
}
