import Foundation

/// Country code to IANA zone, from the system's zone.tab; used for "local time in the crisis country".
public struct CountryZones: Sendable {
    public var zones: [String: String]
    public init(_ zones: [String: String] = [:]) { self.zones = zones }
    public func zone(for code: String) -> TimeZone? { zones[code].flatMap(TimeZone.init(identifier:)) }

    /// Loads the first zone listed for each country in tzdata's zone.tab.
    public static func load(path: String = "/usr/share/zoneinfo/zone.tab") -> CountryZones {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return CountryZones() }
        var map: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t")
            if f.count >= 3, map[String(f[0])] == nil { map[String(f[0])] = String(f[2]) }
        }
        return CountryZones(map)
    }
}
