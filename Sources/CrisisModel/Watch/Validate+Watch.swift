import Foundation

/// The rules for what the watch keeps, checked by the store for every change, new or replayed.
extension Validate {
    /// A feed's name is typed in commands: lower-case ASCII letters, digits, '-' and '_', at most 32.
    public static func feedName(_ name: String) throws(StoreError) {
        guard !name.isEmpty, name.utf8.count <= 32,
            name.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            })
        else {
            throw .invalid(
                field: "feed name", reason: "'\(name)' must be 1 to 32 of a-z, 0-9, '-' and '_' (e.g. gdacs-world)")
        }
    }

    public static func feed(_ f: FollowedFeed) throws(StoreError) {
        try feedName(f.name)
        guard FollowedFeed.formats.contains(f.format) else {
            throw .invalid(
                field: "format",
                reason: "'\(f.format)' is not a feed format (\(FollowedFeed.formats.joined(separator: ", ")))")
        }
        let lower = f.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), f.url.utf8.count <= 2048,
            URL(string: f.url)?.host?.isEmpty == false, TextCleaning.oneLine(f.url) == f.url, !f.url.contains(" ")
        else {
            throw .invalid(
                field: "url", reason: "'\(TextCleaning.oneLine(f.url))' is not an http:// or https:// address")
        }
        guard FollowedFeed.intervals.contains(f.interval) else {
            throw .outOfRange(field: "interval (seconds)", value: f.interval, range: FollowedFeed.intervals)
        }
    }

    /// An item as a parser makes it: named, on one line per text, with country codes.
    public static func feedItem(_ item: FeedItem) throws(StoreError) {
        try nonEmpty(item.source, "item source")
        try nonEmpty(item.id, "item id")
        // What a parser makes fits: a title of 1,000 characters is at most 4,000 bytes.
        let limits = [
            ("source", item.source, 2_048), ("id", item.id, 2_048), ("title", item.title, 4_096),
            ("kind", item.kind, 2_048), ("place", item.place ?? "", 4_096), ("link", item.link ?? "", 8_192),
            ("summary", item.summary ?? "", 8_192),
        ]
        for (field, text, limit) in limits where text.utf8.count > limit {
            throw .invalid(field: "item \(field)", reason: "longer than \(limit) bytes")
        }
        let optional = [item.place, item.summary, item.link, item.sourceLevel, item.urgency, item.glide]
        for text in [item.source, item.id, item.title, item.kind] + optional.compactMap({ $0 }) + item.replaces
        where TextCleaning.oneLine(text) != text {
            throw .invalid(field: "item \(item.id)", reason: "a text holds a line break or control character")
        }
        guard item.countries.count <= 60 else {
            throw .outOfRange(field: "item countries", value: item.countries.count, range: 0...60)
        }
        for code in item.countries { try countryCode(code) }
    }
}
