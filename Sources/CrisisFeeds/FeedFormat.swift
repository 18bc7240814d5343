import CrisisModel
import Foundation

/// The formats the cell can follow, each read strictly by its own parser.
public enum FeedFormat: String, CaseIterable, Codable, Sendable {
    case gdacs
    case cap
    case usTravelAdvisories = "us-travel-advisories"
    case reliefweb
    case usgs
    case rss

    public var summary: String {
        switch self {
        case .gdacs: "GDACS RSS: hazard alerts (earthquake, cyclone, flood, volcano, drought, wildfire)"
        case .cap: "CAP 1.2 alerts: one message, or an Atom or RSS feed that embeds or links them"
        case .usTravelAdvisories: "US State Department travel advisories RSS (levels 1-4)"
        case .reliefweb: "ReliefWeb API JSON: disasters with GLIDE numbers"
        case .usgs: "USGS earthquake GeoJSON summary feed"
        case .rss: "any RSS 2.0 or Atom feed (news), matched to countries by their names"
        }
    }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads one document of this format. A document that is not of it throws; an item it cannot read is listed
    /// in the document's problems and the others stand.
    public func read(_ data: Data, feed: String, countries: CountryNames) throws -> FeedDocument {
        try read(data, feed: feed, matcher: CountryMatcher(countries))
    }

    /// The same with a matcher made once, for a fetcher that reads many documents.
    public func read(_ data: Data, feed: String, matcher: CountryMatcher) throws -> FeedDocument {
        switch self {
        case .gdacs: return try GDACSParser(feed: feed, matcher: matcher).read(data)
        case .cap: return try CAPParser(feed: feed, matcher: matcher).read(data)
        case .usTravelAdvisories: return try USAdvisoryParser(feed: feed, matcher: matcher).read(data)
        case .reliefweb: return try ReliefWebParser(feed: feed, matcher: matcher).read(data)
        case .usgs: return try USGSParser(feed: feed, matcher: matcher).read(data)
        case .rss: return try NewsParser(feed: feed, matcher: matcher).read(data)
        }
    }
}
