import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation

/// The "year of data" store the performance goals are measured against, made deterministically:
/// 200 countries, 500 crises, 20,000 checklist items, 20,000 contacts, 200,000 log events.
enum LargeWorld {
    static let countries = 200, crises = 500, items = 20_000, contacts = 20_000, events = 200_000

    /// How many of each kind of record a generated store holds.
    struct Shape {
        var countries = LargeWorld.countries, crises = LargeWorld.crises, items = LargeWorld.items
        var contacts = LargeWorld.contacts, events = LargeWorld.events

        static let large = Shape()
        /// About 1,000 records that still fill every pane at 200x60 (24 crises of 20 items, 30 countries, 300
        /// contacts, 200 events), so comparing it with the large store measures data size, not how much is drawn.
        static let screenful = Shape(countries: 30, crises: 24, items: 480, contacts: 300, events: 200)
        /// Every kind scaled by the same factor; at 1k records the panes are nearly empty.
        static func scaled(_ factor: Double) -> Shape {
            func n(_ x: Int) -> Int { max(1, Int(Double(x) * factor)) }
            return Shape(
                countries: n(LargeWorld.countries), crises: n(LargeWorld.crises), items: n(LargeWorld.items),
                contacts: n(LargeWorld.contacts), events: n(LargeWorld.events))
        }
        var records: Int { countries + crises + items + contacts + events }
    }

    static func make(now: Date, shape: Shape = .large) -> Store {
        let known = CountryNames.load()
        let allCodes =
            known.isLoaded
            ? known.names.keys.sorted()
            : (0..<676).map { i in
                String(UnicodeScalar(65 + i / 26)!) + String(UnicodeScalar(65 + i % 26)!)
            }
        let codes = Array(allCodes.prefix(shape.countries))
        var world = World()
        for (i, code) in codes.enumerated() {
            var c = Country(code: code, alertLevel: AlertLevel(rawValue: i % 5)!)
            let stock = 10_000 + (i * 7_919) % 900_000
            c.counts[.stock] = CountValue(value: stock, asOf: now, source: "BMET estimate (synthetic)")
            c.counts[.registered] = CountValue(value: stock / 10, asOf: now, source: "mission")
            c.counts[.affected] = CountValue(value: stock / 20, asOf: now, source: "mission")
            c.counts[.evacuated] = CountValue(value: stock / 100, asOf: now, source: "IOM")
            for d in 0..<7 {
                c.countHistory.append(
                    CountChange(
                        kind: .evacuated, value: stock / 100 * (d + 1) / 7, previous: nil,
                        at: now.addingTimeInterval(Double(d - 7) * 86_400), source: "IOM", by: "bench"))
            }
            world.countries[code] = c
        }
        let perCrisis = shape.items / shape.crises
        let templates = ChecklistTemplate.response.items()
        for k in 0..<shape.crises {
            let id = "crisis-\(k)"
            let checklist = (0..<perCrisis).map { j -> ChecklistItem in
                var item = templates[j % templates.count]
                item.id = "i\(j)"
                item.status = j % 3 == 0 ? .done : j % 11 == 0 ? .blocked : .open
                item.assignee = "officer\(j % 9)"
                if item.status == .done {
                    item.doneBy = "officer\(j % 9)"
                    item.doneAt = now.addingTimeInterval(Double(-j) * 600)
                }
                return item
            }
            world.crises[id] = Crisis(
                id: id, title: "Synthetic crisis \(k) in \(codes[k % codes.count])", kind: CrisisKind.allCases[k % 9],
                countries: [codes[k % codes.count], codes[(k * 7 + 3) % codes.count]], severity: k % 4 + 1,
                phase: Phase.allCases[k % 6], started: now.addingTimeInterval(Double(-k) * 3_600),
                leadOfficer: "officer\(k % 9)", summary: "Synthetic crisis for measurement.", checklist: checklist)
        }
        let names = [
            "Ayesha Rahman", "রহিম উদ্দিন", "Karim Hossain", "নাসরিন আক্তার", "Farzana Akter", "سامي خوري", "王小明", "Nadine Aoun",
        ]
        for k in 0..<shape.contacts {
            let id = String(format: "c%06d", k)
            world.contacts[id] = Contact(
                id: id, name: "\(names[k % names.count]) \(k)", organisation: "Organisation \(k % 300)",
                organisationKind: OrganisationKind.allCases[k % 9], role: "Desk officer",
                country: codes[k % codes.count],
                city: "City \(k % 50)", phones: ["+880 1700 \(String(format: "%06d", k))"], email: "c\(k)@example.org",
                timeZone: "Asia/Dhaka", languages: ["bn", "en"], duty: DutyStatus.allCases[k % 4], callOrder: k % 20)
        }
        let total = shape.events
        world.events.reserveCapacity(total)
        for k in 0..<total {
            world.events.append(
                Event(
                    seq: k + 1, time: now.addingTimeInterval(Double(k - total) * 150), operator: "officer\(k % 9)",
                    crisis: k % 3 == 0 ? nil : "crisis-\(k % shape.crises)", kind: EventKind.allCases[k % 5],
                    text: "Synthetic log entry \(k): flight, bus or call update with an ordinary length of text"))
        }
        return Store(world: world, seq: total)
    }
}
