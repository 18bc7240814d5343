import Foundation

/// Settings of the cell itself.
public struct CellSettings: Codable, Equatable, Sendable {
    public var name: String
    /// The cell's home time zone shown beside UTC.
    public var homeTimeZone: String
    public init(name: String = "Dhaka cell", homeTimeZone: String = "Asia/Dhaka") {
        self.name = name; self.homeTimeZone = homeTimeZone
    }
}

/// The whole state the store holds. Value type: a copy is a consistent snapshot.
public struct World: Codable, Equatable, Sendable {
    public var cell: CellSettings
    public var countries: [String: Country]
    public var crises: [String: Crisis]
    public var contacts: [String: Contact]
    /// Oldest first.
    public var events: [Event]

    public init(cell: CellSettings = CellSettings(), countries: [String: Country] = [:], crises: [String: Crisis] = [:],
                contacts: [String: Contact] = [:], events: [Event] = []) {
        self.cell = cell; self.countries = countries; self.crises = crises; self.contacts = contacts; self.events = events
    }

    public var isEmpty: Bool { countries.isEmpty && crises.isEmpty && contacts.isEmpty && events.isEmpty }
}
