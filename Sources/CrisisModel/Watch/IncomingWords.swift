import Foundation

/// An incoming item in words, the same in the console, the line mode and the command line:
/// "▲ Orange flood · Malaysia · 7,400 nationals · GDACS · 2 h · Malaysia floods open".
public struct IncomingWords {
    public let world: World
    public let names: (String) -> String
    public let now: Date

    public init(world: World, names: @escaping (String) -> String, now: Date) {
        self.world = world
        self.names = names
        self.now = now
    }

    /// ▲ grave (severe, extreme), △ moderate, · minor; ✓ decided, ✕ withdrawn.
    public static func glyph(_ r: IncomingItem) -> String {
        if r.withdrawn { return "✕" }
        if r.status != .new { return "✓" }
        switch r.item.severity {
        case .extreme, .severe: return "▲"
        case .moderate: return "△"
        case .minor: return "·"
        }
    }

    /// "Orange flood", "Level 4 travel advice", "M6.1 earthquake".
    public static func what(_ r: IncomingItem) -> String {
        var level = r.item.sourceLevel ?? ""
        // "Level 4: Do Not Travel" is said in full by the title; the line keeps "Level 4".
        if let colon = level.firstIndex(of: ":") { level = String(level[..<colon]) }
        if level.count > 20 { level = r.item.severity.word }
        return level.isEmpty ? r.item.kind : "\(level) \(r.item.kind)"
    }

    public func places(_ r: IncomingItem) -> String {
        let codes = r.item.countries
        guard !codes.isEmpty else { return r.item.place ?? "at sea / unknown" }
        let shown = codes.prefix(2).map(names).joined(separator: ", ")
        return codes.count > 2 ? "\(shown) +\(codes.count - 2)" : shown
    }

    public func nationals(_ r: IncomingItem) -> String {
        let n = world.nationals(in: r.item.countries)
        return n == 0 ? "no nationals known" : "\(Format.number(n)) nationals"
    }

    public func age(_ r: IncomingItem) -> String { Format.age(now.timeIntervalSince(r.item.time ?? r.received)) }

    /// Where the team stands with it, or the crisis already open where it happens.
    public func standing(_ r: IncomingItem) -> String {
        if r.withdrawn { return "withdrawn by \(r.item.source) \(Format.age(now.timeIntervalSince(r.updated))) ago" }
        let title = { (id: String?) in id.flatMap { world.crises[$0]?.title } ?? id ?? "?" }
        switch r.status {
        case .dismissed: return "dismissed by \(r.triage?.by ?? "?"): \(r.triage?.reason ?? "")"
        case .linked: return "linked to \(title(r.triage?.crisis)) by \(r.triage?.by ?? "?")"
        case .opened: return "opened \(title(r.triage?.crisis)) by \(r.triage?.by ?? "?")"
        case .new:
            let open = world.crises.values.filter { c in
                c.isActive && c.countries.contains { r.item.countries.contains($0) }
            }
            .sorted { $0.id < $1.id }.first
            let updated = r.revisions > 0 ? "updated\(r.previousLevel.map { " (was \($0))" } ?? "")" : ""
            return [updated, open.map { "\($0.title) open" } ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        }
    }

    /// The whole line.
    public func line(_ r: IncomingItem) -> String {
        let parts = [
            "\(Self.glyph(r)) \(Self.what(r))", places(r), nationals(r), r.item.source, age(r), standing(r),
        ]
        return parts.filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// Every field, one per line, for Enter and `incoming show`.
    public func detail(_ r: IncomingItem) -> [String] {
        let i = r.item
        var out = [i.title, line(r), ""]
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { out.append("\(label): \(value)") }
        }
        add("Source", "\(i.source) (feed \(r.feed)), id \(i.id)")
        add("Kind", i.kind)
        add("Countries", i.countries.isEmpty ? nil : i.countries.map { "\(names($0)) (\($0))" }.joined(separator: ", "))
        add("Place", i.place)
        add("Their level", i.sourceLevel)
        add("Our reading", "\(i.severity.word)\(i.urgency.map { ", urgency \($0)" } ?? "")")
        add("Time", i.time.map { Timestamp.string($0) })
        add("Expires", i.expires.map { Timestamp.string($0) })
        add("Population", i.population.map { Format.number($0) })
        add("GLIDE", i.glide)
        add("Link", i.link)
        add("Summary", i.summary)
        add(
            "Received",
            "\(Timestamp.string(r.received))\(r.revisions > 0 ? ", updated \(r.revisions) times, last \(Timestamp.string(r.updated))" : "")"
        )
        add("Earlier level", r.previousLevel)
        if let t = r.triage {
            add(
                "Decided",
                "\(t.status.rawValue) by \(t.by) at \(Timestamp.string(t.at))\(t.reason.map { ": \($0)" } ?? "")")
        }
        return out
    }
}
