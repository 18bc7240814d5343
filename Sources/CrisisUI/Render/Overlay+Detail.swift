import CrisisModel
import Foundation

/// The detail box of a record (Enter on a row).
extension Overlay {

    static func detail(_ buf: inout ScreenBuffer, _ d: Detail, state: AppState, ctx: RenderContext) {
        var t = DetailText()
        let found: Bool
        switch d {
        case .crisis(let id): found = crisisDetail(&t, id, state: state, ctx: ctx)
        case .country(let code): found = countryDetail(&t, code, state: state, ctx: ctx)
        case .item(let owner, let id): found = itemDetail(&t, owner, id, state: state, ctx: ctx)
        case .event(let seq): found = eventDetail(&t, seq, state: state, ctx: ctx)
        case .contact(let id): found = contactDetail(&t, id, state: state, ctx: ctx)
        case .incoming(let key): found = incomingDetail(&t, key, state: state, ctx: ctx)
        }
        guard found else { return }
        var footer = "any key closes"
        if case .incoming = d { footer = "o open a crisis · l link · d dismiss · any other key closes" }
        if case .event(let seq) = d, let i = ctx.world.eventIndex(ofSeq: seq) {
            let e = ctx.world.events[i]
            if e.ref ?? e.crisis.map({ "crisis:\($0)" }) != nil {
                footer = "Enter goes to its record · any other key closes"
            }
        }
        box(&buf, title: t.title, lines: t.lines, footer: footer, minWidth: 50)
    }

    private static func crisisDetail(_ t: inout DetailText, _ id: String, state: AppState, ctx: RenderContext) -> Bool {
        let w = ctx.world
        guard let c = w.crises[id] else { return false }
        t.title = c.title
        t.add("Kind", c.kind.rawValue)
        t.add("Severity", "\(PaneView.severity(c.severity)) of 4", Role.severity(c.severity))
        t.add("Phase", c.phase.label)
        for code in c.countries {
            let level = w.countries[code]?.alertLevel ?? .none
            t.add(ctx.names.name(code), "\(level.tag) \(level.label)", Role.alert(level.rawValue))
        }
        t.add("Lead officer", c.leadOfficer)
        t.add("Started", Format.dateTime(c.started, .utc) + " UTC")
        t.add("Updated", Format.dateTime(c.updated, .utc) + " UTC")
        let p = ChecklistProgress(c.checklist)
        t.add("Checklist", "\(p.done) of \(p.total) done")
        for k in [CountKind.affected, .registered, .evacuated, .returned, .missing, .dead] {
            if let v = w.total(k, in: c.countries) { t.add(k.label.capitalizedFirst, Format.number(v)) }
        }
        if !c.summary.isEmpty {
            t.lines.append(("", .normal))
            t.lines.append((c.summary, .normal))
        }
        return true
    }

    private static func countryDetail(_ t: inout DetailText, _ code: String, state: AppState, ctx: RenderContext)
        -> Bool
    {
        let w = ctx.world
        guard let c = w.countries[code] else { return false }
        t.title = "\(ctx.names.name(code)) (\(code))"
        t.add("Alert", "\(c.alertLevel.tag) \(c.alertLevel.label)", Role.alert(c.alertLevel.rawValue))
        if let a = c.lastAlertChange {
            t.add("", "set by \(a.by) \(Format.dateTime(a.at, .utc)) UTC: \(a.reason)", .muted)
        }
        // Other governments' advice beside ours, from the advisory feeds the cell follows.
        for r in w.advice(for: code) {
            let level = r.item.sourceLevel ?? r.item.severity.word
            let was = r.previousLevel.map { " (was \($0))" } ?? ""
            t.add(
                r.item.source, "\(level) · since \(Format.dateTime(r.since, .utc))\(was)",
                r.item.severity >= .severe ? .alert3 : .normal)
        }
        for k in CountKind.allCases {
            guard let v = c.counts[k] else { continue }
            t.add(
                k.label.capitalizedFirst,
                "\(TerminalText.fit(Format.number(v.value), 10, right: true))  as of \(Format.dateTime(v.asOf, .utc))"
                    + (v.source.isEmpty ? "" : " · \(v.source)"))
        }
        if let zone = ctx.zones.zone(for: code) {
            t.add(
                "Local time",
                "\(Format.clock(state.now, zone)) \(Format.weekday(state.now, zone)) (\(zone.identifier))")
        }
        return true
    }

    private static func incomingDetail(_ t: inout DetailText, _ key: String, state: AppState, ctx: RenderContext)
        -> Bool
    {
        guard let r = ctx.world.watch.incoming[key] else { return false }
        let words = IncomingWords(world: ctx.world, names: ctx.names.name, now: state.now)
        var lines = words.detail(r)
        t.title = lines.removeFirst()
        t.lines.append((lines.removeFirst(), ctx.world.raisesBanner(r) ? .alert4 : .header))
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("http") else {
                t.lines.append((line, .normal))
                continue
            }
            t.add(
                String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return true
    }

    private static func itemDetail(
        _ t: inout DetailText, _ owner: ChecklistOwner, _ id: String, state: AppState, ctx: RenderContext
    ) -> Bool {
        let w = ctx.world
        guard let i = w.checklist(of: owner)?.first(where: { $0.id == id }) else { return false }
        t.title = "Checklist item \(i.id)"
        t.lines.append((i.text, .header))
        t.add("Section", i.section)
        t.add("Guideline", i.guideline.isEmpty ? "" : "MICIC \(i.guideline)")
        t.add("Status", "\(i.status.glyph) \(i.status.rawValue)")
        t.add("Assignee", i.assignee)
        if let due = i.due {
            t.add(
                "Due", Format.dateTime(due, .utc) + " UTC" + (i.isOverdue(at: state.now) ? "  ! OVERDUE" : ""),
                i.isOverdue(at: state.now) ? .checkOverdue : .normal)
        }
        if let by = i.doneBy, let at = i.doneAt { t.add("Done", "by \(by) at \(Format.dateTime(at, .utc)) UTC") }
        t.add("Note", i.note)
        return true
    }

    private static func eventDetail(_ t: inout DetailText, _ seq: Int, state: AppState, ctx: RenderContext) -> Bool {
        let w = ctx.world
        guard let i = w.eventIndex(ofSeq: seq) else { return false }
        let e = w.events[i]
        t.title = "Log entry #\(e.seq)"
        t.add("When", Format.dateTime(e.time, .utc) + " UTC (" + Format.when(e.time, now: state.now) + ")")
        if let sent = e.arrivedLate {
            t.add("Sent", Format.dateTime(sent, .utc) + " UTC: made offline, it reached the record then")
        }
        t.add("Who", e.operator)
        t.add("Kind", e.kind.rawValue)
        t.add("Crisis", e.crisis.flatMap { w.crises[$0]?.title } ?? (e.crisis ?? "the cell"))
        t.lines.append(("", .normal))
        for line in e.text.split(separator: "\n", omittingEmptySubsequences: false) {
            t.lines.append((String(line), .normal))
        }
        return true
    }

    private static func contactDetail(_ t: inout DetailText, _ id: String, state: AppState, ctx: RenderContext) -> Bool
    {
        let w = ctx.world
        guard let c = w.contacts[id] else { return false }
        t.title = c.name
        t.add("Duty", "\(c.duty.glyph) \(c.duty.rawValue) · call order \(c.callOrder)")
        t.add("Organisation", "\(c.organisation) (\(c.organisationKind.rawValue))")
        t.add("Role", c.role)
        t.add("Where", [c.city, ctx.names.name(c.country)].filter { !$0.isEmpty }.joined(separator: ", "))
        let zone = TimeZone.named(c.timeZone)
        t.add("Local time", "\(Format.clock(state.now, zone)) \(Format.weekday(state.now, zone)) (\(c.timeZone))")
        for (n, p) in c.phones.enumerated() { t.add(n == 0 ? "Phone" : "", p) }
        t.add("E-mail", c.email)
        t.add("Messaging", c.messaging)
        t.add("Languages", c.languages.joined(separator: ", "))
        if let v = c.lastVerified { t.add("Verified", Format.dateTime(v, .utc) + " UTC") }
        t.add("Notes", c.notes)
        return true
    }
}

/// A detail box's title and lines as they are gathered: a label and its value, or a line of its own.
struct DetailText {
    var title = ""
    var lines: [(String, Role)] = []

    mutating func add(_ label: String, _ value: String, _ role: Role = .normal) {
        if !value.isEmpty { lines.append((TerminalText.fit(label, 14) + value, role)) }
    }
}
