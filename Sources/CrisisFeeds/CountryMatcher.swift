import CrisisModel
import Foundation

/// Finds countries in what feeds write: a code (alpha-2 or alpha-3), a name as a title gives it ("Korea, North",
/// "Burma (Myanmar)"), or names anywhere in running text, English or Bengali, whole words only ("Niger" is not
/// found in "Nigeria").
public struct CountryMatcher: Sendable {
    public let names: CountryNames
    /// First word of a spelling → the spellings that start with it, as word lists, longest first.
    private let byFirstWord: [String: [(words: [String], code: String)]]
    /// "MYS" → "MY", without folding (feeds give thousands of codes).
    private let fromAlpha3: [String: String]

    public init(_ names: CountryNames) {
        self.names = names
        var table: [String: [(words: [String], code: String)]] = [:]
        var spellings = names.spellings
        for (alias, code) in Self.commonNames where names.isKnown(code) || !names.isLoaded {
            spellings[alias] = code
        }
        for (spelling, code) in spellings {
            let words = Self.words(spelling)
            guard let first = words.first else { continue }
            table[first, default: []].append((words, code))
        }
        for key in table.keys { table[key]!.sort { $0.words.count > $1.words.count } }
        byFirstWord = table
        fromAlpha3 = Dictionary(names.alpha3.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    /// A code, alpha-2 or alpha-3 in any case ("mys", "MY"), to alpha-2.
    public func code(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count == 2 || t.count == 3, t.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let upper = t.uppercased()
        if upper.count == 3, let c = fromAlpha3[upper] { return c }
        if upper.count == 2, names.isKnown(upper) { return upper }
        return names.code(for: t)
    }

    /// A country named by a whole title-like phrase: the name itself, or its usual rearrangements.
    public func country(named text: String) -> String? {
        let t = TextCleaning.plain(text).trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count > 3 else { return nil }
        var candidates = [t]
        if let open = t.firstIndex(of: "("), let close = t.lastIndex(of: ")"), open < close {
            candidates.append(String(t[t.index(after: open)..<close]))
            candidates.append(String(t[..<open]))
        }
        let parts = t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2 { candidates += ["\(parts[1]) \(parts[0])", parts[0]] }
        for prefix in ["The ", "Mainland "] where t.hasPrefix(prefix) {
            candidates.append(String(t.dropFirst(prefix.count)))
        }
        for c in candidates {
            let folded = TextFolding.fold(c)
            if let code = Self.foldedCommonNames[folded], names.isKnown(code) || !names.isLoaded { return code }
            if c.count > 3, let code = names.code(for: c) { return code }
        }
        return nil
    }

    /// Every country named in running text, in order of first mention, each once.
    public func countries(in text: String) -> [String] {
        let words = Self.words(text)
        var found: [String] = []
        var i = 0
        while i < words.count {
            var step = 1
            if let stop = Self.notCountries.first(where: {
                i + $0.count <= words.count && Array(words[i..<(i + $0.count)]) == $0
            }) {
                i += stop.count
                continue
            }
            let keys = [words[i]] + (candidatesOnlyWithSuffix(words[i]) ? Self.stems(words[i]) : [])
            search: for key in keys {
                for candidate in byFirstWord[key] ?? [] where i + candidate.words.count <= words.count {
                    if Self.matches(candidate.words, Array(words[i..<(i + candidate.words.count)])) {
                        if !found.contains(candidate.code) { found.append(candidate.code) }
                        step = candidate.words.count
                        break search
                    }
                }
            }
            i += step
        }
        return found
    }

    private func candidatesOnlyWithSuffix(_ word: String) -> Bool {
        word.unicodeScalars.first.map { (0x0980...0x09FF).contains($0.value) } ?? false
    }

    /// Bengali joins case endings to the name ("লেবাননে", in Lebanon; "সৌদি আরবের", of Saudi Arabia): the last
    /// word may carry one.
    static func matches(_ name: [String], _ text: [String]) -> Bool {
        guard name.count == text.count, let last = name.last, let said = text.last else { return false }
        guard name.dropLast() == text.dropLast() else { return false }
        return last == said || stems(said).contains(last)
    }

    static func stems(_ word: String) -> [String] {
        guard word.unicodeScalars.first.map({ (0x0980...0x09FF).contains($0.value) }) == true else { return [] }
        // By scalars: an ending such as "ে" is a vowel sign inside the last grapheme ("নে"), not a character of its own.
        let scalars = Array(word.unicodeScalars)
        return bengaliEndings.compactMap { ending in
            let e = Array(ending.unicodeScalars)
            guard scalars.count > e.count, Array(scalars.suffix(e.count)) == e else { return nil }
            var stem = String.UnicodeScalarView()
            stem.append(contentsOf: scalars.dropLast(e.count))
            return String(stem)
        }
    }

    static let bengaliEndings = ["য়ের", "য়ে", "ের", "এর", "তে", "কে", "র", "ে", "য়"].map {
        $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Words folded as names are (lower case, no accents), split at anything that is not a letter, mark or digit.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var ascii = true
        var afterApostrophe = false
        func flush() {
            defer { afterApostrophe = false }
            if afterApostrophe && (String(current) == "s" || String(current) == "S") {
                current = String.UnicodeScalarView()
                return
            }
            if !current.isEmpty {
                // ASCII needs only lower case; Foundation's folding (accents, other scripts) costs far more.
                let word = String(current)
                out.append(
                    ascii
                        ? word.lowercased()
                        : word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
                current = String.UnicodeScalarView()
                ascii = true
            }
        }
        for s in text.unicodeScalars {
            if s.isASCII
                ? (s.properties.isAlphabetic || ("0"..."9").contains(s)) : CharacterSet.alphanumerics.contains(s)
            {
                if !s.isASCII { ascii = false }
                current.append(s)
            } else if s == "'" || s == "\u{2019}" {
                // A word ends at an apostrophe: "Iran's" is Iran, "Côte d'Ivoire" reads as "Cote d Ivoire".
                flush()
                afterApostrophe = true
                continue
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// Names the news and other governments use that iso-codes spells otherwise.
    static let commonNames: [String: String] = [
        "North Korea": "KP", "South Korea": "KR", "Burma": "MM", "Russia": "RU", "Iran": "IR", "Syria": "SY",
        "Laos": "LA", "Vietnam": "VN", "Tanzania": "TZ", "Bolivia": "BO", "Venezuela": "VE", "Moldova": "MD",
        "Micronesia": "FM", "Brunei": "BN", "Macau": "MO", "Macao": "MO", "Czech Republic": "CZ", "Ivory Coast": "CI",
        "Cote d Ivoire": "CI", "Cape Verde": "CV", "Swaziland": "SZ", "East Timor": "TL", "Vatican": "VA",
        "Holy See": "VA", "Palestine": "PS", "Gaza": "PS", "West Bank": "PS", "Britain": "GB", "United Kingdom": "GB",
        "United States": "US", "Turkey": "TR", "Turkiye": "TR", "Democratic Republic of the Congo": "CD",
        "Republic of the Congo": "CG", "Congo Kinshasa": "CD", "Congo Brazzaville": "CG", "UAE": "AE",
        "Bahamas": "BS", "Gambia": "GM", "Hong Kong": "HK", "Taiwan": "TW", "Kyrgyzstan": "KG",
        "Democratic Republic of Congo": "CD", "DR Congo": "CD", "DRC": "CD", "Republic of Congo": "CG",
        "Saint Vincent and the Grenadines": "VC", "Netherlands": "NL",
    ]

    /// Places that begin with a country's name and are not that country.
    static let notCountries: [[String]] = [
        "New Mexico", "New Jersey", "New Guinea", "New South Wales", "Lebanon County", "Jordan River", "Georgia Tech",
        "Turkey Point", "Chad Basin",
    ].map { words($0) }

    static let foldedCommonNames: [String: String] = Dictionary(
        commonNames.map { (TextFolding.fold($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
}
