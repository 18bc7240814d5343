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

    public init(id: String, title: String, kind: CrisisKind, countries: [String], severity: Int, phase: Phase,
                started: Date, updated: Date? = nil, leadOfficer: String = "", summary: String = "",
                checklist: [ChecklistItem] = []) {
        self.id = id; self.title = title; self.kind = kind; self.countries = countries
        self.severity = severity; self.phase = phase; self.started = started
        self.updated = updated ?? started; self.leadOfficer = leadOfficer; self.summary = summary
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
    public init(title: String? = nil, kind: CrisisKind? = nil, countries: [String]? = nil, severity: Int? = nil,
                phase: Phase? = nil, leadOfficer: String? = nil, summary: String? = nil) {
        self.title = title; self.kind = kind; self.countries = countries; self.severity = severity
        self.phase = phase; self.leadOfficer = leadOfficer; self.summary = summary
    }
}
