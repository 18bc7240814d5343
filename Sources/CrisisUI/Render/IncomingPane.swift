import CrisisModel
import Foundation

/// What the followed feeds brought in, ranked: untriaged first, then the source's level and how many of our
/// nationals are where it happens. Each row says what, where, how many of ours, whose word, how old, and where
/// the team stands with it.
enum IncomingPane {
    static let table = Table([
        Column("What", 24, priority: 10), Column("Where", 16, priority: 9),
        Column("Nationals", 10, .right, priority: 8),
        Column("Source", 10, priority: 6), Column("Age", 6, .right, priority: 7),
        Column("Item", 16, priority: 11, flex: true), Column("Standing", 24, priority: 5),
    ])

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, state: AppState, rows: PaneRows, ctx: RenderContext) {
        let listing = rows.incomingListing
        let world = ctx.world
        let words = IncomingWords(world: world, names: ctx.names.name, now: state.now)
        let banners = world.incomingBannerSet
        let empty =
            world.watch.incoming.isEmpty
            ? (world.watch.feeds.isEmpty
                ? "Nothing incoming: the cell follows no feed yet (crisiscell feeds add NAME URL --format gdacs)"
                : "Nothing incoming yet: the feeds followed have brought nothing in")
            : "No item matches: Esc clears the filter"
        PaneView.drawTable(
            &buf, r, collapsed: false, table: table, count: listing.rows.count, selected: rows.selectedIndex(.incoming),
            scroll: state.scroll[.incoming] ?? 0, focused: true, empty: empty
        ) { row in
            let item = listing.rows[row]
            let open = item.status == .new && !item.withdrawn
            let grave = item.item.severity >= .severe
            let role: Role =
                !open
                ? .muted
                : state.isRecent("incoming:\(item.key)") ? .changed : banners.contains(item.key) ? .alert4 : .normal
            let n = world.nationals(in: item.item.countries)
            return TableRow(
                [
                    "\(IncomingWords.glyph(item)) \(IncomingWords.what(item))", words.places(item),
                    n == 0 ? "–" : Format.number(n), item.item.source, words.age(item), item.item.title,
                    words.standing(item),
                ],
                roles: [open && grave ? .alert3 : nil], role: role,
                marker: banners.contains(item.key) ? "!" : " ")
        }
    }
}
