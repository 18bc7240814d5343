import CrisisModel
import Foundation

/// The banner an alert-level change raises on every console, under the top bar, until acknowledged with x:
/// who, which country, from and to which level, why, and when.
enum AlertBannerView {
    static func draw(_ buf: inout ScreenBuffer, y: Int, lines maxLines: Int, state: AppState, ctx: RenderContext) {
        guard let b = state.alertBanners.first, buf.width >= 20 else { return }
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
}
