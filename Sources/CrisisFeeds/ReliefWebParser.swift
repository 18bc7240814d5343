import CrisisModel
import Foundation

/// ReliefWeb's API for disasters (`/v1/disasters?profile=full`, and v2 alike): `data` holds items whose `fields`
/// give the name, GLIDE, status (alert, current, past), type, date and countries with ISO3 codes.
struct ReliefWebParser {
    static let label = "ReliefWeb"
    let feed: String
    let matcher: CountryMatcher

    static let statuses: [String: FeedSeverity] = [
        "alert": .moderate, "current": .severe, "ongoing": .severe, "past": .minor,
    ]

    func read(_ data: Data) throws -> FeedDocument {
        let root = try FeedJSON.parse(data, feed: feed)
        guard let list = root["data"] as? [Any] else {
            throw FeedError(feed: feed, field: "data", reason: "not a ReliefWeb API answer: no \"data\" list")
        }
        var document = FeedDocument(title: FeedJSON.string(root, "href"))
        var unmapped: [String] = []
        document.collect(list) { (e, n) throws(FeedError) in try item(e, number: n, unmapped: &unmapped) }
        document.unmapped = unmapped
        return document
    }

    private func item(_ entry: Any, number: Int, unmapped: inout [String]) throws(FeedError) -> FeedItem {
        let outer = entry as? [String: Any] ?? [:]
        let id = FeedJSON.string(outer, "id")
        let name = "\(number)" + (id.map { " (\($0))" } ?? "")
        func fail(_ field: String, _ reason: String) -> FeedError {
            FeedError(feed: feed, item: name, field: field, reason: reason)
        }
        guard let f = outer["fields"] as? [String: Any] else {
            throw fail("fields", "missing (ask the API for profile=full or the fields you need)")
        }
        guard let title = FeedJSON.string(f, "name"), !title.isEmpty else { throw fail("fields.name", "missing") }
        guard let status = FeedJSON.string(f, "status") else { throw fail("fields.status", "missing") }
        guard let severity = Self.statuses[status.lowercased()] else {
            throw fail("fields.status", "\"\(status)\" is not alert, current or past")
        }
        var countries: [String] = []
        for (i, c) in (f["country"] as? [Any] ?? []).enumerated() {
            let country = c as? [String: Any] ?? [:]
            guard let iso3 = FeedJSON.string(country, "iso3") else {
                if let named = FeedJSON.string(country, "name").flatMap(matcher.country(named:)) {
                    countries.append(named)
                    continue
                }
                throw fail("fields.country[\(i)].iso3", "missing")
            }
            guard iso3.count == 3, iso3.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw fail("fields.country[\(i)].iso3", "\"\(iso3)\" is not an alpha-3 code")
            }
            // A well-formed code iso-codes does not know ("xkx", Kosovo) keeps the item and is said.
            guard let code = matcher.code(iso3) else {
                unmapped.append(iso3)
                continue
            }
            if !countries.contains(code) { countries.append(code) }
        }
        let types = (f["type"] as? [Any] ?? []).compactMap {
            ($0 as? [String: Any]).flatMap { FeedJSON.string($0, "name") }
        }
        let dates = f["date"] as? [String: Any] ?? [:]
        var time: Date?
        if let text = FeedJSON.string(dates, "event") ?? FeedJSON.string(dates, "created") {
            guard let d = FeedDates.iso8601(text) else { throw fail("fields.date", "\"\(text)\" is not a date") }
            time = d
        }
        return FeedItem(
            source: Self.label, id: id ?? FeedJSON.string(f, "glide") ?? title,
            kind: (types.first ?? "disaster").lowercased(),
            title: HTMLText.plain(title), countries: countries, sourceLevel: status.capitalized, severity: severity,
            time: time, link: FeedJSON.string(f, "url") ?? FeedJSON.string(outer, "href"),
            summary: FeedJSON.string(f, "description").map(HTMLText.plain), glide: FeedJSON.string(f, "glide"))
    }
}
