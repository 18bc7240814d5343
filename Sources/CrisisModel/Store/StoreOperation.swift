import Foundation

/// Every change to the store, as a value. Codable so it can be journalled and replayed;
/// the case names and labels are the journal format: rename none of them, and add only optional labels.
///
/// A change carries only the fields it sets, and may carry (`expected`) the values it expects to replace:
/// when one of them no longer holds, the store refuses the change as a conflict rather than overwrite what
/// someone else did since. Journals of the first wave, without expectations, read as they always did.
public enum StoreOperation: Codable, Equatable, Sendable {
    case addCountry(code: String)
    case setAlert(country: String, level: AlertLevel, reason: String, expected: AlertLevel? = nil)
    /// `expected[kind]` is the figure a count replaces; nil inside means none was known yet.
    case setCounts(
        country: String, counts: [CountKind: Int], source: String, asOf: Date?, expected: [CountKind: Int?]? = nil)
    case addCrisis(Crisis)
    case updateCrisis(id: String, patch: CrisisPatch, expected: CrisisPatch? = nil)
    /// `expected`: the crisis as the operator saw it when choosing to delete it.
    case deleteCrisis(id: String, expected: Crisis? = nil)
    case setItemStatus(owner: ChecklistOwner, item: String, status: ItemStatus, expected: ItemStatus? = nil)
    case addItem(owner: ChecklistOwner, item: ChecklistItem)
    case updateItem(owner: ChecklistOwner, item: String, patch: ItemPatch, expected: ItemPatch? = nil)
    case deleteItem(owner: ChecklistOwner, item: String, expected: ChecklistItem? = nil)
    case addContact(Contact)
    /// The first wave's whole-contact replacement: still read from old journals. New changes are `patchContact`,
    /// and the store turns a new `updateContact` into one before it is written.
    case updateContact(Contact)
    case patchContact(id: String, patch: ContactPatch, expected: ContactPatch? = nil)
    case deleteContact(id: String, expected: Contact? = nil)
    case log(crisis: String?, kind: EventKind, text: String)
    case setCell(CellSettings, expected: CellSettings? = nil)
    /// Follows a feed, or changes one followed (`expected`: the feed as the operator saw it).
    case followFeed(FollowedFeed, expected: FollowedFeed? = nil)
    case unfollowFeed(name: String, expected: FollowedFeed? = nil)
    /// What a fetch of `feed` found that the cell did not hold yet: new items, updates and cancellations.
    case receiveItems(feed: String, items: [FeedItem])
    /// The team's decision on an incoming item; `expected`: its status as the operator saw it.
    case triageIncoming(
        key: String, status: IncomingStatus, reason: String? = nil, crisis: String? = nil,
        expected: IncomingStatus? = nil)
}

/// An operation as the journal holds it: numbered, timed and signed.
public struct JournalEntry: Codable, Equatable, Sendable {
    public var seq: Int
    public var time: Date
    public var `operator`: String
    public var op: StoreOperation
    /// When the officer made the change by the clock of the site it was made at, kept only when the record
    /// took it later (made offline, or kept through a full disk): what it did is dated by it, and `time`
    /// says when it arrived.
    public var madeAt: Date?
    public init(seq: Int, time: Date, operator who: String, op: StoreOperation, madeAt: Date? = nil) {
        self.seq = seq
        self.time = time
        self.operator = who
        self.op = op
        self.madeAt = madeAt
    }

    /// The made time a change arriving at `time` keeps: one before it and within 30 days of it (the database
    /// applies the same rule). A site clock running ahead, or a date no outage explains, leaves `time` alone.
    public static func madeTime(_ made: Date?, arriving time: Date) -> Date? {
        guard let made, made < time, time.timeIntervalSince(made) <= 30 * 86_400 else { return nil }
        return Timestamp.rounded(made)
    }
}

extension StoreOperation {
    /// The operation as one line of JSON, as the journal writes it inside an entry.
    public func jsonText() throws -> String { String(decoding: try JSONCoding.encoder().encode(self), as: UTF8.self) }
}
