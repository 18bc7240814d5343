import Foundation
import TOMLKit

/// A problem in a theme file, with where it is.
public struct ThemeError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? "")\(key.map { ": \($0)" } ?? ""): \(message)"
    }
}

/// A theme file as written: its own roles only, before a parent or the defaults fill the gaps.
public struct ThemeFile: Sendable {
    public var name: String
    public var description: String
    public var parent: String?
    public var assumedForeground: ThemeColor?
    public var assumedBackground: ThemeColor?
    /// `paint = false`: take the terminal's own colours where a role says "default".
    public var paints: Bool?
    public var styles: [Role: RoleStyle]
    public var path: String

    /// The finished theme: roles from this file, then its parent's, then the built-in default's.
    public func resolve(parent resolvedParent: Theme?) -> Theme {
        let base = resolvedParent ?? BuiltinThemes.dark
        var merged = base.styles
        for (role, style) in styles { merged[role] = style }
        return Theme(
            name: name, styles: merged, description: description,
            assumedForeground: assumedForeground ?? base.assumedForeground,
            assumedBackground: assumedBackground ?? base.assumedBackground, paints: paints ?? base.paints)
    }
}

/// Reads the TOML theme format documented in Themes/README.md.
public enum ThemeParser {
    static let colourNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    static let attributeNames: [String: Attributes] = [
        "bold": .bold, "underline": .underline, "reverse": .reverse, "dim": .dim, "italic": .italic,
    ]

    public static func parse(_ text: String, path: String) throws(ThemeError) -> ThemeFile {
        let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        try screen(text, path: path)
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ThemeError(
                file: path, line: e.source.begin.line, key: nil, message: "not valid TOML: \(e.description)")
        } catch {
            throw ThemeError(file: path, line: nil, key: nil, message: "not valid TOML: \(error)")
        }
        let locate = Locator(text: text)
        func fail(_ key: String, _ section: String?, _ message: String) -> ThemeError {
            ThemeError(
                file: path, line: locate.line(of: key, in: section), key: section.map { "\($0).\(key)" } ?? key,
                message: message)
        }
        let known: Set<String> = ["name", "description", "parent", "assumes", "paint", "palette", "roles"]
        for key in table.keys where !known.contains(key) {
            throw fail(key, nil, "unknown setting (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws(ThemeError) -> String? {
            guard let v = table[key] else { return nil }
            guard let s = v.string else { throw fail(key, nil, "must be a string") }
            return s
        }
        var file = ThemeFile(
            name: try string("name") ?? fallbackName, description: try string("description") ?? "",
            parent: try string("parent").flatMap { $0.isEmpty ? nil : $0 }, styles: [:], path: path)

        // Palette: named colours, each a colour value or { color, c256, c16, c8 }.
        var palette: [String: ThemeColor] = [:]
        if let p = table["palette"] {
            guard let pt = p.table else { throw fail("palette", nil, "must be a table of named colours") }
            for key in pt.keys {
                do throws(Message) { palette[key] = try colour(pt[key]!, palette: [:]) } catch {
                    throw fail(key, "palette", error.text)
                }
            }
        }
        if let p = table["paint"] {
            guard let b = p.bool else { throw fail("paint", nil, "must be true or false") }
            file.paints = b
        }
        if let a = table["assumes"] {
            guard let at = a.table else { throw fail("assumes", nil, "must be { fg = …, bg = … }") }
            do throws(Message) {
                if let fg = at["fg"] { file.assumedForeground = try colour(fg, palette: palette) }
                if let bg = at["bg"] { file.assumedBackground = try colour(bg, palette: palette) }
            } catch { throw fail("assumes", nil, error.text) }
        }
        if let r = table["roles"] {
            guard let rt = r.table else { throw fail("roles", nil, "must be a table of roles") }
            for key in rt.keys {
                guard let role = Role(rawValue: key) else {
                    let close = Role.allCases.map(\.rawValue).filter { $0.hasPrefix(String(key.prefix(3))) }
                    throw fail(
                        key, "roles",
                        "unknown role" + (close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)"))
                }
                do throws(Message) { file.styles[role] = try style(rt[key]!, palette: palette) } catch {
                    throw fail(key, "roles", error.text)
                }
            }
        }
        return file
    }

    struct Message: Error { let text: String }

    /// The TOML library aborts the process on some malformed input (a `[[[` header, deep nesting) instead of
    /// throwing, so text that a theme never needs is refused here, with its line, before the library sees it.
    static func screen(_ text: String, path: String) throws(ThemeError) {
        guard text.utf8.count <= 256 * 1024 else {
            throw ThemeError(file: path, line: nil, key: nil, message: "too large for a theme file (over 256 KB)")
        }
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[") {
                throw ThemeError(
                    file: path, line: i + 1, key: nil,
                    message: "arrays of tables ([[…]]) are not part of the theme format")
            }
            var depth = 0
            var deepest = 0
            var inString = false
            for ch in line {
                if ch == "\"" { inString.toggle() }
                if inString { continue }
                if ch == "#" { break }
                if ch == "[" || ch == "{" {
                    depth += 1
                    deepest = max(deepest, depth)
                }
                if ch == "]" || ch == "}" { depth -= 1 }
            }
            if deepest > 8 {
                throw ThemeError(
                    file: path, line: i + 1, key: nil,
                    message: "nested too deeply (\(deepest) levels; a theme needs at most 3)")
            }
        }
    }

    static func style(_ value: TOMLValueConvertible, palette: [String: ThemeColor]) throws(Message) -> RoleStyle {
        guard let t = value.table else { throw Message(text: "must be { fg = …, bg = …, attrs = […], mono = […] }") }
        for key in t.keys where !["fg", "bg", "attrs", "mono"].contains(key) {
            throw Message(text: "unknown key '\(key)' (expected fg, bg, attrs, mono)")
        }
        var s = RoleStyle()
        if let fg = t["fg"] { s.fg = try colour(fg, palette: palette) }
        if let bg = t["bg"] { s.bg = try colour(bg, palette: palette) }
        if let a = t["attrs"] { s.attrs = try attributes(a) }
        if let m = t["mono"] { s.mono = try attributes(m) } else { s.mono = s.attrs }
        return s
    }

    static func attributes(_ value: TOMLValueConvertible) throws(Message) -> Attributes {
        guard let array = value.array else { throw Message(text: "attributes must be a list, e.g. [\"bold\"]") }
        var out: Attributes = []
        for item in array {
            guard let name = item.string, let a = attributeNames[name] else {
                throw Message(
                    text: "unknown attribute \(item) (use \(attributeNames.keys.sorted().joined(separator: ", ")))")
            }
            out.insert(a)
        }
        return out
    }

    /// "default", "#rrggbb", 0-255, a 16-colour name, a palette name, or { color, c256, c16, c8 }.
    static func colour(_ value: TOMLValueConvertible, palette: [String: ThemeColor]) throws(Message) -> ThemeColor {
        if let n = value.int {
            guard (0...255).contains(n) else { throw Message(text: "colour index \(n) is out of range 0-255") }
            return n < 16 ? .ansi(n) : .indexed(n)
        }
        if let t = value.table {
            guard let base = t["color"] else { throw Message(text: "a colour with fallbacks needs color = …") }
            func index(_ key: String, _ limit: Int) throws(Message) -> Int? {
                guard let v = t[key] else { return nil }
                let c = try colour(v, palette: palette)
                let n = c.number(at: limit == 256 ? .indexed256 : limit == 16 ? .sixteen : .eight)
                guard n < limit else { throw Message(text: "\(key) must be one of the first \(limit) colours") }
                return n
            }
            return .fallback(
                try colour(base, palette: palette), c256: try index("c256", 256), c16: try index("c16", 16),
                c8: try index("c8", 8))
        }
        guard let s = value.string else {
            throw Message(text: "a colour is \"#rrggbb\", 0-255, a colour name or \"default\"")
        }
        let text = s.lowercased()
        if text == "default" { return .terminalDefault }
        if let p = palette[s] { return p }
        if text.hasPrefix("#") {
            let hex = text.dropFirst()
            guard hex.count == 6, let v = UInt32(hex, radix: 16) else {
                throw Message(text: "'\(s)' is not a #rrggbb colour")
            }
            return .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xff), UInt8(v & 0xff))
        }
        let bright = text.hasPrefix("bright")
        if let i = colourNames.firstIndex(of: bright ? String(text.dropFirst(6)) : text) {
            return .ansi(i + (bright ? 8 : 0))
        }
        throw Message(
            text: "unknown colour '\(s)' (not in the palette; use #rrggbb, 0-255, a name like brightred, or default)")
    }

    /// Finds the line of a key in the text, inside its [section] when given.
    struct Locator {
        let lines: [Substring]
        init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

        func line(of key: String, in section: String?) -> Int? {
            var inSection = section == nil
            for (i, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    inSection = section.map { line == "[\($0)]" } ?? false
                    continue
                }
                guard inSection else { continue }
                if line.hasPrefix(key + " ") || line.hasPrefix(key + "=") || line.hasPrefix("\"\(key)\"") {
                    return i + 1
                }
            }
            return nil
        }
    }
}
