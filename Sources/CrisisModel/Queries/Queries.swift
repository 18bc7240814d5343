import Foundation

/// Read-only views of the world that the console, the brief and the briefing screen share.
extension World {
    /// Active crises first, then by severity, phase urgency, the highest alert among their countries, recency.
    public func crisesByUrgency(includeClosed: Bool = true) -> [Crisis] {
        memo("crises-\(includeClosed)", on: .crises) { sortCrises(includeClosed: includeClosed) }
    }

    private func sortCrises(includeClosed: Bool) -> [Crisis] {
        // Keys worked out once per crisis, and positions sorted rather than the crises themselves (moving a
        // Crisis costs a dozen reference counts): this runs again after every tick.
        let list = crises.values.filter { includeClosed || $0.isActive }
        let keys = list.map { c in
            (c.isActive ? 1 : 0, c.severity, c.phase.urgency, maxAlert(of: c).rawValue, c.updated)
        }
        let order = list.indices.sorted { i, j in
            let a = keys[i]
            let b = keys[j]
            if (a.0, a.1, a.2, a.3) != (b.0, b.1, b.2, b.3) { return (a.0, a.1, a.2, a.3) > (b.0, b.1, b.2, b.3) }
            if a.4 != b.4 { return a.4 > b.4 }
            return list[i].id < list[j].id
        }
        return order.map { list[$0] }
    }

    public func maxAlert(of crisis: Crisis) -> AlertLevel {
        crisis.countries.compactMap { countries[$0]?.alertLevel }.max() ?? .none
    }

    /// Sum of a count over the given countries; nil when none of them knows it.
    public func total(_ kind: CountKind, in codes: [String]) -> Int? {
        let values = codes.compactMap { countries[$0]?.count(kind) }
        // Saturating: a file written before counts were bounded may hold absurd figures; a sum never traps.
        return values.isEmpty
            ? nil
            : values.reduce(0) { a, b in
                let (sum, over) = a.addingReportingOverflow(b)
                return over ? Int.max : sum
            }
    }

    public func totals(in codes: [String]? = nil) -> [CountKind: Int] {
        let scope = codes ?? Array(countries.keys)
        var out: [CountKind: Int] = [:]
        for kind in CountKind.allCases { if let t = total(kind, in: scope) { out[kind] = t } }
        return out
    }

    /// Countries of `first` (in its order) at the top, then by alert level, affected, stock, code.
    public func countriesOrdered(first: [String] = []) -> [Country] {
        let firstSet = Set(first)
        let head = first.compactMap { countries[$0] }
        let all: [Country] = memo("countries", on: .countries) {
            countries.values.sorted { a, b in
                let ka = (a.alertLevel.rawValue, a.count(.affected) ?? -1, a.count(.stock) ?? -1)
                let kb = (b.alertLevel.rawValue, b.count(.affected) ?? -1, b.count(.stock) ?? -1)
                return ka != kb ? ka > kb : a.code < b.code
            }
        }
        return head + (firstSet.isEmpty ? all : all.filter { !firstSet.contains($0.code) })
    }

    /// Call-down order: on duty first, then by the order set for the country, then name.
    public func contacts(in codes: [String]?) -> [Contact] {
        func callDown(_ a: Contact, _ b: Contact) -> Bool {
            let ka = (a.duty.rank, a.callOrder)
            let kb = (b.duty.rank, b.callOrder)
            if ka != kb { return ka < kb }
            return (a.name, a.id) < (b.name, b.id)
        }
        guard let codes else { return memo("contacts-all", on: .contacts) { contacts.values.sorted(by: callDown) } }
        // Contacts grouped by country once per version, so a crisis's roster costs its own size, not the roster's.
        let byCountry: [String: [Contact]] = memo("contacts-by-country", on: .contacts) {
            Dictionary(grouping: contacts.values, by: \.country)
        }
        return Set(codes).flatMap { byCountry[$0] ?? [] }.sorted(by: callDown)
    }

    /// Newest first.
    public func latestEvents(limit: Int, crisis: String? = nil, significantOnly: Bool = false) -> [Event] {
        // Unfiltered, the newest `limit` are at the end; filtered, the walk back may cross the whole log, so
        // its answer is kept. The log only grows (a `didSet` on it would copy it on every append), so its
        // length and last number name its version.
        guard crisis == nil && !significantOnly else {
            let version = "\(events.count)|\(events.last?.seq ?? 0)"
            return memo("events|\(version)|\(limit)|\(crisis ?? "")|\(significantOnly)") {
                scanLatestEvents(limit: limit, crisis: crisis, significantOnly: significantOnly)
            }
        }
        return scanLatestEvents(limit: limit, crisis: nil, significantOnly: false)
    }

    private func scanLatestEvents(limit: Int, crisis: String?, significantOnly: Bool) -> [Event] {
        var out: [Event] = []
        for e in events.reversed() {
            if let crisis, e.crisis != crisis { continue }
            if significantOnly && !e.isSignificant { continue }
            out.append(e)
            if out.count == limit { break }
        }
        return out
    }

    /// The time of the newest change, if any.
    public var newestChange: Date? { events.last?.time }

    /// A crisis's checklist, or a country's preparedness list.
    public func checklist(of owner: ChecklistOwner) -> [ChecklistItem]? {
        switch owner {
        case .crisis(let id): return crises[id]?.checklist
        case .country(let code): return countries[code]?.preparedness
        }
    }

    /// Sections in first-seen order, with their items.
    public static func sections(of items: [ChecklistItem]) -> [(name: String, items: [ChecklistItem])] {
        var order: [String] = []
        var groups: [String: [ChecklistItem]] = [:]
        for item in items {
            if groups[item.section] == nil { order.append(item.section) }
            groups[item.section, default: []].append(item)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
