import CrisisModel
import Foundation

/// CAP 1.2 in the three shapes alerting services publish: a single `<alert>`, an Atom feed whose entries embed an
/// alert or carry its `cap:` elements (as the US National Weather Service does), or an RSS feed of such items. An
/// entry that only links its message becomes an item with the link, to be followed by the fetcher.
struct CAPParser {
    static let label = "CAP"
    static let atom = "http://www.w3.org/2005/Atom"
    let feed: String
    let matcher: CountryMatcher

    func read(_ data: Data) throws -> FeedDocument {
        let root = try XMLTree.parse(data, feed: feed)
        let message = CAPMessage(feed: feed, matcher: matcher)
        var document = FeedDocument()
        func take(_ outcome: () throws -> CAPMessage.Outcome?) {
            do {
                switch try outcome() {
                case .item(let i): document.items.append(i)
                case .leftOut(let why): document.notes.append(why)
                case nil: break
                }
            } catch let e as FeedError {
                document.problems.append(e)
            } catch {
                document.problems.append(FeedError(feed: feed, reason: "\(error)"))
            }
        }
        switch (root.name, CAPMessage.namespaces.contains(root.namespace)) {
        case ("alert", true):
            take { try message.read(alert: root, name: "1") }
        case ("alert", false):
            throw FeedError(
                feed: feed, line: root.line,
                reason: "not CAP 1.2: <alert> is in namespace \"\(root.namespace)\", not \(CAPMessage.namespaces[0])")
        case ("feed", _):
            document.title = root.value("title")
            for (n, entry) in root.all("entry").enumerated() {
                take { try self.entry(entry, number: n + 1, message: message) }
            }
        case ("rss", _):
            let channel = root.first("channel")
            document.title = channel?.value("title")
            for (n, entry) in (channel?.all("item") ?? []).enumerated() {
                take { try self.entry(entry, number: n + 1, message: message) }
            }
        default:
            throw FeedError(
                feed: feed, line: root.line,
                reason: "not CAP: the document is <\(root.name)>, not <alert>, an Atom <feed> or an RSS <rss>")
        }
        if document.items.isEmpty && document.problems.isEmpty && document.notes.isEmpty
            && !(root.name == "alert")
        {
            let entries = root.descendants("entry").count + root.descendants("item").count
            if entries > 0 {
                throw FeedError(feed: feed, reason: "not CAP: \(entries) entries, none with a CAP message or link")
            }
        }
        return document
    }

    /// An Atom entry or RSS item: its embedded alert, else its `cap:` elements, else its link to a message.
    private func entry(_ e: FeedElement, number: Int, message: CAPMessage) throws -> CAPMessage.Outcome? {
        let id = e.value("id") ?? e.value("guid")
        let name = "\(number)" + (id.map { " (\($0))" } ?? "")
        let link = Self.link(e)
        if let alert = e.descendants("alert").first(where: { CAPMessage.namespaces.contains($0.namespace) }) {
            return try message.read(alert: alert, name: name, link: link)
        }
        let cap = e.children.filter { CAPMessage.namespaces.contains($0.namespace) }
        if !cap.isEmpty { return try flat(e, name: name, id: id, link: link, message: message) }
        guard let capLink = Self.capLink(e) else { return nil }
        return .item(
            FeedItem(
                source: Self.label, id: id ?? capLink, kind: "alert", title: e.value("title") ?? capLink,
                countries: matcher.countries(in: e.value("title") ?? ""), time: Self.date(e), link: capLink,
                summary: "The CAP message is linked, not embedded: \(capLink)"))
    }

    /// An NWS-style entry: `cap:event`, `cap:urgency`... as the entry's own children.
    private func flat(
        _ e: FeedElement, name: String, id: String?, link: String?, message: CAPMessage
    ) throws -> CAPMessage.Outcome {
        func capValue(_ key: String) -> String? {
            e.children.first { $0.name == key && CAPMessage.namespaces.contains($0.namespace) }?.text
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func check(_ key: String, _ allowed: [String]) throws -> String? {
            guard let v = capValue(key), !v.isEmpty else { return nil }
            guard allowed.contains(v) else {
                throw FeedError(
                    feed: feed, item: name, field: "cap:\(key)", line: e.line,
                    reason: "\"\(v)\" is not one of \(allowed.joined(separator: ", "))")
            }
            return v
        }
        guard let id else { throw FeedError(feed: feed, item: name, field: "id", line: e.line, reason: "missing") }
        if let status = try check("status", CAPMessage.statuses), status != "Actual" {
            return .leftOut("\(id): a \(status.lowercased()) message, not an alert")
        }
        var f = CAPMessage.Fields()
        f.event = capValue("event")
        guard f.event?.isEmpty == false else {
            throw FeedError(feed: feed, item: name, field: "cap:event", line: e.line, reason: "missing")
        }
        f.urgency = try check("urgency", CAPMessage.urgencies)
        f.severity = try check("severity", CAPMessage.severities)
        f.certainty = try check("certainty", CAPMessage.certainties)
        f.headline = e.value("title")
        f.description = e.value("summary")
        f.areas = [capValue("areaDesc")].compactMap { $0 }
        f.geocodes = e.children.filter { $0.name == "geocode" }.map {
            ($0.value("valueName") ?? "", $0.value("value") ?? "")
        }
        for key in ["onset", "effective", "expires"] { f.dates[key] = capValue(key).flatMap(FeedDates.iso8601) }
        let type = try check("msgType", CAPMessage.messageTypes) ?? "Alert"
        let replaces = CAPMessage.referencedIdentifiers(capValue("references"))
        return .item(
            message.item(
                id: id, type: type, replaces: replaces, sent: Self.date(e) ?? .distantPast, fields: f, link: link))
    }

    static func link(_ e: FeedElement) -> String? {
        if let l = e.all("link").first(where: { ($0.attributes["rel"] ?? "alternate") == "alternate" }) {
            return l.attributes["href"] ?? l.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    /// A link typed as a CAP message, or one whose address ends in .cap or .xml.
    static func capLink(_ e: FeedElement) -> String? {
        for l in e.all("link") {
            let href = l.attributes["href"] ?? l.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if l.attributes["type"] == "application/cap+xml" || href.hasSuffix(".cap") || href.hasSuffix(".xml") {
                return href
            }
        }
        return nil
    }

    static func date(_ e: FeedElement) -> Date? {
        (e.value("updated") ?? e.value("published") ?? e.value("pubDate")).flatMap(FeedDates.any)
    }
}
