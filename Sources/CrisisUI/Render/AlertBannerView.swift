import CrisisModel
import Foundation

/// The banner an alert-level change raises on every console, under the top bar, until acknowledged with x:
/// who, which country, from and to which level, why, and when.
enum AlertBannerView {
    static func draw(_ buf: inout ScreenBuffer, y: Int, lines maxLines: Int, state: AppState, ctx: RenderContext) {
        guard buf.width >= 20 else { return }
        guard let b = state.alertBanners.first else {
            return incoming(&buf, y: y, lines: maxLines, state: state, ctx: ctx)
        }
        let raised = b.to > b.from
        let verb = raised ? "raised" : "lowered"
        let level = b.to == .mandatoryEvacuation ? b.to.label.uppercased() : b.to.label
        let others = state.alertBanners.count - 1
        let more = others > 0 ? " (\(others) more \(others == 1 ? "country" : "countries"), X all)" : ""
        let before = b.earlier > 0 ? " · after \(b.earlier) earlier change\(b.earlier == 1 ? "" : "s")" : ""
        let text =
            "⚑ ALERT LEVEL · \(b.by) \(verb) \(ctx.names.name(b.country)) from \(b.from.tag) \(b.from.label) to \(b.to.tag) \(level)"
            + " · \(Format.when(b.at, now: state.now)) UTC\(before) · why: \(b.reason) · x acknowledges\(more)"
        let lines = Array(Screen.wrap(text, width: buf.width - 2).prefix(maxLines))
        let role: Role = raised ? Role.alert(max(3, b.to.rawValue)) : .flashWarn
        for (i, line) in lines.enumerated() where y + i < buf.height - 1 {
            buf.fill(Rect(x: 0, y: y + i, width: buf.width, height: 1), role: role)
            buf.put(" " + line, x: 0, y: y + i, maxWidth: buf.width, role: role)
        }
    }

    /// An incoming item above the cell's threshold: what, where, how many of ours, whose word, and what to do.
    static func incoming(_ buf: inout ScreenBuffer, y: Int, lines maxLines: Int, state: AppState, ctx: RenderContext) {
        guard let token = state.incomingBanners.first,
            let r = ctx.world.watch.incoming[World.key(ofBannerToken: token)]
        else { return }
        let words = IncomingWords(world: ctx.world, names: ctx.names.name, now: state.now)
        let others = state.incomingBanners.count - 1
        let more = others > 0 ? " (\(others) more, X all)" : ""
        let text =
            "▲ INCOMING · \(r.item.source) \(IncomingWords.what(r)) · \(words.places(r)) · \(words.nationals(r))"
            + " · \(words.age(r)) · \(r.item.title) · 6 Incoming: o opens a crisis, l links, d dismisses · x acknowledges\(more)"
        let lines = Array(Screen.wrap(text, width: buf.width - 2).prefix(maxLines))
        for (i, line) in lines.enumerated() where y + i < buf.height - 1 {
            buf.fill(Rect(x: 0, y: y + i, width: buf.width, height: 1), role: .alert4)
            buf.put(" " + line, x: 0, y: y + i, maxWidth: buf.width, role: .alert4)
        }
    }
}
