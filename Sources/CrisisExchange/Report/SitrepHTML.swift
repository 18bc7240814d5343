import CrisisModel
import Foundation

/// The situation report as one self-contained HTML page (no scripts, no outside files): the same content as
/// the text and Markdown sitrep, with every piece of data escaped so nothing in it can become markup.
public struct SitrepHTML {
    let world: World
    let names: CountryNames
    let now: Date

    public init(world: World, names: CountryNames, now: Date) {
        self.world = world
        self.names = names
        self.now = now
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in TextCleaning.visible(s).unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters (other than tab and newline) have no place on the page.
                if c.properties.generalCategory == .control, c != "\n", c != "\t" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    public func render() -> String {
        let parts = [head(), activeCrises(), countries(), latestEvents(), ["</body>", "</html>"]]
        return parts.flatMap { $0 }.joined(separator: "\n") + "\n"
    }

    private func head() -> [String] {
        let e = Self.escape
        var h: [String] = []
        let home = TimeZone.named(world.cell.homeTimeZone)
        let title = "Situation report — \(world.cell.name)"
        h.append("<!DOCTYPE html>")
        h.append("<html lang=\"en\">")
        h.append("<head>")
        h.append("<meta charset=\"utf-8\">")
        h.append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.append("<title>\(e(title))</title>")
        h.append("<style>")
        h.append(
            """
            body{font-family:system-ui,"Noto Sans","Noto Sans Bengali",sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#111;background:#fff;line-height:1.4}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #333;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.3rem}
            .meta{color:#444}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
            th,td{border:1px solid #999;padding:.25rem .5rem;text-align:right;vertical-align:top}th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
            thead th{background:#eee}tfoot td{font-weight:bold;background:#f6f6f6}
            .L4{background:#7a0000;color:#fff}.L3{background:#c0392b;color:#fff}.L2{background:#e67e22;color:#000}.L1{background:#f1c40f;color:#000}
            .level{font-weight:bold;padding:0 .3rem;white-space:nowrap}ul.facts{margin:.2rem 0 1rem 0}ol.events li{margin:.15rem 0}
            time{white-space:nowrap}@media print{body{margin:0}}
            """)
        h.append("</style>")
        h.append("</head>")
        h.append("<body>")
        h.append("<header>")
        h.append("<h1>\(e(title))</h1>")
        h.append(
            "<p class=\"meta\">Generated <time datetime=\"\(Timestamp.string(now))\">\(e(Format.dateTime(now, .utc))) UTC</time> "
                + "(\(e(Format.clock(now, home))) \(e(world.cell.homeTimeZone))). Figures are estimates; each is labelled with its kind.</p>"
        )
        h.append("</header>")
        return h
    }

    private func activeCrises() -> [String] {
        let e = Self.escape
        var h: [String] = []
        let active = world.crisesByUrgency(includeClosed: false)
        h.append("<section>")
        h.append("<h2>Active crises (\(active.count), most urgent first)</h2>")
        if active.isEmpty { h.append("<p>None.</p>") }
        for (i, c) in active.enumerated() {
            let progress = ChecklistProgress(c.checklist)
            h.append("<article>")
            h.append(
                "<h3>\(i + 1). <bdi>\(e(c.title))</bdi> — \(e(c.kind.rawValue)), severity \(c.severity)/4, phase \(e(c.phase.rawValue))</h3>"
            )
            h.append("<ul class=\"facts\">")
            let alerts = c.countries.map { code -> String in
                let level = world.countries[code]?.alertLevel ?? .none
                return "\(e(names.name(code))) " + levelBadge(level)
            }.joined(separator: "; ")
            h.append("<li>Alert: \(alerts)</li>")
            let figures: [CountKind] = [
                .affected, .registered, .sheltered, .atAssembly, .inTransit, .evacuated, .returned, .injured, .missing,
                .dead,
            ]
            let known = figures.compactMap { k in
                world.total(k, in: c.countries).map { "\(e(k.label)) \(Format.number($0))" }
            }
            h.append("<li>Nationals: " + (known.isEmpty ? "no counts yet" : known.joined(separator: ", ")) + "</li>")
            let overdue = c.checklist.filter { $0.isOverdue(at: now) }.count
            let blocked = c.checklist.filter { $0.status == .blocked }.count
            h.append(
                "<li>Checklist: \(progress.done) of \(progress.total) done"
                    + (overdue > 0 ? ", <strong>\(overdue) overdue</strong>" : "")
                    + (blocked > 0 ? ", \(blocked) blocked" : "") + "</li>")
            if !c.leadOfficer.isEmpty { h.append("<li>Lead: <bdi>\(e(c.leadOfficer))</bdi></li>") }
            if !c.summary.isEmpty { h.append("<li>Summary: <bdi>\(e(c.summary))</bdi></li>") }
            for ev in world.latestEvents(limit: 3, crisis: c.id, significantOnly: true) {
                h.append(
                    "<li><time datetime=\"\(Timestamp.string(ev.time))\">\(e(Format.dateTime(ev.time, .utc)))</time> "
                        + "<bdi>\(e(ev.operator))</bdi>: <bdi>\(e(ev.text))</bdi></li>")
            }
            h.append("</ul>")
            h.append("</article>")
        }
        h.append("</section>")
        return h
    }

    private func countries() -> [String] {
        let e = Self.escape
        var h: [String] = []
        h.append("<section>")
        h.append("<h2>Countries</h2>")
        let kinds: [CountKind] = [.stock, .registered, .affected, .evacuated, .returned, .missing, .dead]
        h.append("<table>")
        h.append(
            "<thead><tr><th scope=\"col\">Country</th><th scope=\"col\">Alert</th>"
                + ["Stock", "Registered", "Affected", "Evacuated", "Returned", "Missing", "Dead"].map {
                    "<th scope=\"col\">\($0)</th>"
                }.joined()
                + "</tr></thead>")
        h.append("<tbody>")
        for c in world.countriesOrdered() {
            h.append(
                "<tr><th scope=\"row\">\(e(names.name(c.code))) (\(e(c.code)))</th><td>\(levelBadge(c.alertLevel))</td>"
                    + kinds.map { "<td>\(Format.number(c.count($0)))</td>" }.joined() + "</tr>")
        }
        h.append("</tbody>")
        let totals = world.totals()
        h.append(
            "<tfoot><tr><td>Total</td><td></td>" + kinds.map { "<td>\(Format.number(totals[$0]))</td>" }.joined()
                + "</tr></tfoot>")
        h.append("</table>")
        h.append("</section>")
        return h
    }

    private func latestEvents() -> [String] {
        let e = Self.escape
        var h: [String] = []
        h.append("<section>")
        h.append("<h2>Latest events (newest first)</h2>")
        h.append("<ol class=\"events\">")
        for ev in world.latestEvents(limit: 20) {
            let crisis = ev.crisis.flatMap { world.crises[$0]?.title }.map { " [<bdi>\(e($0))</bdi>]" } ?? ""
            h.append(
                "<li><time datetime=\"\(Timestamp.string(ev.time))\">\(e(Format.dateTime(ev.time, .utc)))</time> "
                    + "<bdi>\(e(ev.operator))</bdi> \(e(ev.kind.rawValue))\(crisis): <bdi>\(e(ev.text))</bdi></li>")
        }
        h.append("</ol>")
        h.append("</section>")
        return h
    }

    /// The level in words and tag, never by colour alone.
    private func levelBadge(_ level: AlertLevel) -> String {
        "<span class=\"level \(level.tag)\">\(level.tag) \(Self.escape(level.label))</span>"
    }
}
