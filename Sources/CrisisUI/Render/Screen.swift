import CrisisModel
import Foundation

/// What rendering needs besides the app state: the data and the lookup tables.
public struct RenderContext: Sendable {
    public var world: World
    public var names: CountryNames
    public var zones: CountryZones
    public init(world: World, names: CountryNames, zones: CountryZones) {
        self.world = world
        self.names = names
        self.zones = zones
    }
}

/// The pure view: state and data in, a frame of cells out. No terminal anywhere.
public enum Screen {
    public static func render(_ state: AppState, _ ctx: RenderContext) -> ScreenBuffer {
        var buf = ScreenBuffer(width: state.width, height: state.height)
        if case .briefing(let b) = state.mode {
            BriefingView.draw(&buf, state: state, briefing: b, ctx: ctx)
            AlertBannerView.draw(&buf, y: 1, lines: 3, state: state, ctx: ctx)
            return buf
        }
        if ConsoleLayout.isTooSmall(width: state.width, height: state.height) {
            drawTooSmall(&buf, state)
            return buf
        }
        let layout = state.layout
        let rows = PaneRows(world: ctx.world, state: state, names: ctx.names)
        TopBar.draw(&buf, layout.topBar, state: state, rows: rows, ctx: ctx)
        for placed in layout.panes {
            PaneView.draw(&buf, placed, state: state, rows: rows, ctx: ctx)
        }
        EventStrip.draw(&buf, layout.log, state: state, ctx: ctx)
        HintLine.draw(&buf, layout.hints, state: state)
        AlertBannerView.draw(&buf, y: layout.banner.y, lines: layout.banner.height, state: state, ctx: ctx)
        Overlay.draw(&buf, state: state, rows: rows, ctx: ctx)
        return buf
    }

    static func drawTooSmall(_ buf: inout ScreenBuffer, _ state: AppState) {
        let message =
            "Terminal too small (need \(ConsoleLayout.minWidth)x\(ConsoleLayout.minHeight), have \(state.width)x\(state.height))"
        let lines =
            wrap(message, width: max(1, state.width))
            + (state.height > 3 ? ["", "Enlarge the window, or q to quit"] : [])
        let top = max(0, (state.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < state.height {
            let w = TerminalText.width(line)
            buf.put(line, x: max(0, (state.width - w) / 2), y: top + i, role: i == 0 ? .flashWarn : .muted)
        }
    }

    /// Splits text into lines of at most `width` columns, at spaces where possible.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        if text.isEmpty { return [""] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if TerminalText.width(candidate) <= width {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            var rest = word
            while TerminalText.width(rest) > width {
                let head = TerminalText.clip(rest, to: width, ellipsis: false)
                lines.append(head)
                rest = String(rest.unicodeScalars.dropFirst(head.unicodeScalars.count).map(Character.init))
            }
            line = rest
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func cityName(_ zone: String) -> String {
        (zone.split(separator: "/").last.map(String.init) ?? zone).replacingOccurrences(of: "_", with: " ")
    }
}
