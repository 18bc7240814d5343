import CrisisModel

/// Why a feed, or one of its items, was refused: the feed, the item (its number and id) and the field, and the
/// line where the document has lines, so whoever maintains the feed can find it.
public struct FeedError: Error, Equatable, Sendable, CustomStringConvertible {
    public var feed: String
    public var item: String?
    public var field: String?
    public var line: Int?
    public var reason: String

    public init(feed: String, item: String? = nil, field: String? = nil, line: Int? = nil, reason: String) {
        self.feed = feed
        self.item = item
        self.field = field
        self.line = line
        self.reason = reason
    }

    public var description: String {
        var place = "feed \(feed)"
        if let item { place += ", item \(item)" }
        if let field { place += ", field \(field)" }
        if let line, item != nil || field != nil { place += " (line \(line))" }
        return "\(place): \(reason)"
    }
}
