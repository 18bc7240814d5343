import Foundation

/// Country code to IANA zones, from the system's zone.tab; used for "local time in the crisis country" and to
/// give a new contact the zone of their country (and city, where a country has several).
public struct CountryZones: Sendable {
    /// The first zone listed for each country.
    public var zones: [String: String]
    /// Every zone of a country, in zone.tab's order, with zone.tab's comment ("Sabah, Sarawak").
    public var all: [String: [(zone: String, comment: String)]]
    public init(_ zones: [String: String] = [:], all: [String: [(zone: String, comment: String)]] = [:]) {
        self.zones = zones
        self.all = all
    }
    public func zone(for code: String) -> TimeZone? { zones[code].flatMap(TimeZone.init(identifier:)) }

    /// The zone of a place: the country's zone whose city or region names `city`, else the country's first.
    public func zoneName(for code: String, city: String) -> String? {
        let wanted = TextFolding.fold(city)
        if !wanted.isEmpty, let choices = all[code], choices.count > 1 {
            for c in choices {
                let place = TextFolding.fold(
                    c.zone.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? "")
                if place == wanted { return c.zone }
            }
            for c in choices
            where c.comment.split(whereSeparator: { ",;()".contains($0) }).contains(where: {
                TextFolding.fold(String($0)) == wanted
            }) {
                return c.zone
            }
        }
        return zones[code]
    }

    /// Loads tzdata's zone.tab.
    public static func load(path: String = "/usr/share/zoneinfo/zone.tab") -> CountryZones {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return CountryZones() }
        var first: [String: String] = [:]
        var all: [String: [(zone: String, comment: String)]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 3 else { continue }
            let code = String(f[0])
            let zone = String(f[2])
            if first[code] == nil { first[code] = zone }
            all[code, default: []].append((zone, f.count > 3 ? String(f[3]) : ""))
        }
        return CountryZones(first, all: all)
    }
}
