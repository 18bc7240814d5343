import Foundation

/// A feed the cell follows: where it is, how to read it and how often. Kept with the cell (an operation), so
/// every console and site follows the same feeds; what each fetch found is the fetcher's own business.
public struct FollowedFeed: Codable, Equatable, Sendable {
    public var name: String
    public var url: String
    /// One of `FollowedFeed.formats` (the feed parsers' names).
    public var format: String
    /// Seconds between fetches.
    public var interval: Int

    public static let formats = ["gdacs", "cap", "us-travel-advisories", "reliefweb", "usgs", "rss"]
    public static let defaultInterval = 300
    public static let intervals = 60...86_400

    public init(name: String, url: String, format: String, interval: Int = FollowedFeed.defaultInterval) {
        self.name = name
        self.url = url
        self.format = format
        self.interval = interval
    }
}

/// Where an incoming item stands with the team.
public enum IncomingStatus: String, Codable, CaseIterable, Sendable {
    /// Not triaged yet: in the list, and in a banner when it is grave enough.
    case new
    case dismissed
    /// Linked to a crisis already open.
    case linked
    /// A crisis was opened from it.
    case opened
}

/// Who triaged an item, when, how and why.
public struct IncomingTriage: Codable, Equatable, Sendable {
    public var status: IncomingStatus
    public var by: String
    public var at: Date
    public var reason: String?
    public var crisis: String?
}

/// One item a followed feed brought in, as the cell keeps it: the source's latest word on it, and the team's.
public struct IncomingItem: Codable, Equatable, Sendable {
    /// The followed feed that brought it first.
    public var feed: String
    /// The source's latest message about it (an update replaces it here; a cancellation marks it withdrawn).
    public var item: FeedItem
    public var received: Date
    public var updated: Date
    /// Every id the source has given it: the first, then each update's own.
    public var ids: [String]
    /// How many times the source updated it.
    public var revisions: Int
    public var withdrawn: Bool
    /// The source's level before the latest update changed it ("Level 2: Exercise Increased Caution").
    public var previousLevel: String?
    /// When the source's level last changed (an update that changed it); nil while it is the first one.
    public var levelChanged: Date?
    public var status: IncomingStatus
    public var triage: IncomingTriage?

    public init(feed: String, item: FeedItem, received: Date) {
        self.feed = feed
        self.item = item
        self.received = received
        updated = received
        // An update seen before what it replaces carries their ids, so the older message, met later, is known.
        var ids: [String] = []
        for id in item.replaces + [item.id] where !ids.contains(id) { ids.append(id) }
        self.ids = ids
        revisions = 0
        withdrawn = item.messageType == .cancel
        status = .new
    }

    /// The record's key: its source and the first id the source gave it.
    public var key: String { IncomingItem.key(source: item.source, id: ids.first ?? item.id) }
    public static func key(source: String, id: String) -> String { "\(source):\(id)" }
}

/// What the cell watches: the feeds it follows and what they brought in.
public struct Watch: Codable, Equatable, Sendable {
    public var feeds: [String: FollowedFeed]
    public var incoming: [String: IncomingItem]

    public init(feeds: [String: FollowedFeed] = [:], incoming: [String: IncomingItem] = [:]) {
        self.feeds = feeds
        self.incoming = incoming
    }

    public var isEmpty: Bool { feeds.isEmpty && incoming.isEmpty }

    /// The record an item from `source` with `id` belongs to: its own, or the one an update or cancellation
    /// names among the ids it replaces.
    public func record(
        source: String, id: String, replaces: [String] = [], messageType: FeedMessageType = .update
    ) -> String? {
        for one in [id] + replaces where incoming[IncomingItem.key(source: source, id: one)] != nil {
            return IncomingItem.key(source: source, id: one)
        }
        // An update of an update names the latest id, which is not a key: look among every record's ids. A new
        // alert naming nothing it replaces can only be its own key, so a feed of new items costs no scan.
        guard messageType != .alert || !replaces.isEmpty else { return nil }
        let wanted = Set([id] + replaces)
        // The smallest key when several match: every site must pick the same record.
        return incoming.values.filter { $0.item.source == source && !wanted.isDisjoint(with: $0.ids) }.map(\.key).min()
    }
}
