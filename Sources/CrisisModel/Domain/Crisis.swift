import Foundation

public enum CrisisKind: String, Codable, CaseIterable, Sendable {
    case conflict, unrest, earthquake, flood, cyclone, epidemic, fire, economic, other
}

public enum Phase: String, Codable, CaseIterable, Sendable {
    case monitoring, preparedness, response, evacuation, recovery, closed

    public var label: String { rawValue.capitalized }
    /// Higher is more urgent; used to rank the crisis board.
    public var urgency: Int {
        switch self {
        case .evacuation: return 5
        case .response: return 4
        case .preparedness: return 3
        case .recovery: return 2
        case .monitoring: return 1
        case .closed: return 0
        }
    }
}

public struct Crisis: Codable, Equatable, Sendable, Identifiable {
    public var id: String
    public var title: String
    public var kind: CrisisKind
    public var countries: [String]
    /// 1 (low) to 4 (grave).
    public var severity: Int
    public var phase: Phase
    public var started: Date
    public var updated: Date
    public var leadOfficer: String
    public var summary: String
    /// Emergency response, evacuation and post-crisis items for this crisis.
    public var checklist: [ChecklistItem]

    public init(
        id: String, title: String, kind: CrisisKind, countries: [String], severity: Int, phase: Phase,
        started: Date, updated: Date? = nil, leadOfficer: String = "", summary: String = "",
        checklist: [ChecklistItem] = []
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.countries = countries
        self.severity = severity
        self.phase = phase
        self.started = started
        self.updated = updated ?? started
        self.leadOfficer = leadOfficer
        self.summary = summary
        self.checklist = checklist
    }

    public var isActive: Bool { phase != .closed }
}

/// The editable fields of a crisis; nil leaves a field as it is.
public struct CrisisPatch: Codable, Equatable, Sendable {
    public var title: String?
    public var kind: CrisisKind?
    public var countries: [String]?
    public var severity: Int?
    public var phase: Phase?
    public var leadOfficer: String?
    public var summary: String?
    public init(
        title: String? = nil, kind: CrisisKind? = nil, countries: [String]? = nil, severity: Int? = nil,
        phase: Phase? = nil, leadOfficer: String? = nil, summary: String? = nil
    ) {
        self.title = title
        self.kind = kind
        self.countries = countries
        self.severity = severity
        self.phase = phase
        self.leadOfficer = leadOfficer
        self.summary = summary
    }

    /// The same fields, with the values `crisis` has for them (what a change expects to replace).
    public func values(in crisis: Crisis) -> CrisisPatch {
        var p = CrisisPatch()
        if title != nil { p.title = crisis.title }
        if kind != nil { p.kind = crisis.kind }
        if countries != nil { p.countries = crisis.countries }
        if severity != nil { p.severity = crisis.severity }
        if phase != nil { p.phase = crisis.phase }
        if leadOfficer != nil { p.leadOfficer = crisis.leadOfficer }
        if summary != nil { p.summary = crisis.summary }
        return p
    }

    public var isEmpty: Bool { self == CrisisPatch() }

    /// This patch's values for the fields `other` sets (an expectation cut down to what a change still sets).
    public func restricted(to other: CrisisPatch) -> CrisisPatch? {
        var p = CrisisPatch()
        if other.title != nil { p.title = title }
        if other.kind != nil { p.kind = kind }
        if other.countries != nil { p.countries = countries }
        if other.severity != nil { p.severity = severity }
        if other.phase != nil { p.phase = phase }
        if other.leadOfficer != nil { p.leadOfficer = leadOfficer }
        if other.summary != nil { p.summary = summary }
        return p.isEmpty ? nil : p
    }

    /// The form keys of the fields this patch sets (stamped when it is applied).
    public var fieldNames: [String] {
        [
            ("title", title != nil), ("kind", kind != nil), ("countries", countries != nil),
            ("severity", severity != nil),
            ("phase", phase != nil), ("lead", leadOfficer != nil), ("summary", summary != nil),
        ].filter(\.1).map(\.0)
    }
}

extension Crisis {
    mutating func apply(_ patch: CrisisPatch) {
        if let v = patch.title { title = v }
        if let v = patch.kind { kind = v }
        if let v = patch.countries { countries = v }
        if let v = patch.severity { severity = v }
        if let v = patch.phase { phase = v }
        if let v = patch.leadOfficer { leadOfficer = v }
        if let v = patch.summary { summary = v }
    }

    /// Equal in everything a person edits or ticks; `updated` moves with every count in its countries.
    public func sameContent(as other: Crisis) -> Bool {
        var a = self
        var b = other
        a.updated = b.updated
        return a == b
    }
}
