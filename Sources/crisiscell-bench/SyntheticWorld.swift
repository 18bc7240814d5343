import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation

/// Deterministic worlds of a given size for benchmarks: no randomness, so runs compare.
enum SyntheticWorld {
    /// About `records` records: 70 % log events, 15 % contacts, 15 % checklist items, spread over countries and crises.
    static func make(records: Int, now: Date) -> Store {
        let codes = ["LB", "MY", "KW", "SA", "AE", "OM", "QA", "SG", "BH", "JO", "IT", "LY", "SD", "MV", "ZA"]
        var world = World()
        for (i, code) in codes.enumerated() {
            var c = Country(code: code, alertLevel: AlertLevel(rawValue: i % 5)!)
            c.counts[.stock] = CountValue(value: 100_000 + i * 1000, asOf: now, source: "bench")
            c.counts[.affected] = CountValue(value: 1000 + i, asOf: now, source: "bench")
            world.countries[code] = c
        }
        let items = records * 15 / 100
        let contacts = records * 15 / 100
        let events = records - items - contacts
        let crisisCount = max(1, items / 40)
        for k in 0..<crisisCount {
            let id = "crisis-\(k)"
            var checklist: [ChecklistItem] = []
            for j in 0..<(items / crisisCount) {
                checklist.append(
                    ChecklistItem(
                        id: "i\(j)", text: "Checklist item \(j) of crisis \(k)", section: "Section \(j / 8)",
                        guideline: "G\(j % 15 + 1)", status: j % 3 == 0 ? .done : .open, assignee: "officer\(j % 7)"))
            }
            world.crises[id] = Crisis(
                id: id, title: "Synthetic crisis \(k)", kind: .flood, countries: [codes[k % codes.count]],
                severity: k % 4 + 1, phase: .response, started: now, checklist: checklist)
        }
        for k in 0..<contacts {
            let id = String(format: "c%06d", k)
            world.contacts[id] = Contact(
                id: id, name: "Contact \(k)", organisation: "Organisation \(k % 40)", organisationKind: .agency,
                role: "Desk", country: codes[k % codes.count], phones: ["+880 1700 \(100_000 + k)"],
                email: "c\(k)@example.org", timeZone: "Asia/Dhaka", duty: .onCall, callOrder: k % 20)
        }
        world.events.reserveCapacity(events)
        for k in 0..<events {
            world.events.append(
                Event(
                    seq: k + 1, time: now.addingTimeInterval(Double(k - events)), operator: "officer\(k % 7)",
                    crisis: k % 2 == 0 ? "crisis-\(k % crisisCount)" : nil, kind: .change,
                    text: "Synthetic log entry number \(k) with some ordinary length text"))
        }
        return Store(world: world, seq: events)
    }
}
