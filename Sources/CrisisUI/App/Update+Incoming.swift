import CrisisModel
import Foundation

/// The Incoming view's keys and its banners.
extension AppState {
    /// o opens a crisis from the selected item, l links it to one; both only in Incoming (6).
    mutating func triageForm(_ command: Command, rows: PaneRows, world: World, names: CountryNames) -> [Effect] {
        guard focus == .incoming else {
            show("\(command == .openIncoming ? "o" : "l") acts on an incoming item: press 6 for Incoming")
            return []
        }
        guard let key = selectedId(.incoming, rows), let r = world.watch.incoming[key] else {
            show("Nothing incoming: the feeds the cell follows bring items here")
            return []
        }
        if command == .openIncoming, r.item.countries.isEmpty {
            show("\(r.item.headline) names no country: a crisis needs one (a opens the crisis form)", role: .flashWarn)
            return []
        }
        if command == .openIncoming, r.status != .new, let t = r.triage {
            show("Already \(t.status.rawValue) by \(t.by): Enter reads it; l or d decides again", role: .flashWarn)
            return []
        }
        let target: FormTarget =
            command == .openIncoming ? .openIncoming(key, expected: r.status) : .linkIncoming(key, expected: r.status)
        return openForm(target, world: world, names: names)
    }

    /// Banners follow the record: a new grave item raises one, a decision anywhere clears it; x here hides it here.
    mutating func refreshIncomingBanners(world: World) {
        // The world's list is kept once per version: taken as it is (no copy) until this console acknowledges one.
        incomingBanners =
            incomingAcked.isEmpty
            ? world.incomingBannerTokens : world.incomingBannerTokens.filter { !incomingAcked.contains($0) }
    }

    mutating func acknowledgeIncoming(all: Bool) {
        guard let first = incomingBanners.first else { return show("No alert to acknowledge") }
        if all {
            incomingAcked.formUnion(incomingBanners)
            show("Acknowledged \(incomingBanners.count) incoming banner\(incomingBanners.count == 1 ? "" : "s")")
            incomingBanners = []
        } else {
            incomingAcked.insert(first)
            incomingBanners.removeFirst()
            show("Acknowledged here; the item stays in Incoming (6) until someone decides on it")
        }
    }

    /// o, l or d on an item read whole acts on it as in the list.
    mutating func triageFromDetail(_ item: String, _ key: Key, world: World, names: CountryNames) -> [Effect] {
        mode = .normal
        if readOnly {
            show("Read-only: changes are switched off here", role: .flashWarn)
            return []
        }
        selected[.incoming] = item
        let command: Command = key == .char("o") ? .openIncoming : key == .char("l") ? .linkIncoming : .delete
        return perform(command, world: world, names: names)
    }

    mutating func acknowledge(all: Bool) {
        guard !alertBanners.isEmpty else { return acknowledgeIncoming(all: all) }
        if all {
            let n = alertBanners.count
            alertBanners.removeAll()
            show("Acknowledged \(n) alert banner\(n == 1 ? "" : "s")")
        } else {
            alertBanners.removeFirst()
            if !alertBanners.isEmpty {
                show(
                    "\(alertBanners.count) more alert\(alertBanners.count == 1 ? "" : "s") to acknowledge: x, or X for all"
                )
            }
        }
    }
}
