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
            // One row per as-of date and source: every figure reads back with its own date and its own source.
            struct Key: Hashable, Comparable {
                var date: Date
                var source: String
                static func < (a: Key, b: Key) -> Bool { (a.date, a.source) < (b.date, b.source) }
            }
            for key in Set(counts.values.map { Key(date: $0.asOf, source: $0.source) }).sorted() {
                let here = kinds.map { k in
                    counts[k].flatMap { Key(date: $0.asOf, source: $0.source) == key ? $0 : nil }
                }
                rows.append(
                    [names.alpha3[code] ?? code, names.name(code), DateText.string(key.date)]
                        + here.map { $0.map { String($0.value) } ?? "" } + [CSVOutput.protect(key.source)])
            }
        }
        return CSVOutput.render(header: header, rows: rows, byteOrderMark: false)
    }

    /// True when one of the first rows is a hashtag row: the file is HXL, whatever its header says.
    public static func isHXL(_ text: String) -> Bool {
        // Only the head is looked at: splitting a 100,000-row file into lines to read 25 of them cost the whole file.
        var head = Substring(text).prefix(0)
        var lines = 0
        for i in text.utf8.indices where text.utf8[i] == 10 {
            lines += 1
            if lines == 25 {
                head = text[..<i]
                break
            }
        }
        if lines < 25 { head = Substring(text) }
        return head.split(whereSeparator: \.isNewline).contains { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            }
            return cells.contains { $0.hasPrefix("#country") }
                && cells.filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("#") }
        }
    }

    /// What a hashtag means here: a kind of ours, a column the import uses, "admin" for a sub-national place,
    /// else nil (ignored, and said). A figure split further (+f, +m, +children, +idps, +total) is not one of ours.
    static func meaning(_ tag: String) -> String? {
        let parts = tag.lowercased().split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let base = parts.first else { return nil }
        let attrs = Set(parts.dropFirst()).subtracting(["nationals", "num"])
        switch base {
        case "#country": return attrs.contains("name") ? "countryname" : "country"
        case "#adm1", "#adm2", "#adm3", "#adm4", "#adm5", "#loc": return "admin"
        case "#date": return "asof"
        case "#meta": return attrs == ["source"] ? "source" : nil
        case "#population":
            if attrs == ["stock"] { return CountKind.stock.rawValue }
            return attrs == ["registered"] ? CountKind.registered.rawValue : nil
        case "#affected":
            let byAttribute: [String: CountKind] = [
                "killed": .dead, "dead": .dead, "missing": .missing, "injured": .injured, "sheltered": .sheltered,
                "evacuated": .evacuated, "returned": .returned, "assembly": .atAssembly, "transit": .inTransit,
            ]
            if attrs.isEmpty { return CountKind.affected.rawValue }
            return attrs.count == 1 ? byAttribute[attrs.first!]?.rawValue : nil
        default: return nil
        }
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
