import CrisisModel
import Foundation

/// The US State Department's travel advisories RSS: one item per country, titled "Lebanon - Level 4: Do Not
/// Travel". Its country tags are FIPS-like ("LE" is Lebanon), not ISO, so the country comes from the name in the
/// title through iso-codes; titles that name no known country are listed, not guessed.
struct USAdvisoryParser {
    static let label = "US advisory"
    let feed: String
    let matcher: CountryMatcher

    static let levels: [Int: FeedSeverity] = [1: .minor, 2: .moderate, 3: .severe, 4: .extreme]

    func read(_ data: Data) throws -> FeedDocument {
        let root = try XMLTree.parse(data, feed: feed)
        guard root.name == "rss", let channel = root.first("channel") else {
            throw FeedError(feed: feed, line: root.line, reason: "not an RSS feed: the document is <\(root.name)>")
        }
        let elements = channel.all("item")
        if !elements.isEmpty, !elements.contains(where: { Self.split($0.value("title") ?? "") != nil }) {
            throw FeedError(
                feed: feed, line: elements[0].line,
                reason: "not US travel advisories: no title reads \"COUNTRY - Level N: ADVICE\"")
        }
        var document = FeedDocument(title: channel.value("title"))
        for (n, e) in elements.enumerated() {
            let title = e.value("title").map { HTMLText.plain($0) } ?? ""
            let name = "\(n + 1)" + (title.isEmpty ? "" : " (\(title))")
            guard let (country, level, advice) = Self.split(title) else {
                document.problems.append(
                    FeedError(
                        feed: feed, item: name, field: "title", line: e.line,
                        reason: title.isEmpty ? "missing" : "does not read \"COUNTRY - Level N: ADVICE\""))
                continue
            }
            guard let severity = Self.levels[level] else {
                document.problems.append(
                    FeedError(feed: feed, item: name, field: "title", line: e.line, reason: "Level \(level) is not 1-4")
                )
                continue
            }
            var codes = matcher.countries(in: country)
            if codes.isEmpty, let c = matcher.country(named: country) { codes = [c] }
            if codes.isEmpty { document.unmapped.append(country) }
            let pub = e.value("pubDate")
            let time = pub.flatMap(FeedDates.any)
            if let pub, time == nil {
                document.problems.append(
                    FeedError(
                        feed: feed, item: name, field: "pubDate", line: e.line, reason: "\"\(pub)\" is not a date"))
                continue
            }
            document.items.append(
                FeedItem(
                    source: Self.label, id: e.value("guid") ?? e.value("link") ?? country, kind: "travel advice",
                    title: title, countries: codes, place: country, sourceLevel: "Level \(level): \(advice)",
                    severity: severity, time: time, link: e.value("link"),
                    summary: e.value("description").map(HTMLText.plain)))
        }
        return document
    }

    /// "Lebanon - Level 4: Do Not Travel" → ("Lebanon", 4, "Do Not Travel").
    static func split(_ title: String) -> (String, Int, String)? {
        guard let dash = title.range(of: " - Level ", options: .backwards) else { return nil }
        let country = title[..<dash.lowerBound].trimmingCharacters(in: .whitespaces)
        let rest = title[dash.upperBound...]
        guard let colon = rest.firstIndex(of: ":"),
            let level = Int(rest[..<colon].trimmingCharacters(in: .whitespaces)),
            !country.isEmpty
        else { return nil }
        return (country, level, rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
}
