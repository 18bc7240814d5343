import CrisisModel
import Foundation

/// Counts in HXL, the Humanitarian Exchange Language IOM's DTM and HDX publish in: a CSV whose second row holds
/// hashtags (#country+code, #affected+killed, #date+reported, #meta+source). Out: one row per country and as-of
/// date, so every figure keeps its own date and reads back unchanged. In: any HXL table whose tags name our kinds;
/// each figure is then checked like a row of a counts CSV.
public enum HXLCounts {
    /// Our kinds as HXL core hashtags and attributes.
    public static let tags: [CountKind: String] = [
        .stock: "#population+stock", .registered: "#population+registered", .affected: "#affected",
        .sheltered: "#affected+sheltered", .atAssembly: "#affected+assembly", .inTransit: "#affected+transit",
        .evacuated: "#affected+evacuated", .returned: "#affected+returned", .injured: "#affected+injured",
        .missing: "#affected+missing", .dead: "#affected+killed",
    ]

    public static func export(_ world: World, names: CountryNames) -> Data {
        let kinds = CountKind.allCases
        let header = ["Country code", "Country", "As of"] + kinds.map { $0.label.capitalizedFirst } + ["Source"]
        let hashtags =
            ["#country+code", "#country+name", "#date+reported"] + kinds.map { tags[$0]! } + ["#meta+source"]
        var rows = [hashtags]
        for code in world.countries.keys.sorted() {
            let counts = world.countries[code]!.counts
            let dates = Set(counts.values.map(\.asOf)).sorted()
            for date in dates {
                let here = kinds.map { k in counts[k].flatMap { $0.asOf == date ? $0 : nil } }
                let sources = Array(Set(here.compactMap { $0?.source }.filter { !$0.isEmpty })).sorted()
                rows.append(
                    [names.alpha3[code] ?? code, names.name(code), DateText.string(date)]
                        + here.map { $0.map { String($0.value) } ?? "" }
                        + [CSVOutput.protect(sources.joined(separator: "; "))])
            }
        }
        return CSVOutput.render(header: header, rows: rows, byteOrderMark: false)
    }

    /// True when one of the first rows is a hashtag row: the file is HXL, whatever its header says.
    public static func isHXL(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).prefix(25).contains { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            }
            return cells.contains { $0.hasPrefix("#country") }
                && cells.filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("#") }
        }
    }

    /// What a hashtag means here: a kind of ours, or a column the import uses, else nil (ignored, and said).
    static func meaning(_ tag: String) -> String? {
        let parts = tag.lowercased().split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let base = parts.first else { return nil }
        let attrs = Set(parts.dropFirst())
        switch base {
        case "#country": return attrs.contains("name") ? "countryname" : "country"
        case "#date": return "asof"
        case "#meta": return attrs.contains("source") ? "source" : nil
        case "#population":
            return attrs.contains("registered") ? CountKind.registered.rawValue : CountKind.stock.rawValue
        case "#affected":
            let byAttribute: [(String, CountKind)] = [
                ("killed", .dead), ("dead", .dead), ("missing", .missing), ("injured", .injured),
                ("sheltered", .sheltered), ("evacuated", .evacuated), ("returned", .returned),
                ("assembly", .atAssembly), ("transit", .inTransit),
            ]
            if let k = byAttribute.first(where: { attrs.contains($0.0) }) { return k.1.rawValue }
            return attrs.isEmpty || attrs == ["nationals"] ? CountKind.affected.rawValue : nil
        default: return nil
        }
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
