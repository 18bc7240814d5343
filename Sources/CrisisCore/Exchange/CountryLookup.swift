import Foundation

/// Countries as files name them: ISO 3166 alpha-2 or alpha-3 codes, or names (short, common or official)
/// from Debian's iso-codes, ignoring case and accents. Also each country's first time zone (tzdata's
/// zone.tab) and, for the host countries the cell works with, its calling code for phone numbers.
public struct CountryLookup: Sendable {
    public static let isoCodesPath = "/usr/share/iso-codes/json/iso_3166-1.json"
    public static let zoneTabPath = "/usr/share/zoneinfo/zone.tab"
    public static let bengaliNamesPath = "/usr/share/locale/bn/LC_MESSAGES/iso_3166-1.mo"

    /// alpha-2 → English short name (common name when there is one).
    public private(set) var names: [String: String]
    /// folded name or code → alpha-2.
    private var index: [String: String]
    /// alpha-2 → IANA zone.
    public private(set) var zones: [String: String]
    /// alpha-2 → Bengali name.
    public private(set) var bengali: [String: String]

    public init(names: [String: String] = [:], aliases: [String: String] = [:], zones: [String: String] = [:],
                bengali: [String: String] = [:]) {
        self.names = names; self.zones = zones; self.bengali = bengali
        var index: [String: String] = [:]
        for (code, name) in names { index[CSVTable.fold(name)] = code; index[code.lowercased()] = code }
        for (alias, code) in aliases { index[CSVTable.fold(alias)] = code }
        self.index = index
    }

    /// Loads the system tables; whatever is missing is simply empty (codes still work).
    public static func load(isoCodes: String = isoCodesPath, zoneTab: String = zoneTabPath,
                            bengaliNames: String = bengaliNamesPath) -> CountryLookup {
        struct File: Decodable {
            struct Entry: Decodable { var alpha_2: String; var alpha_3: String; var name: String; var common_name: String?; var official_name: String? }
            var entries: [Entry]
            enum CodingKeys: String, CodingKey { case entries = "3166-1" }
        }
        var names: [String: String] = [:]
        var aliases: [String: String] = [:]
        var entries: [File.Entry] = []
        if let data = FileManager.default.contents(atPath: isoCodes), let file = try? JSONDecoder().decode(File.self, from: data) {
            entries = file.entries
            for e in file.entries {
                names[e.alpha_2] = e.common_name ?? e.name
                aliases[e.alpha_3] = e.alpha_2
                aliases[e.name] = e.alpha_2
                if let c = e.common_name { aliases[c] = e.alpha_2 }
                if let o = e.official_name { aliases[o] = e.alpha_2 }
            }
        }
        let zones = CountryZones.load(path: zoneTab).zones
        var bengali = Self.builtInBengali
        if let data = FileManager.default.contents(atPath: bengaliNames) {
            let catalog = MessageCatalog.parse(data)
            for e in entries {
                if let bn = [e.name, e.common_name].compactMap({ $0.flatMap { catalog[$0] } }).first(where: { !$0.isEmpty }) {
                    bengali[e.alpha_2] = bn
                }
            }
        }
        return CountryLookup(names: names, aliases: aliases, zones: zones, bengali: bengali)
    }

    public var isLoaded: Bool { !names.isEmpty }

    public func name(_ code: String) -> String { names[code] ?? code }

    /// A code from a code or a name, or nil. Without iso-codes any two letters pass as a code.
    public func code(for text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        if t.count == 2, t.allSatisfy({ $0.isASCII && $0.isLetter }) {
            let upper = t.uppercased()
            return names.isEmpty || names[upper] != nil ? upper : nil
        }
        return index[CSVTable.fold(t)]
    }

    /// The first zone tzdata lists for a country ("Asia/Beirut" for LB).
    public func zone(for code: String) -> String? { zones[code] }

    /// The Bengali name from iso-codes' translations, else a built-in one for the main host countries, else English.
    public func bengaliName(_ code: String) -> String { bengali[code] ?? name(code) }

    /// Names of the host countries in the domain and their transit states, for when iso-codes' translations are absent.
    static let builtInBengali: [String: String] = [
        "BD": "বাংলাদেশ", "SA": "সৌদি আরব", "AE": "সংযুক্ত আরব আমিরাত", "OM": "ওমান", "MY": "মালয়েশিয়া",
        "QA": "কাতার", "KW": "কুয়েত", "SG": "সিঙ্গাপুর", "BH": "বাহরাইন", "JO": "জর্ডান", "IT": "ইতালি",
        "LB": "লেবানন", "LY": "লিবিয়া", "SD": "সুদান", "EG": "মিশর", "TN": "তিউনিসিয়া",
    ]
}

/// Calling codes for phone numbers written without one: the cell's host countries, their transit
/// states, and home. A local number elsewhere must carry its +code.
public enum CallingCode {
    /// alpha-2 → (country calling code, national trunk prefix dropped in international form).
    public static let table: [String: (code: String, trunk: String)] = [
        "BD": ("880", "0"), "SA": ("966", "0"), "AE": ("971", "0"), "OM": ("968", ""), "MY": ("60", "0"),
        "QA": ("974", ""), "KW": ("965", ""), "SG": ("65", ""), "BH": ("973", ""), "JO": ("962", "0"),
        "IT": ("39", ""), "LB": ("961", "0"), "LY": ("218", "0"), "SD": ("249", "0"), "EG": ("20", "0"),
        "TN": ("216", ""),
    ]

    /// E.164 ("+9613000001") for a number in any usual notation: "+961 3 000 001", "00961 3 000 001",
    /// "tel:+961-3-000-001", or a local "03 000 001" when the country is one of `table`'s. Nil when the
    /// number has no calling code and the country's is not known, or when it is not a phone number.
    public static func e164(_ raw: String, country: String?) -> String? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("tel:") { text = String(text.dropFirst(4)) }
        if let cut = text.firstIndex(of: ";") { text = String(text[..<cut]) }   // tel: URI parameters (;ext=…)
        guard Phone.isPlausible(text) else { return nil }
        let digits = text.filter { $0.isASCII && $0.isNumber }
        let international: String
        if text.first(where: { $0 != " " && $0 != "(" }) == "+" {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else {
            guard let country, let entry = table[country] else { return nil }
            var national = Substring(digits)
            if !entry.trunk.isEmpty, national.hasPrefix(entry.trunk) { national = national.dropFirst(entry.trunk.count) }
            international = entry.code + national
        }
        guard (4...15).contains(international.count), international.first != "0" else { return nil }
        return "+" + international
    }
}

/// GNU gettext .mo catalogues (for iso-codes' translations of country names).
enum MessageCatalog {
    static func parse(_ data: Data) -> [String: String] {
        let b = [UInt8](data)
        guard b.count >= 28 else { return [:] }
        func u32(_ at: Int, _ little: Bool) -> Int? {
            guard at >= 0, at + 4 <= b.count else { return nil }
            let v = little ? UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
                           : UInt32(b[at + 3]) | UInt32(b[at + 2]) << 8 | UInt32(b[at + 1]) << 16 | UInt32(b[at]) << 24
            return Int(v)
        }
        let little: Bool
        if u32(0, true) == 0x950412de { little = true } else if u32(0, false) == 0x950412de { little = false } else { return [:] }
        guard let n = u32(8, little), let originals = u32(12, little), let translations = u32(16, little) else { return [:] }
        func string(_ table: Int, _ i: Int) -> String? {
            guard let length = u32(table + 8 * i, little), let offset = u32(table + 8 * i + 4, little),
                  offset + length <= b.count else { return nil }
            return String(validating: b[offset..<(offset + length)], as: UTF8.self)
        }
        var out: [String: String] = [:]
        for i in 0..<min(n, 100_000) {
            guard let key = string(originals, i), let value = string(translations, i), !key.isEmpty else { continue }
            out[key] = value
        }
        return out
    }
}
