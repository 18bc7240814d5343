import Foundation

extension StoreOperation {
    /// The same change, now expecting what the world holds at present: what an operator confirms when they
    /// choose to go ahead although someone changed the values since.
    public func expectingCurrent(in world: World) -> StoreOperation {
        switch self {
        case .setItemStatus(let owner, let id, let status, _):
            let now = world.checklist(of: owner)?.first { $0.id == id }?.status
            return .setItemStatus(owner: owner, item: id, status: status, expected: now)
        case .setCounts(let code, let counts, let source, let asOf, _):
            var now: [CountKind: Int?] = [:]
            for k in counts.keys { now.updateValue(world.countries[code]?.count(k), forKey: k) }
            return .setCounts(country: code, counts: counts, source: source, asOf: asOf, expected: now)
        case .setAlert(let code, let level, let reason, _):
            return .setAlert(
                country: code, level: level, reason: reason,
                expected: world.countries[code]?.alertLevel ?? AlertLevel.none)
        case .updateCrisis(let id, let patch, _):
            return .updateCrisis(id: id, patch: patch, expected: world.crises[id].map { patch.values(in: $0) })
        case .updateItem(let owner, let id, let patch, _):
            return .updateItem(
                owner: owner, item: id, patch: patch,
                expected: world.checklist(of: owner)?.first { $0.id == id }.map { patch.values(in: $0) })
        case .patchContact(let id, let patch, _):
            return .patchContact(id: id, patch: patch, expected: world.contacts[id].map { patch.values(in: $0) })
        case .setCell(let settings, _): return .setCell(settings, expected: world.cell)
        case .deleteCrisis(let id, _): return .deleteCrisis(id: id, expected: world.crises[id])
        case .deleteItem(let owner, let id, _):
            return .deleteItem(owner: owner, item: id, expected: world.checklist(of: owner)?.first { $0.id == id })
        case .deleteContact(let id, _): return .deleteContact(id: id, expected: world.contacts[id])
        case .followFeed(let feed, _): return .followFeed(feed, expected: world.watch.feeds[feed.name])
        case .unfollowFeed(let name, _): return .unfollowFeed(name: name, expected: world.watch.feeds[name])
        case .triageIncoming(let key, let status, let reason, let crisis, _):
            return .triageIncoming(
                key: key, status: status, reason: reason, crisis: crisis, expected: world.watch.incoming[key]?.status)
        case .addCountry, .addCrisis, .addItem, .addContact, .updateContact, .log, .receiveItems: return self
        }
    }
}
