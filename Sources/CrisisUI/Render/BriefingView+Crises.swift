import CrisisModel
import Foundation

/// The overview's crises: a name line and the stages of the funnel that moved, as the screen allows; on a wall
/// with rows to spare, bars two rows thick and each name and level in block letters, readable from 6 m.
extension BriefingView {
    /// Draws the list from `top` (its CRISES header); returns the row after it.
    static func crisesList(
        _ buf: inout ScreenBuffer, _ r: Rect, from top: Int, active: [Crisis], alertRows: Int, nameWidth: Int,
        state: AppState, world w: World
    ) -> Int {
        var y = top
        let roomForCrises = r.maxY - y - alertRows - 2
        // (The mission's registry is left out here: it is no stage of a crisis, and would dwarf the funnel.)
        let perCrisis = active.isEmpty ? 0 : min(5, roomForCrises / active.count - 1)
        let rich = perCrisis >= 3 && r.width >= 100
        let allStages: [(String, CountKind)] = [
            ("affected", .affected), ("at assembly", .atAssembly),
            ("in transit", .inTransit), ("evacuated", .evacuated), ("home", .returned),
        ]
        let shown: [CountKind] = [
            [.affected, .evacuated, .returned], [.affected, .atAssembly, .evacuated, .returned],
            [.affected, .atAssembly, .inTransit, .evacuated, .returned],
        ][max(0, min(2, perCrisis - 3))]
        let stages = allStages.filter { shown.contains($0.1) }
        // Stages where nothing has moved yet take no row: "—" four times says less than their absence.
        func moved(_ c: Crisis) -> [(String, CountKind)] {
            stages.enumerated().filter { i, stage in i == 0 || (w.total(stage.1, in: c.countries) ?? 0) > 0 }.map(
                \.element)
        }
        // The richest layout that fits: block-letter names with thick bars, then thick bars, then thin ones.
        func rows(bigNames: Bool, thickness: Int) -> Int {
            active.reduce(1) { sum, c in
                sum + (bigNames && bigNameFits(c, r) ? BlockLetters.height : 1) + thickness
                    * moved(c).count
            }
        }
        // Every row down to the countries on alert (their header, a blank before it, and their rows).
        let available = r.maxY - top - alertRows
        let wall = rich && r.width >= 180
        let (bigNames, thickness) =
            [(true, 2), (false, 2), (false, 1)].first { big, thick in
                (!big || wall) && (thick == 1 || rich) && rows(bigNames: big, thickness: thick) <= available
            } ?? (false, 1)
        buf.put("CRISES", x: r.x, y: y, maxWidth: r.width, role: .header)
        let bySeverity = (1...4).reversed().map { s in
            "\(PaneView.severity(s)) \(active.filter { $0.severity == s }.count)"
        }.joined(separator: "   ")
        buf.putRight(bySeverity, right: r.maxX, y: y, maxWidth: r.width / 2, role: .muted)
        y += 1
        for c in active {
            guard y < r.maxY - 1 else { break }
            if bigNames, bigNameFits(c, r), y + BlockLetters.height < r.maxY {
                bigName(&buf, r, y: y, crisis: c, world: w)
                y += BlockLetters.height
            } else {
                let x = nameLine(&buf, r, y: y, crisis: c, nameWidth: nameWidth, world: w)
                guard rich else {
                    let funnel = [("affected", CountKind.affected), ("evacuated", .evacuated), ("home", .returned)]
                        .map { "\($0.0) \(Format.number(w.total($0.1, in: c.countries)))" }.joined(separator: " · ")
                    buf.put(funnel, x: x, y: y, maxWidth: r.maxX - x, role: .normal)
                    y += 1
                    continue
                }
                y += 1
            }
            let shownStages = moved(c)
            funnelBars(
                &buf, Rect(x: r.x + 4, y: y, width: r.width - 4, height: shownStages.count * thickness), crisis: c,
                stages: shownStages, state: state, world: w, rowsPerStage: thickness)
            y += shownStages.count * thickness
        }
        return y
    }

    /// Whether a crisis's name can be drawn in block letters with its level (as text at least) and phase beside it.
    static func bigNameFits(_ c: Crisis, _ r: Rect) -> Bool {
        BlockLetters.canDraw(c.title)
            && 4 + BlockLetters.width(c.title) + 6 + 34 + 3 + TerminalText.width(c.phase.label) <= r.width
    }

    /// One line: severity, name, alert level, phase; returns where the line's free room starts.
    private static func nameLine(
        _ buf: inout ScreenBuffer, _ r: Rect, y: Int, crisis c: Crisis, nameWidth: Int, world w: World
    ) -> Int {
        let level = w.maxAlert(of: c)
        buf.put(PaneView.severity(c.severity), x: r.x, y: y, role: Role.severity(c.severity))
        buf.put(c.title, x: r.x + 4, y: y, maxWidth: nameWidth, role: .header)
        var x = r.x + 5 + nameWidth
        x += buf.put(levelText(level), x: x, y: y, maxWidth: 34, role: Role.alert(level.rawValue)) + 3
        x += buf.put(c.phase.label, x: x, y: y, maxWidth: 14, role: .normal) + 3
        return x
    }

    /// The name in block letters, then the level in block letters when it fits (else as text), then the phase.
    private static func bigName(_ buf: inout ScreenBuffer, _ r: Rect, y: Int, crisis c: Crisis, world w: World) {
        let level = w.maxAlert(of: c)
        let middle = y + BlockLetters.height / 2
        buf.put(PaneView.severity(c.severity), x: r.x, y: middle, role: Role.severity(c.severity))
        var x = r.x + 4
        for (i, line) in BlockLetters.lines(c.title).enumerated() {
            buf.put(line, x: x, y: y + i, maxWidth: r.maxX - x, role: .header)
        }
        x += BlockLetters.width(c.title) + 6
        let phase = c.phase.label
        let big = "L\(level.rawValue) " + (level == .none ? "no alert" : level.label)
        if BlockLetters.canDraw(big), x + BlockLetters.width(big) + 6 + TerminalText.width(phase) <= r.maxX {
            for (i, line) in BlockLetters.lines(big).enumerated() {
                buf.put(line, x: x, y: y + i, maxWidth: r.maxX - x, role: Role.alert(level.rawValue))
            }
            x += BlockLetters.width(big) + 6
        } else {
            x += buf.put(levelText(level), x: x, y: middle, maxWidth: 34, role: Role.alert(level.rawValue)) + 3
        }
        buf.put(phase, x: x, y: middle, maxWidth: r.maxX - x, role: .normal)
    }

    private static func levelText(_ level: AlertLevel) -> String {
        "\(PaneView.alert(level)) \(level == .mandatoryEvacuation ? level.label.uppercased() : level.label)"
    }
}
