import Foundation

/// The feeds the cell follows and the items they bring in: received by the one fetcher, triaged by the team.
extension Store {
    static let maxItemsPerReceipt = 500

    mutating func followFeed(_ feed: FollowedFeed, _ expected: FollowedFeed?, _ pass: Pass) throws(StoreError) -> Step {
        try Validate.feed(feed)
        let current = world.watch.feeds[feed.name]
        if case .prepare = pass {
            if current == feed {
                return .prepared(.unchanged("feed \(feed.name) is already followed so; nothing changed"))
            }
            if let current, expected != current {
                throw .conflict([
                    Conflict(
                        record: "feed \(feed.name)", field: "", label: "",
                        expected: expected.map { "\($0.url) (\($0.format))" } ?? "no such feed",
                        actual: "\(current.url) (\(current.format))", by: nil, at: nil)
                ])
            }
            return .prepared(.change(.followFeed(feed, expected: current == nil ? nil : expected)))
        }
        world.watch.feeds[feed.name] = feed
        let every = Format.age(TimeInterval(feed.interval))
        let verb = current == nil ? "following" : "changed"
        return .done(Done(kind: .change, text: "\(verb) feed \(feed.name): \(feed.format) \(feed.url) every \(every)"))
    }

    mutating func unfollowFeed(_ name: String, _ expected: FollowedFeed?, _ pass: Pass) throws(StoreError) -> Step {
        guard let current = world.watch.feeds[name] else {
            if case .prepare = pass { return .prepared(.unchanged("no feed \(name) is followed; nothing changed")) }
            throw .invalid(field: "feed", reason: "no feed \(name) is followed")
        }
        if case .prepare = pass {
            if let expected, expected != current {
                throw .conflict([
                    Conflict(
                        record: "feed \(name)", field: "", label: "", expected: "\(expected.url) (\(expected.format))",
                        actual: "\(current.url) (\(current.format))", by: nil, at: nil)
                ])
            }
            return .prepared(.change(.unfollowFeed(name: name, expected: expected)))
        }
        world.watch.feeds[name] = nil
        return .done(Done(kind: .change, text: "stopped following feed \(name) (\(current.url)); its items stay"))
    }

    mutating func receiveItems(_ feed: String, _ items: [FeedItem], _ pass: Pass) throws(StoreError) -> Step {
        try Validate.feedName(feed)
        guard items.count <= Self.maxItemsPerReceipt else {
            throw .outOfRange(field: "items", value: items.count, range: 1...Self.maxItemsPerReceipt)
        }
        for item in items { try Validate.feedItem(item) }
        if case .prepare = pass {
            let news = items.filter { changes($0) }
            if news.isEmpty { return .prepared(.unchanged("nothing new from feed \(feed); nothing changed")) }
            return .prepared(.change(.receiveItems(feed: feed, items: news)))
        }
        guard case .apply(let a) = pass else { preconditionFailure() }
        var added: [String] = []
        var updated: [String] = []
        var withdrawn: [String] = []
        for item in items {
            switch receive(item, feed: feed, at: a.time) {
            case .added: added.append(item.headline)
            case .updated: updated.append(item.headline)
            case .withdrawn: withdrawn.append(item.headline)
            case .none: break
            }
        }
        var parts: [String] = []
        func say(_ titles: [String], _ word: String) {
            guard !titles.isEmpty else { return }
            let shown = titles.prefix(3).joined(separator: "; ")
            parts.append("\(titles.count) \(word) (\(shown)\(titles.count > 3 ? "; …" : ""))")
        }
        say(added, "new")
        say(updated, "updated")
        say(withdrawn, "withdrawn")
        let text = "feed \(feed): " + (parts.isEmpty ? "nothing new" : parts.joined(separator: ", "))
        return .done(Done(kind: .change, text: text))
    }

    enum Received { case added, updated, withdrawn, none }

    /// Whether an item would change what the cell holds (a fetch that finds the same items writes nothing).
    func changes(_ item: FeedItem) -> Bool {
        guard
            let key = world.watch.record(
                source: item.source, id: item.id, replaces: item.replaces, messageType: item.messageType),
            let held = world.watch.incoming[key]
        else { return item.messageType != .cancel }
        if item.messageType == .cancel { return !held.withdrawn }
        if held.isSuperseded(by: item) { return false }
        return held.item != item || held.withdrawn
    }

    mutating func receive(_ item: FeedItem, feed: String, at time: Date) -> Received {
        guard
            let key = world.watch.record(
                source: item.source, id: item.id, replaces: item.replaces, messageType: item.messageType),
            var held = world.watch.incoming[key]
        else {
            guard item.messageType != .cancel else { return .none }
            let record = IncomingItem(feed: feed, item: item, received: time)
            world.watch.incoming[record.key] = record
            return .added
        }
        if item.messageType == .cancel {
            guard !held.withdrawn else { return .none }
            held.withdrawn = true
            held.updated = time
            if !held.ids.contains(item.id) { held.ids.append(item.id) }
            world.watch.incoming[key] = held
            return .withdrawn
        }
        guard held.item != item || held.withdrawn, !held.isSuperseded(by: item) else { return .none }
        if held.item.sourceLevel != item.sourceLevel {
            held.previousLevel = held.item.sourceLevel
            held.levelChanged = time
        }
        // Graver than when the team last decided on it: it asks for a decision again.
        if item.severity > held.item.severity, held.status != .new { held.status = .new }
        held.item = item
        held.withdrawn = false
        held.updated = time
        held.revisions += 1
        if !held.ids.contains(item.id) { held.ids.append(item.id) }
        world.watch.incoming[key] = held
        return .updated
    }

    mutating func triageIncoming(
        _ key: String, _ status: IncomingStatus, _ reason: String?, _ crisis: String?, _ expected: IncomingStatus?,
        _ pass: Pass
    ) throws(StoreError) -> Step {
        guard var held = world.watch.incoming[key] else {
            throw .invalid(field: "incoming", reason: "no incoming item \(key)")
        }
        let why = reason.map(TextCleaning.oneLine).flatMap { $0.isEmpty ? nil : $0 }
        if status == .dismissed, why == nil { throw .empty(field: "reason") }
        if status == .linked || status == .opened {
            guard let crisis else { throw .empty(field: "crisis") }
            guard world.crises[crisis] != nil else { throw .unknownCrisis(crisis) }
        }
        if case .prepare = pass {
            if held.status == status, held.triage?.crisis == crisis {
                let by = held.triage.map { " by \($0.by) at \(Shown.date($0.at))" } ?? ""
                return .prepared(
                    .unchanged("\(held.item.headline) is already \(status.rawValue)\(by); nothing changed"))
            }
            if let expected, expected != held.status {
                throw .conflict([
                    Conflict(
                        record: held.item.headline, field: "status", label: "status", expected: expected.rawValue,
                        actual: held.status.rawValue, by: held.triage?.by, at: held.triage?.at)
                ])
            }
            return .prepared(
                .change(.triageIncoming(key: key, status: status, reason: why, crisis: crisis, expected: expected)))
        }
        guard case .apply(let a) = pass else { preconditionFailure() }
        held.status = status
        held.triage =
            status == .new ? nil : IncomingTriage(status: status, by: a.by, at: a.time, reason: why, crisis: crisis)
        world.watch.incoming[key] = held
        let link = held.item.link.map { " · \($0)" } ?? ""
        let text: String
        switch status {
        case .new: text = "back in Incoming: \(held.item.headline)"
        case .dismissed: text = "dismissed \(held.item.headline): \(why ?? "")"
        case .linked: text = "linked \(held.item.source): \(held.item.headline)\(link)"
        case .opened: text = "opened from \(held.item.source): \(held.item.headline)\(link)"
        }
        let kind: EventKind = status == .linked || status == .opened ? .sitrep : .change
        return .done(Done(crisis: crisis, kind: kind, text: text))
    }
}

extension FeedItem {
    /// The item in a few words for a log line.
    public var headline: String { title.isEmpty ? "\(source) \(id)" : title }
}

extension IncomingItem {
    /// An earlier message about this item, met again (a feed lists the alert and its update): never put back over
    /// the latest one.
    func isSuperseded(by item: FeedItem) -> Bool {
        guard item.id != self.item.id, let last = ids.last else { return false }
        return ids.contains(item.id) && item.id != last
    }
}
