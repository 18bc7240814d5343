/// Where everything goes at a given size. Both the reducer (to keep the selection in view) and the renderer use it.
public struct ConsoleLayout: Equatable, Sendable {
    public static let minWidth = 60
    public static let minHeight = 18
    /// From this width the four panes stand in a 2x2 grid.
    public static let gridWidth = 120

    public struct Placed: Equatable, Sendable {
        public var pane: Pane
        public var rect: Rect
        /// A collapsed pane shows its title and the selected row only.
        public var collapsed: Bool
    }

    public var topBar: Rect
    /// Rows under the top bar for an alert banner (none when there is nothing to announce).
    public var banner: Rect
    public var panes: [Placed]
    public var log: Rect
    public var hints: Rect

    public static func isTooSmall(width: Int, height: Int) -> Bool { width < minWidth || height < minHeight }

    /// `bannerLines`: rows an alert banner needs, taken from the panes rather than drawn over them.
    public static func make(width: Int, height: Int, focus: Pane, zoomed: Bool, bannerLines: Int = 0) -> ConsoleLayout {
        // The Log view is the log: no strip of the newest entries under it.
        let logLines = focus.isView ? 0 : height >= 36 ? 4 : height >= 28 ? 2 : 1
        let top = Rect(x: 0, y: 0, width: width, height: 1)
        let bannerRows = min(bannerLines, max(0, height - 12))
        let banner = Rect(x: 0, y: 1, width: width, height: bannerRows)
        let hints = Rect(x: 0, y: height - 1, width: width, height: 1)
        let log = Rect(x: 0, y: height - 1 - logLines, width: width, height: logLines)
        let area = Rect(x: 0, y: 1 + bannerRows, width: width, height: height - 2 - logLines - bannerRows)
        var placed: [Placed] = []
        if zoomed || focus.isView {
            placed = [Placed(pane: focus, rect: area, collapsed: false)]
        } else if width >= gridWidth {
            let rows = area.splitRows([area.height / 2, area.height - area.height / 2])
            let topCols = rows[0].splitColumns([width / 2, width - width / 2])
            let bottomCols = rows[1].splitColumns([width / 2, width - width / 2])
            placed = [
                Placed(pane: .crises, rect: topCols[0], collapsed: false),
                Placed(pane: .countries, rect: topCols[1], collapsed: false),
                Placed(pane: .checklist, rect: bottomCols[0], collapsed: false),
                Placed(pane: .contacts, rect: bottomCols[1], collapsed: false),
            ]
        } else {
            // Stacked: the focused pane takes the room, the others keep a line each for context.
            let small = 3
            let big = area.height - small * (Pane.grid.count - 1)
            let heights = Pane.grid.map { $0 == focus ? big : small }
            let rects = area.splitRows(heights)
            placed = Pane.grid.map { Placed(pane: $0, rect: rects[$0.rawValue], collapsed: $0 != focus) }
        }
        return ConsoleLayout(topBar: top, banner: banner, panes: placed, log: log, hints: hints)
    }

    public func placed(_ pane: Pane) -> Placed? { panes.first { $0.pane == pane } }

    /// Rows of data a pane can show (below its border and header line).
    public func listHeight(_ pane: Pane) -> Int {
        guard let p = placed(pane) else { return 1 }
        if p.collapsed { return 1 }
        return max(1, p.rect.height - 3)
    }
}
