import CrisisModel
import Foundation

/// GDACS's RSS (https://www.gdacs.org/xml/rss.xml): one item per event episode, the event's type, alert level,
/// countries (names and ISO3, comma separated when several; empty at sea), dates, population and GLIDE in the
/// `gdacs:` namespace.
struct GDACSParser {
    static let label = "GDACS"
    static let namespace = "http://www.gdacs.org"
    let feed: String
    let matcher: CountryMatcher

    static let kinds = [
        "EQ": "earthquake", "TC": "tropical cyclone", "FL": "flood", "VO": "volcano", "DR": "drought",
        "WF": "wildfire", "TS": "tsunami",
    ]

    func read(_ data: Data) throws -> FeedDocument {
        let root = try XMLTree.parse(data, feed: feed)
        guard root.name == "rss", let channel = root.first("channel") else {
            throw FeedError(
                feed: feed, line: root.line, reason: "not GDACS RSS: the document is <\(root.name)>, not <rss>")
        }
        let items = channel.all("item")
        if !items.isEmpty, !items.contains(where: { $0.first("eventtype", in: Self.namespace) != nil }) {
            throw FeedError(
                feed: feed, line: items[0].line,
                reason: "not GDACS RSS: no item has a gdacs:eventtype (is this feed of another format?)")
        }
        var document = FeedDocument(title: channel.value("title"))
        var unmapped: [String] = []
        document.collect(items) { (e, n) throws(FeedError) in try item(e, number: n, unmapped: &unmapped) }
        document.unmapped = unmapped
        return document
    }

    private func item(_ e: FeedElement, number: Int, unmapped: inout [String]) throws(FeedError) -> FeedItem {
        let ns = Self.namespace
        let guid = e.value("guid") ?? e.value("eventid", in: ns).map { "\(e.value("eventtype", in: ns) ?? "")\($0)" }
        let name = "\(number)" + (guid.map { " (\($0))" } ?? "")
        func fail(_ field: String, _ reason: String, _ at: FeedElement? = nil) -> FeedError {
            let own = e.first(String(field.split(separator: ":").last ?? ""))
            return FeedError(feed: feed, item: name, field: field, line: (at ?? own ?? e).line, reason: reason)
        }
        guard let type = e.value("eventtype", in: ns) else { throw fail("gdacs:eventtype", "missing") }
        guard let kind = Self.kinds[type.uppercased()] else {
            throw fail(
                "gdacs:eventtype", "\"\(type)\" is not one of \(Self.kinds.keys.sorted().joined(separator: ", "))")
        }
        guard let level = e.value("alertlevel", in: ns) else { throw fail("gdacs:alertlevel", "missing") }
        let severity: FeedSeverity
        switch level.lowercased() {
        case "green": severity = .minor
        case "orange": severity = .severe
        case "red": severity = .extreme
        default: throw fail("gdacs:alertlevel", "\"\(level)\" is not Green, Orange or Red")
        }
        guard let eventID = e.value("eventid", in: ns) else { throw fail("gdacs:eventid", "missing") }
        guard let title = e.value("title") else { throw fail("title", "missing") }
        var countries: [String] = []
        for code in (e.value("iso3", in: ns) ?? "").split(whereSeparator: { ",; ".contains($0) }) {
            guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw fail("gdacs:iso3", "\(code) is not an alpha-3 code")
            }
            // A well-formed code iso-codes does not know (XKX, Kosovo) keeps the item and is said.
            if let c = matcher.code(String(code)) {
                if !countries.contains(c) { countries.append(c) }
            } else {
                unmapped.append(String(code))
            }
        }
        // GDACS sometimes gives one ISO3 code but names every country the event touches: both count.
        for c in matcher.countries(in: e.value("country", in: ns) ?? "") where !countries.contains(c) {
            countries.append(c)
        }
        var from = try date(e, "fromdate", fail)
        if from == nil { from = try date(e, "pubDate", fail, namespace: nil) }
        let to = try date(e, "todate", fail)
        let population = populationCount(e.first("population", in: ns))
        return FeedItem(
            source: Self.label, id: "\(type.uppercased())\(eventID)", kind: kind, title: title, countries: countries,
            place: countries.isEmpty ? "at sea / unknown" : e.value("country", in: ns), sourceLevel: level.capitalized,
            severity: severity, time: from, expires: to, link: e.value("link"),
            summary: e.value("description").map(HTMLText.plain), glide: e.value("glide", in: ns),
            population: population)
    }

    private func date(
        _ e: FeedElement, _ name: String, _ fail: (String, String, FeedElement?) -> FeedError,
        namespace: String? = GDACSParser.namespace
    ) throws(FeedError) -> Date? {
        guard let text = e.value(name, in: namespace) else { return nil }
        guard let d = FeedDates.any(text) else {
            throw fail(namespace == nil ? name : "gdacs:\(name)", "\"\(text)\" is not a date", e.first(name))
        }
        return d
    }

    /// `<gdacs:population unit="Pop100km" value="15000">`, or a text that is only a whole number; anything
    /// else ("4.2 million", "1e20", "NaN") is no figure rather than a wrong one.
    private func populationCount(_ e: FeedElement?) -> Int? {
        guard let e else { return nil }
        if let v = e.attributes["value"], let n = Double(v), n.isFinite, n >= 0, n < 1e13 { return Int(n.rounded()) }
        let text = FeedElement.trimmed(e.text).replacingOccurrences(of: ",", with: "")
        guard !text.isEmpty, text.count < 14, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
            return nil
        }
        return Int(text)
    }
}
