import CrisisModel
import Foundation

/// Any RSS 2.0 or Atom feed (news, an embassy's notices): each item matched to the countries its title and
/// summary name, in English or Bengali; an item naming none is kept (the cell may still want to read it).
struct NewsParser {
    static let label = "news"
    let feed: String
    let matcher: CountryMatcher

    func read(_ data: Data) throws -> FeedDocument {
        let root = try XMLTree.parse(data, feed: feed)
        let entries: [FeedElement]
        var document = FeedDocument()
        switch root.name {
        case "rss":
            guard let channel = root.first("channel") else {
                throw FeedError(feed: feed, line: root.line, reason: "not RSS 2.0: <rss> has no <channel>")
            }
            document.title = channel.value("title")
            entries = channel.all("item")
        case "feed" where root.namespace == CAPParser.atom:
            document.title = root.value("title")
            entries = root.all("entry")
        case "RDF":
            document.title = root.first("channel")?.value("title")
            entries = root.all("item")
        default:
            throw FeedError(
                feed: feed, line: root.line, reason: "not RSS or Atom: the document is <\(root.name)>")
        }
        for (n, e) in entries.enumerated() {
            let title = e.value("title").map(HTMLText.plain)
            let id = e.value("guid") ?? e.value("id") ?? CAPParser.link(e)
            let name = "\(n + 1)" + ((id ?? title).map { " (\($0))" } ?? "")
            guard let title, !title.isEmpty else {
                document.problems.append(
                    FeedError(feed: feed, item: name, field: "title", line: e.line, reason: "missing"))
                continue
            }
            let summary = (e.value("description") ?? e.value("summary") ?? e.value("content")).map(HTMLText.plain)
            let dateText = e.value("pubDate") ?? e.value("updated") ?? e.value("published") ?? e.value("date")
            let time = dateText.flatMap(FeedDates.any)
            if let dateText, time == nil {
                document.problems.append(
                    FeedError(
                        feed: feed, item: name, field: "date", line: e.line, reason: "\"\(dateText)\" is not a date"))
                continue
            }
            document.items.append(
                FeedItem(
                    source: Self.label, id: id ?? title, kind: "news", title: title,
                    countries: matcher.countries(in: title + " \n " + (summary ?? "")), time: time,
                    link: CAPParser.link(e),
                    summary: summary))
        }
        return document
    }
}
