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
    // Any change to the data drops the derived orderings; didSet without oldValue keeps mutation in place.
    public var countries: [String: Country] { didSet { derived = DerivedCache() } }
    public var crises: [String: Crisis] { didSet { derived = DerivedCache() } }
    public var contacts: [String: Contact] { didSet { derived = DerivedCache() } }
    /// Oldest first.
    public var events: [Event]
    /// Orderings worked out once per version of the data (the console asks for them every frame).
    var derived = DerivedCache()

    enum CodingKeys: String, CodingKey { case cell, countries, crises, contacts, events }

    public static func == (a: World, b: World) -> Bool {
        a.cell == b.cell && a.countries == b.countries && a.crises == b.crises && a.contacts == b.contacts && a.events == b.events
    }

    public init(cell: CellSettings = CellSettings(), countries: [String: Country] = [:], crises: [String: Crisis] = [:],
                contacts: [String: Contact] = [:], events: [Event] = []) {
        self.cell = cell; self.countries = countries; self.crises = crises; self.contacts = contacts; self.events = events
    }

    public var isEmpty: Bool { countries.isEmpty && crises.isEmpty && contacts.isEmpty && events.isEmpty }

    /// A value worked out once for this version of the data under `key` (the console's lists and totals, so
    /// a key press costs what is on screen rather than the size of the store).
    public func memo<T>(_ key: String, _ make: () -> T) -> T { derived.value(key, make) }
}

/// Memoised views of one version of a World. A reference shared by copies of the same version; replaced
/// (never mutated into inconsistency) when the data changes.
final class DerivedCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]
    /// Filters typed letter by letter each leave an entry; past this many the cache starts again.
    static let limit = 64

    func value<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        if let v = values[key] as? T { lock.unlock(); return v }
        lock.unlock()
        let v = make()
        lock.lock()
        if values.count >= Self.limit { values.removeAll() }
        values[key] = v
        lock.unlock()
        return v
    }
}
