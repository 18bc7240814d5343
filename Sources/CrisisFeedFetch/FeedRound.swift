import CrisisFeeds
import CrisisModel
import CrisisStorage
import Foundation

/// What one feed's turn in a round came to, for `feeds fetch` and the console's status.
public struct FeedOutcome: Equatable, Sendable {
    public var feed: String
    /// "12 items, 3 new or changed", "not modified", or the error.
    public var summary: String
    public var failed: Bool
    /// Items this fetch recorded (new, updated or withdrawn).
    public var received: Int
    /// Items the document refused, each with its place.
    public var problems: [String]
}

/// One round of the cell's fetcher: every followed feed that is due (or every one), fetched with its validators,
/// read by its format, and what is new recorded as `receiveItems` changes (split so each fits what the
/// database takes). The site's state (validators, errors, back-off) is saved after each feed.
public final class FeedRound: @unchecked Sendable {
    public let fetcher: FeedFetcher
    private let matcher: CountryMatcher
    /// Items older than this (by their own time) are not taken in: a feed's archive is not news. Travel advice is
    /// taken whatever its age: advice given in spring stands until it is changed.
    public static let oldest: TimeInterval = 30 * 86_400
    static let receiptBytes = 48 * 1024

    public init(fetcher: FeedFetcher = FeedFetcher(), countries: CountryNames = CountryNames.load()) {
        self.fetcher = fetcher
        matcher = CountryMatcher(countries)
    }

    /// The feeds due at `now` by this site's state, in name order.
    public static func due(_ world: World, state: FeedState, now: Date) -> [FollowedFeed] {
        world.watch.feeds.values.filter { f in
            guard let s = state.feeds[f.name], s.holds(for: f), let due = s.due else { return true }
            return due <= now
        }
        .sorted { $0.name < $1.name }
    }

    /// Fetches `feeds` and records what they bring; `random` gives the back-off's jitter (0..<1).
    public func run(
        _ feeds: [FollowedFeed], store: any CellStore, by who: String, now: () -> Date,
        random: () -> Double = { Double.random(in: 0..<1) }
    ) -> [FeedOutcome] {
        var state = FeedState.read(store.directory)
        var outcomes: [FeedOutcome] = []
        for feed in feeds {
            var s = state.feeds[feed.name] ?? FeedState.Feed()
            if !s.holds(for: feed) {
                s = FeedState.Feed()
                (s.url, s.format, s.interval) = (feed.url, feed.format, feed.interval)
            }
            let outcome = one(feed, &s, store: store, by: who, now: now())
            s.lastTried = now()
            if outcome.failed { s.failures += 1 } else { s.failures = 0 }
            let delay = FeedBackoff.delay(interval: TimeInterval(feed.interval), failures: s.failures, jitter: random())
            s.due = now().addingTimeInterval(delay)
            state.feeds[feed.name] = s
            // Feeds no longer followed leave the state with the next save.
            state.feeds = state.feeds.filter { store.store.world.watch.feeds[$0.key] != nil || $0.key == feed.name }
            try? state.write(store.directory)
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func one(
        _ feed: FollowedFeed, _ s: inout FeedState.Feed, store: any CellStore, by who: String, now: Date
    ) -> FeedOutcome {
        func failure(_ reason: String) -> FeedOutcome {
            s.lastError = reason
            return FeedOutcome(feed: feed.name, summary: reason, failed: true, received: 0, problems: [])
        }
        guard let format = FeedFormat(rawValue: feed.format) else { return failure("unknown format \(feed.format)") }
        let fetched: FeedFetch
        do {
            fetched = try fetcher.fetch(
                feed.url, validators: FeedValidators(etag: s.etag, lastModified: s.lastModified))
        } catch let e as FeedFetchError {
            return failure(e.reason)
        } catch { return failure("\(error)") }
        guard case .fresh(let data, let validators) = fetched else {
            s.lastSuccess = now
            s.lastError = nil
            return FeedOutcome(feed: feed.name, summary: "not modified", failed: false, received: 0, problems: [])
        }
        let document: FeedDocument
        do { document = try format.read(data, feed: feed.name, matcher: matcher) } catch {
            return failure("\(error)")
        }
        let fresh = document.items.filter { item in
            guard let t = item.time, item.messageType == .alert, item.kind != "travel advice" else { return true }
            return now.timeIntervalSince(t) <= Self.oldest
        }
        let received: Int
        var refused: [String] = []
        do { received = try record(fresh, feed: feed.name, store: store, by: who, refused: &refused) } catch {
            return failure("not recorded: \(error)")
        }
        // Validators are kept only once what they vouch for is recorded: a failed save fetches it all again.
        s.etag = validators.etag
        s.lastModified = validators.lastModified
        s.lastSuccess = now
        let problems = document.problems.map(\.description) + refused
        s.lastError = problems.isEmpty ? nil : "\(problems.count) items refused"
        s.items = document.items.count
        s.received = received
        let summary = "\(document.items.count) items, \(received) new or changed"
        return FeedOutcome(feed: feed.name, summary: summary, failed: false, received: received, problems: problems)
    }

    /// Records the items that change what the cell holds, oldest first (an alert before its update, whatever order
    /// the feed lists them in), in changes small enough for the database; returns how many items went in. An item
    /// the store refuses is said in `refused`, with why.
    func record(_ items: [FeedItem], feed: String, store: any CellStore, by who: String, refused: inout [String])
        throws -> Int
    {
        let world = store.store
        let ordered = items.enumerated().sorted { a, b in
            let (ta, tb) = (a.element.time ?? .distantPast, b.element.time ?? .distantPast)
            return ta != tb ? ta < tb : a.offset < b.offset
        }.map(\.element)
        var changing: [FeedItem] = []
        for item in ordered {
            do {
                if case .change = try world.prepare(.receiveItems(feed: feed, items: [item])) { changing.append(item) }
            } catch { refused.append("feed \(feed), item \(item.id): \(error)") }
        }
        guard !changing.isEmpty else { return 0 }
        var ops: [StoreOperation] = []
        var batch: [FeedItem] = []
        var bytes = 0
        for item in changing {
            let size = (try? JSONCoding.encoder().encode(item).count) ?? Self.receiptBytes
            if !batch.isEmpty, bytes + size > Self.receiptBytes || batch.count >= 200 {
                ops.append(.receiveItems(feed: feed, items: batch))
                batch = []
                bytes = 0
            }
            batch.append(item)
            bytes += size
        }
        if !batch.isEmpty { ops.append(.receiveItems(feed: feed, items: batch)) }
        switch try store.save(ops, by: who, madeAt: nil) {
        case .saved, .queued: return changing.count
        case .unchanged: return 0
        }
    }
}
