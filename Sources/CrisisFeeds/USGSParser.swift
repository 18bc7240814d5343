import CrisisModel
import Foundation

/// USGS earthquake summary feeds (GeoJSON, e.g. significant_week.geojson): magnitude, place ("45 km SSW of
/// Sinabang, Indonesia"), time in milliseconds, tsunami flag and the PAGER alert colour. The country is the end
/// of the place, through iso-codes names; US places name a state ("Ridgecrest, CA"), the sea names none.
struct USGSParser {
    static let label = "USGS"
    let feed: String
    let matcher: CountryMatcher

    func read(_ data: Data) throws -> FeedDocument {
        let root = try FeedJSON.parse(data, feed: feed)
        guard FeedJSON.string(root, "type") == "FeatureCollection", let features = root["features"] as? [Any] else {
            throw FeedError(
                feed: feed, field: "type", reason: "not a USGS GeoJSON feed: no FeatureCollection with \"features\"")
        }
        let metadata = root["metadata"] as? [String: Any] ?? [:]
        var document = FeedDocument(title: FeedJSON.string(metadata, "title"))
        document.collect(features, item(_:number:))
        return document
    }

    private func item(_ feature: Any, number: Int) throws(FeedError) -> FeedItem {
        let f = feature as? [String: Any] ?? [:]
        let id = FeedJSON.string(f, "id")
        let name = "\(number)" + (id.map { " (\($0))" } ?? "")
        func fail(_ field: String, _ reason: String) -> FeedError {
            FeedError(feed: feed, item: name, field: field, reason: reason)
        }
        guard let id else { throw fail("id", "missing") }
        guard let p = f["properties"] as? [String: Any] else { throw fail("properties", "missing") }
        guard let magnitude = FeedJSON.number(p, "mag") else { throw fail("properties.mag", "missing or not a number") }
        guard let millis = FeedJSON.number(p, "time") else { throw fail("properties.time", "missing or not a number") }
        let place = FeedJSON.string(p, "place").map(HTMLText.plain)
        let tsunami = FeedJSON.number(p, "tsunami").map { $0 != 0 } ?? false
        let alert = FeedJSON.string(p, "alert")?.lowercased()
        var severity: FeedSeverity =
            switch alert {
            case "red": .extreme
            case "orange": .severe
            case "yellow": .moderate
            case "green": .minor
            case nil: magnitude >= 7.5 ? .extreme : magnitude >= 6.5 ? .severe : magnitude >= 5.5 ? .moderate : .minor
            case let other?: throw fail("properties.alert", "\"\(other)\" is not green, yellow, orange or red")
            }
        if tsunami { severity = max(severity, .severe) }
        let countries = place.map(country(of:)) ?? []
        var level = String(format: "M%.1f", magnitude)
        if let alert { level += ", PAGER \(alert)" }
        if tsunami { level += ", tsunami" }
        return FeedItem(
            source: Self.label, id: id, kind: "earthquake",
            title: FeedJSON.string(p, "title").map(HTMLText.plain) ?? "M \(magnitude) - \(place ?? "")",
            countries: countries,
            place: countries.isEmpty ? "\(place ?? "") (at sea / unknown)" : place, sourceLevel: level,
            severity: severity, time: Date(timeIntervalSince1970: millis / 1000), link: FeedJSON.string(p, "url"))
    }

    /// The country a USGS place names: the text after its last comma, else the whole place's words.
    func country(of place: String) -> [String] {
        let tail = place.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? place
        if Self.usStates.contains(tail.uppercased()) || Self.usStateNames.contains(tail) { return ["US"] }
        // Other countries' places end in a code at times ("Ensenada, B.C., MX"); CA is California, not Canada.
        if tail.count == 2, tail.allSatisfy(\.isUppercase), let c = matcher.code(tail) { return [c] }
        if let c = matcher.country(named: tail) { return [c] }
        let found = matcher.countries(in: tail)
        return found.isEmpty && tail != place ? matcher.countries(in: place) : found
    }

    static let usStates: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME",
        "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
        "PA",
        "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    ]
    static let usStateNames: Set<String> = [
        "Alaska", "California", "Hawaii", "Nevada", "Oregon", "Washington", "Utah", "Idaho", "Montana", "Wyoming",
        "Texas", "Oklahoma", "New Mexico", "Arizona", "Colorado", "Kansas", "Tennessee", "Missouri", "Arkansas",
    ]
}
