import Foundation

/// English country names from Debian's iso-codes. When the file is missing the code stands in: nothing breaks.
public struct CountryNames: Sendable {
    public static let defaultPath = "/usr/share/iso-codes/json/iso_3166-1.json"
    private let names: [String: String]

    public init(names: [String: String]) { self.names = names }

    /// Loads iso-codes; an empty table if the file is absent or unreadable.
    public static func load(path: String = defaultPath) -> CountryNames {
        struct File: Decodable {
            struct Entry: Decodable { var alpha_2: String; var name: String; var common_name: String? }
            var entries: [Entry]
            enum CodingKeys: String, CodingKey { case entries = "3166-1" }
        }
        guard let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return CountryNames(names: [:]) }
        var table: [String: String] = [:]
        for e in file.entries { table[e.alpha_2] = e.common_name ?? e.name }
        return CountryNames(names: table)
    }

    public var isLoaded: Bool { !names.isEmpty }
    public func name(_ code: String) -> String { names[code] ?? code }
    public func isKnown(_ code: String) -> Bool { names[code] != nil }

    /// A code from a code or an English name, ignoring case and accents.
    public func code(for text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 2, names.isEmpty || names[t.uppercased()] != nil { return t.uppercased() }
        let key = Self.fold(t)
        return names.first { Self.fold($0.value) == key }?.key
    }

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
