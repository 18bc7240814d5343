import CrisisCore
import Foundation

/// The operation that puts things back as they were before `op`, computed before `op` is applied.
/// Nil where there is no clean way back (a log entry stays: the log is a record).
public func inverse(of op: StoreOperation, in world: World) -> StoreOperation? {
    switch op {
    case .setItemStatus(let owner, let id, _):
        guard let item = world.checklist(of: owner)?.first(where: { $0.id == id }) else { return nil }
        return .setItemStatus(owner: owner, item: id, status: item.status)
    case .setCounts(let code, let counts, _, _):
        guard let country = world.countries[code] else { return nil }
        var old: [CountKind: Int] = [:]
        for k in counts.keys {
            guard let v = country.count(k) else { return nil }
            old[k] = v
        }
        return .setCounts(country: code, counts: old, source: "undo", asOf: nil)
    case .setAlert(let code, _, _):
        return .setAlert(country: code, level: world.countries[code]?.alertLevel ?? .none, reason: "undo of previous change")
    case .updateCrisis(let id, _):
        guard let c = world.crises[id] else { return nil }
        return .updateCrisis(id: id, patch: CrisisPatch(title: c.title, kind: c.kind, countries: c.countries, severity: c.severity,
                                                        phase: c.phase, leadOfficer: c.leadOfficer, summary: c.summary))
    case .addCrisis(let c): return .deleteCrisis(id: c.id)
    case .deleteCrisis(let id): return world.crises[id].map { .addCrisis($0) }
    case .addItem(let owner, let item): return .deleteItem(owner: owner, item: item.id)
    case .deleteItem(let owner, let id): return world.checklist(of: owner)?.first { $0.id == id }.map { .addItem(owner: owner, item: $0) }
    case .updateItem(let owner, let id, _):
        guard let i = world.checklist(of: owner)?.first(where: { $0.id == id }) else { return nil }
        return .updateItem(owner: owner, item: id, patch: ItemPatch(text: i.text, section: i.section, assignee: i.assignee, due: i.due,
                                                                  clearDue: i.due == nil, note: i.note))
    case .addContact(let c): return .deleteContact(id: c.id)
    case .deleteContact(let id): return world.contacts[id].map { .addContact($0) }
    case .updateContact(let c): return world.contacts[c.id].map { .updateContact($0) }
    case .addCountry, .log, .setCell: return nil
    }
}
