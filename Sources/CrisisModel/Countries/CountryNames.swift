import Foundation

/// Countries by their codes and names: ISO 3166 alpha-2 or alpha-3 codes, or names (short, common or
/// official) from Debian's iso-codes, ignoring case and accents. When the file is missing the code stands in
/// and nothing breaks. Also each country's first time zone (tzdata's zone.tab) and its Bengali name.
public struct CountryNames: Sendable {
    public static let defaultPath = "/usr/share/iso-codes/json/iso_3166-1.json"
    public static let zoneTabPath = "/usr/share/zoneinfo/zone.tab"
    public static let bengaliNamesPath = "/usr/share/locale/bn/LC_MESSAGES/iso_3166-1.mo"

    /// alpha-2 → English short name (common name when there is one).
    public private(set) var names: [String: String]
    /// folded name or code → alpha-2.
    private var index: [String: String]
    /// alpha-2 → IANA zone.
    public private(set) var zones: [String: String]
    /// Every zone of each country (zone.tab), for places in countries with several.
    public private(set) var zoneTable: CountryZones
    /// alpha-2 → Bengali name.
    public private(set) var bengali: [String: String]
    /// Every spelling of a country longer than its codes (names, common and official names, Bengali) → alpha-2,
    /// for finding countries named in running text.
    public private(set) var spellings: [String: String]
    /// alpha-2 → alpha-3 ("LB" → "LBN"), for formats that use the longer codes (HXL's #country+code).
    public private(set) var alpha3: [String: String]

    public init(
        names: [String: String] = [:], aliases: [String: String] = [:], zones: [String: String] = [:],
        bengali: [String: String] = [:], zoneTable: CountryZones? = nil
    ) {
        self.names = names
        self.zones = zones
        self.bengali = bengali
        self.zoneTable = zoneTable ?? CountryZones(zones)
        var index: [String: String] = [:]
        var spellings: [String: String] = [:]
        var alpha3: [String: String] = [:]
        for (code, name) in names {
            index[TextFolding.fold(name)] = code
            index[code.lowercased()] = code
            spellings[name] = code
        }
        for (alias, code) in aliases {
            index[TextFolding.fold(alias)] = code
            if alias.count > 3 { spellings[alias] = code }
            if alias.count == 3, alias.allSatisfy({ $0.isASCII && $0.isUppercase }) { alpha3[code] = alias }
        }
        for (code, name) in bengali { spellings[name] = code }
        self.index = index
        self.spellings = spellings
        self.alpha3 = alpha3
    }

    /// Loads the system tables; whatever is missing is simply empty (codes still work).
    public static func load(
        isoCodes: String = defaultPath, zoneTab: String = zoneTabPath,
        bengaliNames: String = bengaliNamesPath
    ) -> CountryNames {
        struct File: Decodable {
            struct Entry: Decodable {
                var alpha2: String
                var alpha3: String
                var name: String
                var commonName: String?
                var officialName: String?
                enum CodingKeys: String, CodingKey {
                    case alpha2 = "alpha_2"
                    case alpha3 = "alpha_3"
                    case name
                    case commonName = "common_name"
                    case officialName = "official_name"
                }
            }
            var entries: [Entry]
            enum CodingKeys: String, CodingKey { case entries = "3166-1" }
        }
        var names: [String: String] = [:]
        var aliases: [String: String] = [:]
        var entries: [File.Entry] = []
        if let data = FileManager.default.contents(atPath: isoCodes),
            let file = try? JSONDecoder().decode(File.self, from: data)
        {
            entries = file.entries
            for e in file.entries {
                names[e.alpha2] = e.commonName ?? e.name
                aliases[e.alpha3] = e.alpha2
                aliases[e.name] = e.alpha2
                if let c = e.commonName { aliases[c] = e.alpha2 }
                if let o = e.officialName { aliases[o] = e.alpha2 }
            }
        }
        let zoneTable = CountryZones.load(path: zoneTab)
        let zones = zoneTable.zones
        var bengali = Self.builtInBengali
        if let data = FileManager.default.contents(atPath: bengaliNames) {
            let catalog = MessageCatalog.parse(data)
            for e in entries {
                if let bn = [e.name, e.commonName].compactMap({ $0.flatMap { catalog[$0] } }).first(where: {
                    !$0.isEmpty
                }) {
                    bengali[e.alpha2] = bn
                }
            }
        }
        return CountryNames(names: names, aliases: aliases, zones: zones, bengali: bengali, zoneTable: zoneTable)
    }

    public var isLoaded: Bool { !names.isEmpty }

    public func name(_ code: String) -> String { names[code] ?? code }
    public func isKnown(_ code: String) -> Bool { names[code] != nil }

    /// A code from a code or a name, or nil. Without iso-codes any two letters pass as a code.
    public func code(for text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        if t.count == 2, t.allSatisfy({ $0.isASCII && $0.isLetter }) {
            let upper = t.uppercased()
            return names.isEmpty || names[upper] != nil ? upper : nil
        }
        return index[TextFolding.fold(t)]
    }

    /// The first zone tzdata lists for a country ("Asia/Beirut" for LB).
    public func zone(for code: String) -> String? { zones[code] }

    /// The same zones for the screens, without reading zone.tab a second time.
    public var countryZones: CountryZones { zoneTable }

    /// The zone of a city in a country (the country's first zone when the city names none of its zones).
    public func zone(for code: String, city: String) -> String? { zoneTable.zoneName(for: code, city: city) }

    /// The Bengali name from iso-codes' translations, else a built-in one for the main host countries, else English.
    public func bengaliName(_ code: String) -> String { bengali[code] ?? name(code) }

    /// Names of the host countries in the domain and their transit states, for when iso-codes' translations are absent.
    static let builtInBengali: [String: String] = [
        "BD": "বাংলাদেশ", "SA": "সৌদি আরব", "AE": "সংযুক্ত আরব আমিরাত", "OM": "ওমান", "MY": "মালয়েশিয়া",
        "QA": "কাতার", "KW": "কুয়েত", "SG": "সিঙ্গাপুর", "BH": "বাহরাইন", "JO": "জর্ডান", "IT": "ইতালি",
        "LB": "লেবানন", "LY": "লিবিয়া", "SD": "সুদান", "EG": "মিশর", "TN": "তিউনিসিয়া",
    ]
}
