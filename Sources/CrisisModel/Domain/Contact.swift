import Foundation

public enum DutyStatus: String, Codable, CaseIterable, Sendable {
    case onDuty = "on duty"
    case onCall = "on call"
    case offDuty = "off duty"
    case unavailable

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
    case ministry, mission, agency, airline
    case hostState = "host state"
    case international, employer, warden, other
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
    /// The name's parts as a card gave them (vCard N: family, given, additional, prefix, suffix), kept so an
    /// export gives the phone its family and given names back; nil for a name typed whole.
    public var nameParts: [String]?
    /// What kind of address the city and country came from, as a card said it ("HOME", "WORK"); nil: work.
    public var addressType: String?

    public init(
        id: String, name: String, organisation: String, organisationKind: OrganisationKind, role: String,
        country: String, city: String = "", phones: [String] = [], email: String = "", messaging: String = "",
        timeZone: String, languages: [String] = [], duty: DutyStatus = .offDuty, callOrder: Int = 99,
        lastVerified: Date? = nil, notes: String = "", nameParts: [String]? = nil, addressType: String? = nil
    ) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.organisationKind = organisationKind
        self.role = role
        self.country = country
        self.city = city
        self.phones = phones
        self.email = email
        self.messaging = messaging
        self.timeZone = timeZone
        self.languages = languages
        self.duty = duty
        self.callOrder = callOrder
        self.lastVerified = lastVerified
        self.notes = notes
        self.nameParts = nameParts
        self.addressType = addressType
    }
}

/// The fields of a contact a change sets; nil leaves a field as it is. A change carries only what the user
/// changed, so two people editing different fields of one contact never undo each other.
public struct ContactPatch: Codable, Equatable, Sendable {
    public var name: String?
    public var organisation: String?
    public var organisationKind: OrganisationKind?
    public var role: String?
    public var country: String?
    public var city: String?
    public var phones: [String]?
    public var email: String?
    public var messaging: String?
    public var timeZone: String?
    public var languages: [String]?
    public var duty: DutyStatus?
    public var callOrder: Int?
    public var lastVerified: Date?
    public var notes: String?
    public var nameParts: [String]?
    public var addressType: String?

    public init(
        name: String? = nil, organisation: String? = nil, organisationKind: OrganisationKind? = nil,
        role: String? = nil,
        country: String? = nil, city: String? = nil, phones: [String]? = nil, email: String? = nil,
        messaging: String? = nil,
        timeZone: String? = nil, languages: [String]? = nil, duty: DutyStatus? = nil, callOrder: Int? = nil,
        lastVerified: Date? = nil, notes: String? = nil, nameParts: [String]? = nil, addressType: String? = nil
    ) {
        self.name = name
        self.organisation = organisation
        self.organisationKind = organisationKind
        self.role = role
        self.country = country
        self.city = city
        self.phones = phones
        self.email = email
        self.messaging = messaging
        self.timeZone = timeZone
        self.languages = languages
        self.duty = duty
        self.callOrder = callOrder
        self.lastVerified = lastVerified
        self.notes = notes
        self.nameParts = nameParts
        self.addressType = addressType
    }

    /// The patch that turns `old` into `new`: only the fields that differ.
    public static func difference(from old: Contact, to new: Contact) -> ContactPatch {
        var p = ContactPatch()
        if old.name != new.name { p.name = new.name }
        if old.organisation != new.organisation { p.organisation = new.organisation }
        if old.organisationKind != new.organisationKind { p.organisationKind = new.organisationKind }
        if old.role != new.role { p.role = new.role }
        if old.country != new.country { p.country = new.country }
        if old.city != new.city { p.city = new.city }
        if old.phones != new.phones { p.phones = new.phones }
        if old.email != new.email { p.email = new.email }
        if old.messaging != new.messaging { p.messaging = new.messaging }
        if old.timeZone != new.timeZone { p.timeZone = new.timeZone }
        if old.languages != new.languages { p.languages = new.languages }
        if old.duty != new.duty { p.duty = new.duty }
        if old.callOrder != new.callOrder { p.callOrder = new.callOrder }
        if old.lastVerified != new.lastVerified, let v = new.lastVerified { p.lastVerified = v }
        if old.notes != new.notes { p.notes = new.notes }
        // Empty clears: a card that no longer says HOME, or a name whose parts no longer hold.
        if old.nameParts != new.nameParts { p.nameParts = new.nameParts ?? [] }
        if old.addressType != new.addressType { p.addressType = new.addressType ?? "" }
        return p
    }

    /// The same fields, with the values `contact` has for them (what a change expects to replace).
    public func values(in contact: Contact) -> ContactPatch {
        var p = ContactPatch()
        if name != nil { p.name = contact.name }
        if organisation != nil { p.organisation = contact.organisation }
        if organisationKind != nil { p.organisationKind = contact.organisationKind }
        if role != nil { p.role = contact.role }
        if country != nil { p.country = contact.country }
        if city != nil { p.city = contact.city }
        if phones != nil { p.phones = contact.phones }
        if email != nil { p.email = contact.email }
        if messaging != nil { p.messaging = contact.messaging }
        if timeZone != nil { p.timeZone = contact.timeZone }
        if languages != nil { p.languages = contact.languages }
        if duty != nil { p.duty = contact.duty }
        if callOrder != nil { p.callOrder = contact.callOrder }
        if lastVerified != nil { p.lastVerified = contact.lastVerified }
        if notes != nil { p.notes = contact.notes }
        // A card's parts the contact did not have yet expect nothing (empty), like a first value.
        if nameParts != nil { p.nameParts = contact.nameParts ?? [] }
        if addressType != nil { p.addressType = contact.addressType ?? "" }
        return p
    }

    public var isEmpty: Bool { self == ContactPatch() }

    /// This patch's values for the fields `other` sets.
    public func restricted(to other: ContactPatch) -> ContactPatch? {
        var p = ContactPatch()
        if other.name != nil { p.name = name }
        if other.organisation != nil { p.organisation = organisation }
        if other.organisationKind != nil { p.organisationKind = organisationKind }
        if other.role != nil { p.role = role }
        if other.country != nil { p.country = country }
        if other.city != nil { p.city = city }
        if other.phones != nil { p.phones = phones }
        if other.email != nil { p.email = email }
        if other.messaging != nil { p.messaging = messaging }
        if other.timeZone != nil { p.timeZone = timeZone }
        if other.languages != nil { p.languages = languages }
        if other.duty != nil { p.duty = duty }
        if other.callOrder != nil { p.callOrder = callOrder }
        if other.lastVerified != nil { p.lastVerified = lastVerified }
        if other.notes != nil { p.notes = notes }
        if other.nameParts != nil { p.nameParts = nameParts }
        if other.addressType != nil { p.addressType = addressType }
        return p.isEmpty ? nil : p
    }

    /// The form keys of the fields this patch sets.
    public var fieldNames: [String] {
        [
            ("name", name != nil), ("organisation", organisation != nil), ("orgKind", organisationKind != nil),
            ("role", role != nil),
            ("country", country != nil), ("city", city != nil), ("phones", phones != nil), ("email", email != nil),
            ("messaging", messaging != nil), ("timeZone", timeZone != nil), ("languages", languages != nil),
            ("duty", duty != nil),
            ("order", callOrder != nil), ("lastVerified", lastVerified != nil), ("notes", notes != nil),
            ("nameParts", nameParts != nil), ("addressType", addressType != nil),
        ].filter(\.1).map(\.0)
    }
}

extension Contact {
    mutating func apply(_ p: ContactPatch) {
        if let v = p.name { name = v }
        if let v = p.organisation { organisation = v }
        if let v = p.organisationKind { organisationKind = v }
        if let v = p.role { role = v }
        if let v = p.country { country = v }
        if let v = p.city { city = v }
        if let v = p.phones { phones = v }
        if let v = p.email { email = v }
        if let v = p.messaging { messaging = v }
        if let v = p.timeZone { timeZone = v }
        if let v = p.languages { languages = v }
        if let v = p.duty { duty = v }
        if let v = p.callOrder { callOrder = v }
        if let v = p.lastVerified { lastVerified = v }
        if let v = p.notes { notes = v }
        if let v = p.nameParts { nameParts = v.isEmpty ? nil : v }
        if let v = p.addressType { addressType = v.isEmpty ? nil : v }
    }
}
