import CrisisModel
import Foundation

/// The Incoming view's forms as operations: each triage expects the item untriaged as the operator saw it, so
/// two operators deciding on one item at once meet as a conflict, not an overwrite.
extension FormReader {
    mutating func openIncoming(_ key: String, _ seen: IncomingStatus, world: World, now: Date) -> [StoreOperation] {
        let ops = addCrisis(world: world, now: now)
        guard case .addCrisis(let crisis) = ops.first else { return ops }
        return ops + [.triageIncoming(key: key, status: .opened, crisis: crisis.id, expected: seen)]
    }

    mutating func linkIncoming(_ key: String, _ seen: IncomingStatus, world: World) -> [StoreOperation] {
        let crisis = trimmed("crisis")
        guard world.crises[crisis] != nil else {
            form.setError("crisis", crisis.isEmpty ? "no crisis is open: Esc, then o opens one" : "no crisis \(crisis)")
            return []
        }
        return [.triageIncoming(key: key, status: .linked, crisis: crisis, expected: seen)]
    }

    mutating func dismissIncoming(_ key: String, _ seen: IncomingStatus, world: World) -> [StoreOperation] {
        let reason = required("reason")
        guard !reason.isEmpty else { return [] }
        return [.triageIncoming(key: key, status: .dismissed, reason: reason, expected: seen)]
    }
}
