import CrisisModel
import Foundation

/// What one document gave: its items in order, and each item it refused with why (the others still stand).
public struct FeedDocument: Sendable, Equatable {
    public var title: String?
    public var items: [FeedItem]
    public var problems: [FeedError]
    /// Names a source used for countries that iso-codes did not know (US advisory titles, news never).
    public var unmapped: [String]
    /// Messages left out on purpose, with why (a CAP test or exercise, an acknowledgement).
    public var notes: [String]

    public init(
        title: String? = nil, items: [FeedItem] = [], problems: [FeedError] = [], unmapped: [String] = [],
        notes: [String] = []
    ) {
        self.title = title
        self.items = items
        self.problems = problems
        self.unmapped = unmapped
        self.notes = notes
    }
}

extension FeedDocument {
    /// Each element read into an item, or its refusal kept beside the others: one bad item never hides the rest.
    mutating func collect<E>(_ elements: [E], _ read: (E, Int) throws(FeedError) -> FeedItem) {
        for (n, e) in elements.enumerated() {
            do throws(FeedError) {
                items.append(try read(e, n + 1))
            } catch {
                problems.append(error)
            }
        }
    }
}
