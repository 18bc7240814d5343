import CrisisModel
import Foundation

/// The commands that read: lists, one record in full, search, the log.
extension PlainSession {
    mutating func crises(world: World, now: Date) -> PlainReply {
        let all = world.crisesByUrgency()
        let active = all.filter(\.isActive)
        let title =
            "Crises, most urgent first: \(active.count) active"
            + (all.count > active.count ? ", \(all.count - active.count) closed" : "") + "."
        return list(title, all.map { .crisis($0.id) }, world: world, now: now, empty: "No crises are recorded.")
    }

    /// `countries` lists those with an alert or a count; `countries all` every one; `countries CRISIS` a crisis's.
    mutating func countries(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let arg = input.rest(from: 1)
        var scope = world.countriesOrdered()
        var title = "Countries with an alert or a count, highest alert first"
        if arg.lowercased() == "all" {
            title = "All host countries, highest alert first"
        } else if !arg.isEmpty {
            switch resolveCrisis(arg, world: world) {
            case .failure(let p): return .problem(p.message)
            case .success(let id):
                let c = world.crises[id]!
                scope = world.countriesOrdered(first: c.countries).filter { c.countries.contains($0.code) }
                title = "Countries of \(c.title)"
            }
        } else {
            scope = scope.filter { $0.alertLevel != .none || !$0.counts.isEmpty }
        }
        return list(
            "\(title): \(scope.count).", scope.map { .country($0.code) }, world: world, now: now, empty: "None.")
    }

    mutating func crisis(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let arg = input.rest(from: 1)
        guard !arg.isEmpty else {
            return .problem("Which crisis? Say crisis and its number in the crises list, or its name.")
        }
        switch resolveCrisis(arg, world: world) {
        case .failure(let p): return .problem(p.message)
        case .success(let id): return PlainReply(detail(.crisis(id), world: world, now: now))
        }
    }

    mutating func country(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let arg = input.rest(from: 1)
        guard !arg.isEmpty else {
            return .problem("Which country? Say country and its name, its code, or its number in the last list.")
        }
        switch resolveCountry(arg, world: world) {
        case .failure(let p): return .problem(p.message)
        case .success(let code): return PlainReply(detail(.country(code), world: world, now: now))
        }
    }

    /// `checklist CRISIS` (or a country, for its preparedness list); `checklist CRISIS open` leaves out what is closed.
    mutating func checklist(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        var words = input.arguments.map(\.text)
        let openOnly = words.last?.lowercased() == "open"
        if openOnly { words.removeLast() }
        let arg = words.joined(separator: " ")
        guard !arg.isEmpty else {
            return .problem(
                "Which checklist? Say checklist and a crisis (its number in the crises list, or its name), or a country for its preparedness list."
            )
        }
        switch resolveOwner(arg, world: world) {
        case .failure(let p): return .problem(p.message)
        case .success(let owner):
            let items = world.checklist(of: owner) ?? []
            let ordered = World.sections(of: items).flatMap(\.items)
            let chosen = openOnly ? ordered.filter { !$0.status.isClosed } : ordered
            for it in chosen { saw(item: it.id, of: owner, in: world) }
            let name = PlainWords.ownerName(owner, world: world, names: names)
            let overdue = items.filter { $0.isOverdue(at: now) }.count
            var title = name.prefix(1).uppercased() + name.dropFirst() + ": " + PlainWords.checklistProgress(items)
            if overdue > 0 { title += ", \(overdue) overdue" }
            title += openOnly ? ". Open items:" : "."
            let reply = list(
                title, chosen.map { .item(owner, $0.id) }, world: world, now: now,
                empty: openOnly ? "Nothing is open." : "It has no items.")
            return reply
        }
    }

    /// `contacts` (everyone, call-down order), `contacts COUNTRY`, `contacts CRISIS` (its countries), `contacts N`.
    mutating func contacts(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let arg = input.rest(from: 1)
        var codes: [String]?
        var title = "Contacts, in call-down order"
        if !arg.isEmpty {
            if case .success(let code) = resolveCountry(arg, world: world, quiet: true) {
                codes = [code]
                title += " for \(names.name(code))"
            } else if case .success(let id) = resolveCrisis(arg, world: world) {
                codes = world.crises[id]!.countries
                title += " for \(world.crises[id]!.title)"
            } else {
                return .problem(
                    "\"\(arg)\" is neither a country nor a crisis. Say contacts and a country name or code, or a crisis."
                )
            }
        }
        let people = world.contacts(in: codes)
        return list(
            "\(title): \(people.count).", people.map { .contact($0.id) }, world: world, now: now, empty: "No contacts.")
    }

    /// The latest log entries, newest first: `log` alone, or `log --crisis ID` with no text.
    mutating func logEntries(world: World, now: Date, crisis: String? = nil, kind: EventKind? = nil) -> PlainReply {
        // The whole log, a page at a time (more): a screen-reader user can read back to the very first entry.
        var events = world.latestEvents(limit: max(1, world.events.count), crisis: crisis)
        if let kind { events = events.filter { $0.kind == kind } }
        let on = crisis.flatMap { world.crises[$0]?.title }.map { " on \($0)" } ?? ""
        return list(
            "The log\(on), newest first: \(PlainWords.plural(events.count, "entry", "entries")).",
            events.map { .event($0.seq) },
            world: world, now: now,
            empty: "Nothing is logged yet.")
    }

    /// `find TEXT`: crises, countries, checklist items, contacts and log entries that mention it.
    mutating func find(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let text = input.rest(from: 1)
        guard !text.isEmpty else { return .problem("Find what? Say find and a word: a name, a place, a phone number.") }
        func has(_ s: String) -> Bool { s.range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        var refs: [PlainRef] = []
        for c in world.crisesByUrgency() where has(c.title) || has(c.id) || has(c.summary) {
            refs.append(.crisis(c.id))
        }
        for c in world.countriesOrdered()
        where has(names.name(c.code)) || c.code.caseInsensitiveCompare(text) == .orderedSame {
            refs.append(.country(c.code))
        }
        for c in world.crisesByUrgency() {
            for it in c.checklist where has(it.text) || has(it.assignee) || has(it.note) {
                refs.append(.item(.crisis(c.id), it.id))
            }
        }
        for c in world.countriesOrdered() {
            for it in c.preparedness where has(it.text) || has(it.assignee) || has(it.note) {
                refs.append(.item(.country(c.code), it.id))
            }
        }
        let digits = text.filter(\.isNumber)
        for p in world.contacts(in: nil) {
            let phone = digits.count >= 4 && p.phones.contains { $0.filter(\.isNumber).contains(digits) }
            if has(p.name) || has(p.organisation) || has(p.role) || has(p.city) || has(p.email) || phone {
                refs.append(.contact(p.id))
            }
        }
        var logged = 0
        for e in world.events.reversed() where e.kind != .change && has(e.text) {
            refs.append(.event(e.seq))
            logged += 1
            if logged == 50 { break }
        }
        return list(
            "Found \(PlainWords.plural(refs.count, "match", "matches")) for \"\(text)\".", refs, world: world, now: now,
            empty: "Nothing mentions \"\(text)\".", prefixKind: true)
    }

    /// A bare number: the record it stands for in the last list, in full.
    mutating func show(number n: Int, world: World, now: Date) -> PlainReply {
        switch pick(n) {
        case .failure(let p): return .problem(p.message)
        case .success(let ref): return PlainReply(detail(ref, world: world, now: now))
        }
    }

    // MARK: Lines and details

    func line(for ref: PlainRef, number: Int, world: World, now: Date, prefixKind: Bool) -> PlainLine {
        let n = "\(number). "
        switch ref {
        case .crisis(let id):
            guard let c = world.crises[id] else { return PlainLine(n + "a crisis since deleted") }
            let top = world.maxAlert(of: c)
            let totals = world.totals(in: c.countries)
            let figures = [CountKind.affected, .evacuated, .returned, .missing, .dead].compactMap { k in
                totals[k].map { "\(k.label) \(Format.number($0))" }
            }
            let places = c.countries.filter { world.countries[$0]?.alertLevel == top }.map(names.name).joined(
                separator: " and ")
            var text =
                n + (prefixKind ? "Crisis: " : "") + "\(c.title), \(c.phase.rawValue)" + (c.isActive ? "" : "")
                + ", severity \(c.severity)"
            if top != .none { text += ", highest \(PlainWords.alert(top)) in \(places)" }
            text += ". " + (figures.isEmpty ? "No counts yet" : figures.joined(separator: ", ").capitalizedFirst)
            text += ". Checklist \(PlainWords.checklistProgress(c.checklist))."
            return PlainLine(text, top >= .voluntaryReturn ? .alert(top) : .normal)
        case .country(let code):
            guard let c = world.countries[code] else { return PlainLine(n + names.name(code)) }
            let text =
                n + (prefixKind ? "Country: " : "") + "\(names.name(code)), \(PlainWords.alert(c.alertLevel)). "
                + PlainWords.counts(c, kinds: PlainWords.watched).capitalizedFirst + "."
            return PlainLine(text, c.alertLevel >= .voluntaryReturn ? .alert(c.alertLevel) : .normal)
        case .item(let owner, let id):
            guard let it = item(owner, id, world) else { return PlainLine(n + "an item since deleted") }
            var text =
                n + (prefixKind ? "Item on \(PlainWords.ownerName(owner, world: world, names: names)), " : "")
                + "\(PlainWords.status(it.status)): \(it.text)"
            var extra: [String] = []
            if let by = it.doneBy, let at = it.doneAt, it.status == .done {
                extra.append("by \(by), \(PlainWords.ago(at, now: now))")
            }
            if let due = it.due, !it.status.isClosed {
                extra.append("due \(Format.when(due, now: now)) UTC" + (it.isOverdue(at: now) ? ", overdue" : ""))
            }
            if !it.assignee.isEmpty, !it.status.isClosed { extra.append("for \(it.assignee)") }
            if !extra.isEmpty { text += " (" + extra.joined(separator: "; ") + ")" }
            return PlainLine(text, it.isOverdue(at: now) || it.status == .blocked ? .problem : .normal)
        case .contact(let id):
            guard let p = world.contacts[id] else { return PlainLine(n + "a contact since deleted") }
            var text = n + (prefixKind ? "Contact: " : "") + p.name
            for part in [
                p.role, p.organisation, p.city.isEmpty ? names.name(p.country) : "\(p.city), \(names.name(p.country))",
            ] where !part.isEmpty {
                text += ", " + part
            }
            text += ". \(p.duty.rawValue.capitalizedFirst)."
            if !p.phones.isEmpty { text += " Phone \(p.phones.joined(separator: " or "))." }
            if !p.email.isEmpty { text += " E-mail \(p.email)." }
            return PlainLine(text)
        case .event(let seq):
            guard let e = world.events.last(where: { $0.seq == seq }) else {
                return PlainLine(n + "an entry no longer in the log")
            }
            let on = e.crisis.flatMap { world.crises[$0]?.title }.map { ", \($0)" } ?? ""
            return PlainLine(
                n + (prefixKind ? "Log: " : "")
                    + "\(Format.made(e, now: now)), \(e.operator)\(on), \(e.kind.rawValue): "
                    + PlainWords.spoken(e.text), e.kind == .alert ? .announcement : .normal)
        }
    }

    mutating func detail(_ ref: PlainRef, world: World, now: Date) -> [PlainLine] {
        saw(ref, in: world)
        switch ref {
        case .crisis(let id): return crisisDetail(id, world: world, now: now)
        case .country(let code): return countryDetail(code, world: world, now: now)
        case .item(let owner, let id): return itemDetail(owner, id, world: world, now: now)
        case .contact(let id): return contactDetail(id, world: world, now: now)
        case .event(let seq): return eventDetail(seq, world: world, now: now)
        }
    }
}

/// One record read out in whole lines.
extension PlainSession {
    func crisisDetail(_ id: String, world: World, now: Date) -> [PlainLine] {
        guard let c = world.crises[id] else { return [PlainLine("That crisis has been deleted.", .problem)] }
        var out = [
            PlainLine(
                "\(c.title) (id \(c.id)): \(c.kind.rawValue), \(c.phase.rawValue) phase, severity \(c.severity) of 4.",
                .heading)
        ]
        out.append(
            PlainLine(
                "Started \(PlainWords.when(c.started, now: now))"
                    + (c.leadOfficer.isEmpty ? "." : "; lead officer \(c.leadOfficer).")))
        if !c.summary.isEmpty { out.append(PlainLine("Summary: \(c.summary)")) }
        for code in c.countries {
            guard let country = world.countries[code] else { continue }
            out.append(
                PlainLine(
                    "\(names.name(code)), \(PlainWords.alert(country.alertLevel)). \(PlainWords.counts(country, kinds: PlainWords.watched).capitalizedFirst).",
                    country.alertLevel >= .voluntaryReturn ? .alert(country.alertLevel) : .normal))
        }
        let overdue = c.checklist.filter { $0.isOverdue(at: now) }.count
        let blocked = c.checklist.filter { $0.status == .blocked }.count
        var progress = "Checklist: \(PlainWords.checklistProgress(c.checklist))"
        if overdue > 0 { progress += ", \(overdue) overdue" }
        if blocked > 0 { progress += ", \(blocked) blocked" }
        out.append(PlainLine(progress + ". Type checklist \(c.id) to read it."))
        let latest = world.latestEvents(limit: 3, crisis: c.id, significantOnly: true)
        if !latest.isEmpty { out.append(PlainLine("Latest in the log:")) }
        for e in latest {
            out.append(
                PlainLine(
                    "\(Format.made(e, now: now)), \(e.operator), \(e.kind.rawValue): \(PlainWords.spoken(e.text))"
                ))
        }
        return out
    }

    func countryDetail(_ code: String, world: World, now: Date) -> [PlainLine] {
        guard let c = world.countries[code] else {
            return [PlainLine("\(names.name(code)) is not a host country here.", .problem)]
        }
        var out = [
            PlainLine(
                "\(names.name(code)) (\(code)), \(PlainWords.alert(c.alertLevel)).",
                c.alertLevel >= .voluntaryReturn ? .alert(c.alertLevel) : .heading)
        ]
        if let last = c.lastAlertChange {
            out.append(
                PlainLine(
                    "Set by \(last.by) at \(PlainWords.when(last.at, now: now))"
                        + (last.reason.isEmpty ? "." : ": \(last.reason)")))
        }
        for k in CountKind.allCases {
            guard let v = c.counts[k] else { continue }
            let by = c.countHistory.last { $0.kind == k }?.by
            out.append(
                PlainLine(
                    "\(k.label.capitalizedFirst) \(Format.number(v.value)), as of \(PlainWords.when(v.asOf, now: now))"
                        + (by.map { ", set by \($0)" } ?? "") + (v.source.isEmpty ? "." : ", source \(v.source).")))
        }
        if c.counts.isEmpty { out.append(PlainLine("No counts yet.")) }
        for r in world.advice(for: code) {
            let was = r.previousLevel.map { ", was \($0)" } ?? ""
            out.append(
                PlainLine(
                    "\(r.item.source): \(r.item.sourceLevel ?? r.item.severity.word), since \(PlainWords.when(r.since, now: now))\(was).",
                    r.item.severity >= .severe ? .problem : .normal))
        }
        let crises = world.crisesByUrgency().filter { $0.isActive && $0.countries.contains(code) }.map(\.title)
        if !crises.isEmpty { out.append(PlainLine("In \(crises.joined(separator: " and ")).")) }
        if !c.preparedness.isEmpty {
            out.append(
                PlainLine(
                    "Preparedness list: \(PlainWords.checklistProgress(c.preparedness)). Type checklist \(code) to read it."
                ))
        }
        let people = world.contacts(in: [code]).count
        out.append(PlainLine("\(PlainWords.plural(people, "contact")). Type contacts \(code) for them."))
        return out
    }

    func itemDetail(_ owner: ChecklistOwner, _ id: String, world: World, now: Date) -> [PlainLine] {
        guard let it = item(owner, id, world) else { return [PlainLine("That item has been deleted.", .problem)] }
        var out = [PlainLine("\(it.text): \(PlainWords.status(it.status)).", .heading)]
        out.append(
            PlainLine(
                "On \(PlainWords.ownerName(owner, world: world, names: names)), section \(it.section); item id \(it.id)."
            ))
        if let by = it.doneBy, let at = it.doneAt, it.status == .done {
            out.append(PlainLine("Done by \(by) at \(PlainWords.when(at, now: now))."))
        }
        if !it.assignee.isEmpty { out.append(PlainLine("Assigned to \(it.assignee).")) }
        if let due = it.due {
            out.append(
                PlainLine("Due \(PlainWords.when(due, now: now))" + (it.isOverdue(at: now) ? ", overdue." : ".")))
        }
        if !it.guideline.isEmpty { out.append(PlainLine("Guideline: \(it.guideline).")) }
        if !it.note.isEmpty { out.append(PlainLine("Note: \(it.note)")) }
        return out
    }

    func contactDetail(_ id: String, world: World, now: Date) -> [PlainLine] {
        guard let p = world.contacts[id] else { return [PlainLine("That contact has been deleted.", .problem)] }
        var out = [PlainLine("\(p.name)" + (p.role.isEmpty ? "" : ", \(p.role)") + ".", .heading)]
        out.append(
            PlainLine(
                "\(p.organisation) (\(p.organisationKind.rawValue)), \(p.city.isEmpty ? "" : p.city + ", ")\(names.name(p.country))."
            ))
        out.append(PlainLine("\(p.duty.rawValue.capitalizedFirst); call order \(p.callOrder)."))
        for phone in p.phones { out.append(PlainLine("Phone: \(phone)")) }
        if !p.email.isEmpty { out.append(PlainLine("E-mail: \(p.email)")) }
        if !p.messaging.isEmpty { out.append(PlainLine("Messaging: \(p.messaging)")) }
        if let zone = TimeZone(identifier: p.timeZone) {
            out.append(
                PlainLine("Their time: \(Format.weekday(now, zone)) \(Format.clock(now, zone)) (\(p.timeZone))."))
        }
        if !p.languages.isEmpty { out.append(PlainLine("Languages: \(p.languages.joined(separator: ", ")).")) }
        if let v = p.lastVerified { out.append(PlainLine("Last verified \(PlainWords.when(v, now: now)).")) }
        if !p.notes.isEmpty { out.append(PlainLine("Notes: \(p.notes)")) }
        return out
    }

    func eventDetail(_ seq: Int, world: World, now: Date) -> [PlainLine] {
        guard let e = world.events.last(where: { $0.seq == seq }) else {
            return [PlainLine("That entry is no longer in the log.", .problem)]
        }
        let on = e.crisis.flatMap { world.crises[$0]?.title }.map { " on \($0)" } ?? ""
        return [
            PlainLine(
                "\(e.kind.rawValue.capitalizedFirst)\(on), by \(e.operator) at \(PlainWords.when(e.time, now: now))"
                    + (e.arrivedLate.map { ", sent \(PlainWords.when($0, now: now))" } ?? "") + ":",
                .heading),
            PlainLine(PlainWords.spoken(e.text)),
        ]
    }
}
