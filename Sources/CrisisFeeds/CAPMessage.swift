import CrisisModel
import Foundation

/// One CAP 1.2 message (OASIS), checked as the standard requires: the alert's identifier, sender, sent, status,
/// msgType and scope; each info's category, event, urgency, severity and certainty from their lists; references
/// for an Update or Cancel. Read from an `<alert>` element, or from the `cap:` elements an Atom entry carries.
struct CAPMessage {
    static let namespaces = ["urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1"]
    static let statuses = ["Actual", "Exercise", "System", "Test", "Draft"]
    static let messageTypes = ["Alert", "Update", "Cancel", "Ack", "Error"]
    static let scopes = ["Public", "Restricted", "Private"]
    static let categories = [
        "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other",
    ]
    static let urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"]
    static let severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
    static let certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown", "Very Likely"]

    let feed: String
    let matcher: CountryMatcher

    enum Outcome {
        case item(FeedItem)
        /// A message that is not a real alert (a test, an exercise, an acknowledgement): left out, said why.
        case leftOut(String)
    }

    /// An `<alert>` element, numbered as the document's item `name`.
    func read(alert a: FeedElement, name: String, link: String? = nil) throws -> Outcome {
        func fail(_ field: String, _ reason: String, _ at: FeedElement? = nil) -> FeedError {
            FeedError(feed: feed, item: name, field: field, line: (at ?? a).line, reason: reason)
        }
        func required(_ field: String, _ from: FeedElement, _ allowed: [String]? = nil) throws -> String {
            guard let v = from.value(field) else { throw fail(field, "missing", from) }
            if let allowed, !allowed.contains(v) {
                throw fail(field, "\"\(v)\" is not one of \(allowed.joined(separator: ", "))", from.first(field))
            }
            return v
        }
        let identifier = try required("identifier", a)
        _ = try required("sender", a)
        let sentText = try required("sent", a)
        guard let sent = FeedDates.iso8601(sentText) else { throw fail("sent", "\"\(sentText)\" is not a CAP date") }
        let status = try required("status", a, Self.statuses)
        let msgType = try required("msgType", a, Self.messageTypes)
        _ = try required("scope", a, Self.scopes)
        let references = Self.referencedIdentifiers(a.value("references"))
        if (msgType == "Update" || msgType == "Cancel") && references.isEmpty {
            throw fail("references", "an \(msgType) must name the message it replaces")
        }
        guard status == "Actual" else {
            return .leftOut("\(identifier): a \(status.lowercased()) message, not an alert")
        }
        guard msgType != "Ack" && msgType != "Error" else {
            return .leftOut("\(identifier): an \(msgType) message, not an alert")
        }
        let infos = a.all("info")
        var read: [Fields] = []
        for info in infos { read.append(try self.info(info, fail: fail, required: required)) }
        // The English infos when there are any (else the first one's language); the gravest leads, and the
        // areas of them all count (a message may carry a moderate info for one area and an extreme for another).
        let english = read.filter { $0.language.lowercased().hasPrefix("en") }
        let chosen = !english.isEmpty ? english : read.filter { $0.language == read.first?.language }
        var fields = chosen.max { Self.rank($0) < Self.rank($1) } ?? Fields()
        fields.areas = chosen.flatMap(\.areas)
        fields.geocodes = chosen.flatMap(\.geocodes)
        if infos.isEmpty && msgType != "Cancel" {
            throw fail("info", "an \(msgType) carries at least one <info>")
        }
        return .item(
            item(id: identifier, type: msgType, replaces: references, sent: sent, fields: fields, link: link))
    }

    /// One `<info>`, every field CAP requires checked.
    private func info(
        _ info: FeedElement, fail: (String, String, FeedElement?) -> FeedError,
        required: (String, FeedElement, [String]?) throws -> String
    ) throws -> Fields {
        var fields = Fields()
        fields.language = info.value("language") ?? "en-US"
        _ = try required("category", info, Self.categories)
        fields.event = try required("event", info, nil)
        fields.urgency = try required("urgency", info, Self.urgencies)
        fields.severity = try required("severity", info, Self.severities)
        fields.certainty = try required("certainty", info, Self.certainties)
        fields.headline = info.value("headline")
        fields.description = info.value("description")
        fields.web = info.value("web")
        for key in ["onset", "effective", "expires"] {
            if let t = info.value(key) {
                guard let d = FeedDates.iso8601(t) else { throw fail(key, "\"\(t)\" is not a CAP date", info) }
                fields.dates[key] = d
            }
        }
        for area in info.all("area") {
            fields.areas += [area.value("areaDesc")].compactMap { $0 }
            fields.geocodes += area.all("geocode").map { ($0.value("valueName") ?? "", $0.value("value") ?? "") }
        }
        return fields
    }

    /// Severity first, then urgency, as CAP lists them (earlier is graver).
    static func rank(_ f: Fields) -> Int {
        let s = severities.firstIndex(of: f.severity ?? "Unknown") ?? 4
        let u = urgencies.firstIndex(of: f.urgency ?? "Unknown") ?? 4
        return (10 - s) * 10 + (10 - u)
    }

    struct Fields {
        var language = "en-US"
        var event: String?
        var urgency: String?
        var severity: String?
        var certainty: String?
        var headline: String?
        var description: String?
        var web: String?
        var dates: [String: Date] = [:]
        var areas: [String] = []
        var geocodes: [(name: String, value: String)] = []
    }

    func item(
        id: String, type: String, replaces: [String], sent: Date, fields f: Fields, link: String?
    ) -> FeedItem {
        var countries: [String] = []
        for g in f.geocodes {
            // US alerting (NWS, IPAWS) codes its areas by county (FIPS6, SAME) and zone (UGC): all in the US.
            let code = ["FIPS6", "SAME", "UGC"].contains(g.name.uppercased()) ? "US" : nil
            let named = g.name.contains("3166") || g.name.lowercased().contains("country") ? matcher.code(g.value) : nil
            if let c = code ?? named, !countries.contains(c) { countries.append(c) }
        }
        if countries.isEmpty { countries = matcher.countries(in: f.areas.joined(separator: "; ")) }
        let area = f.areas.joined(separator: "; ")
        let event = f.event ?? "alert"
        let title = f.headline ?? (area.isEmpty ? event : "\(event) · \(area)")
        let level = [f.severity, f.urgency, f.certainty].compactMap { $0 }.joined(separator: " / ")
        let severity: FeedSeverity =
            switch f.severity {
            case "Extreme": .extreme
            case "Severe": .severe
            case "Moderate": .moderate
            default: .minor
            }
        return FeedItem(
            source: CAPParser.label, id: id, kind: event.lowercased(),
            title: type == "Cancel" && f.headline == nil ? "Cancelled: \(title)" : title, countries: countries,
            place: area.isEmpty ? nil : area, sourceLevel: level.isEmpty ? nil : level, severity: severity,
            urgency: f.urgency, time: f.dates["onset"] ?? f.dates["effective"] ?? sent, expires: f.dates["expires"],
            link: f.web ?? link, summary: f.description.map(HTMLText.plain),
            messageType: FeedMessageType(rawValue: type.lowercased()) ?? .alert, replaces: replaces)
    }

    /// `references` is "sender,identifier,sent" triples separated by spaces; the identifiers are what items match.
    static func referencedIdentifiers(_ text: String?) -> [String] {
        (text ?? "").unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .compactMap { triple in
                let parts = triple.split(separator: ",", omittingEmptySubsequences: false)
                return parts.count >= 2 ? String(String.UnicodeScalarView(parts[1])) : nil
            }
    }
}
