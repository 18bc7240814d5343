import CrisisModel
import CrisisUI
import Foundation

/// The Incoming list at a size a busy year could reach: what receiving costs when the cell already holds 10,000
/// items, and what a frame of the Incoming view costs (it must follow what is on screen, not the list's length).
enum IncomingBench {
    static func item(_ n: Int, batch: Int) -> FeedItem {
        let countries = ["MY", "LB", "SD", "KW", "SA", "AE", "PH", "VN", "ID", "IN"]
        return FeedItem(
            source: "GDACS", id: "FL\(batch)-\(n)", kind: "flood", title: "Flood alert \(n) of batch \(batch)",
            countries: [countries[n % countries.count]], sourceLevel: n % 7 == 0 ? "Red" : "Orange",
            severity: n % 7 == 0 ? .extreme : .severe, time: Date(timeIntervalSince1970: 1_790_000_000 + Double(n)),
            link: "https://www.gdacs.org/report.aspx?eventid=\(n)",
            summary: String(repeating: "water rising ", count: 20))
    }

    static func measure() {
        let now = CellClock.now()
        var store = DemoWorld.store(now: now)
        var seq = store.seq
        func receive(_ items: [FeedItem]) {
            seq += 1
            try? store.apply(
                JournalEntry(seq: seq, time: now, operator: "bench", op: .receiveItems(feed: "g", items: items)))
        }
        let fill = Clock.time { for b in 0..<100 { receive((0..<100).map { item($0, batch: b) }) } }
        Table.add("Incoming: receive 10,000 items in 100 changes", Clock.ms(fill))
        var batch = 1_000
        let more = Clock.samples(9) {
            batch += 1
            let items = (0..<100).map { item($0, batch: batch) }
            _ = try? store.prepare(.receiveItems(feed: "g", items: items))
            receive(items)
        }
        Table.add("Incoming: check and apply 100 new items beside 10,000, median", Clock.ms(Clock.median(more)))

        let names = CountryNames.load()
        let (first, move) = frames(store.world, names: names, now: now)
        var small = DemoWorld.store(now: now)
        try? small.apply(
            JournalEntry(
                seq: small.seq + 1, time: now, operator: "bench",
                op: .receiveItems(feed: "g", items: (0..<100).map { item($0, batch: 0) })))
        let (_, smallMove) = frames(small.world, names: names, now: now)
        Table.add("Incoming view, 10,900 items, 200x60: first frame", Clock.ms(first))
        Table.add(
            "Incoming view, 200x60: a move and its frame, median, 10,900 items / 100 items",
            "\(Clock.ms(move)) / \(Clock.ms(smallMove))", goal: "follows the screen, not the list (≤ 2x)",
            met: move <= 2 * smallMove)
    }

    static func frames(_ world: World, names: CountryNames, now: Date) -> (first: Double, move: Double) {
        let ctx = RenderContext(world: world, names: names, zones: names.countryZones)
        var state = AppState(operatorName: "bench", now: now, width: 200, height: 60)
        _ = state.update(.key(.char("6")), world: world, names: names)
        let first = Clock.time { _ = Screen.render(state, ctx) }
        let moves = Clock.samples(51) {
            _ = state.update(.key(.char("j")), world: world, names: names)
            _ = Screen.render(state, ctx)
        }
        return (first, Clock.median(moves))
    }
}
