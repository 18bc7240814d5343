import Foundation

public enum DutyStatus: String, Codable, CaseIterable, Sendable {
    case onDuty = "on duty", onCall = "on call", offDuty = "off duty", unavailable

    public var glyph: String {
        switch self {
        case .onDuty: return "●"
        case .onCall: return "◐"
        case .offDuty: return "○"
        case .unavailable: return "×"
        }
    }
    /// On duty first in a call-down.
    public var rank: Int {
        switch self {
        case .onDuty: return 0
        case .onCall: return 1
        case .offDuty: return 2
        case .unavailable: return 3
        }
    }
}

public enum OrganisationKind: String, Codable, CaseIterable, Sendable {
    case ministry, mission, agency, airline, hostState = "host state", international, employer, warden, other
}

public struct Contact: Codable, Equatable, Sendable, Identifiable {
    public var id: String
    /// In any script.
    public var name: String
    public var organisation: String
    public var organisationKind: OrganisationKind
    public var role: String
    public var country: String
    public var city: String
    public var phones: [String]
    public var email: String
    public var messaging: String
    /// IANA time zone identifier, e.g. "Asia/Beirut".
    public var timeZone: String
    public var languages: [String]
    public var duty: DutyStatus
    public var callOrder: Int
    public var lastVerified: Date?
    public var notes: String

    public init(id: String, name: String, organisation: String, organisationKind: OrganisationKind, role: String,
                country: String, city: String = "", phones: [String] = [], email: String = "", messaging: String = "",
                timeZone: String, languages: [String] = [], duty: DutyStatus = .offDuty, callOrder: Int = 99,
                lastVerified: Date? = nil, notes: String = "") {
        self.id = id; self.name = name; self.organisation = organisation; self.organisationKind = organisationKind
        self.role = role; self.country = country; self.city = city; self.phones = phones; self.email = email
        self.messaging = messaging; self.timeZone = timeZone; self.languages = languages; self.duty = duty
        self.callOrder = callOrder; self.lastVerified = lastVerified; self.notes = notes
    }
}
