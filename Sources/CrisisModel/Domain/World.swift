import Foundation

/// Settings of the cell itself.
public struct CellSettings: Codable, Equatable, Sendable {
    public var name: String
    /// The cell's home time zone shown beside UTC.
    public var homeTimeZone: String
    /// How many of our nationals a country must hold for a grave incoming item there to raise a banner; nil: the
    /// standard 1,000. Absent from files while it is not set.
    public var bannerNationals: Int?
    public init(name: String = "Dhaka cell", homeTimeZone: String = "Asia/Dhaka", bannerNationals: Int? = nil) {
        self.name = name
        self.homeTimeZone = homeTimeZone
        self.bannerNationals = bannerNationals
    }

    public var incomingThreshold: IncomingThreshold {
        bannerNationals.map(IncomingThreshold.init(nationals:)) ?? .standard
    }
}

/// The parts of the world a remembered answer depends on (see `World.memo`).
public enum WorldPart: Sendable {
    /// Crises, and the countries whose alert levels and counts rank them.
    case crises
    case countries
    case contacts
    /// The feeds followed and what they brought in.
    case watch
    /// Anything at all.
    case any
}

/// The whole state the store holds. Value type: a copy is a consistent snapshot.
public struct World: Codable, Equatable, Sendable {
    public var cell: CellSettings
    // The collections are stored privately and changed through `_modify`, which yields them in place and then
    // drops the answers that depended on them. (A `didSet` made every `world.contacts[id] = c` copy the whole
    // dictionary: 20,000 contacts for one edit.)
    private var storedCountries: [String: Country]
    private var storedCrises: [String: Crisis]
    private var storedContacts: [String: Contact]
    private var storedWatch: Watch
    /// Oldest first. Only ever appended to, so its length names its version (see `latestEvents`).
    public var events: [Event]
    /// Who last changed each edited field (see `StampKey`); counts and alert levels keep their own histories.
    public var stamps: [String: FieldStamp]

    public var countries: [String: Country] {
        get { storedCountries }
        set {
            storedCountries = newValue
            changed(.countries)
        }
        _modify {
            yield &storedCountries
            changed(.countries)
        }
    }
    public var crises: [String: Crisis] {
        get { storedCrises }
        set {
            storedCrises = newValue
            changed(.crises)
        }
        _modify {
            yield &storedCrises
            changed(.crises)
        }
    }
    public var contacts: [String: Contact] {
        get { storedContacts }
        set {
            storedContacts = newValue
            changed(.contacts)
        }
        _modify {
            yield &storedContacts
            changed(.contacts)
        }
    }

    public var watch: Watch {
        get { storedWatch }
        set {
            storedWatch = newValue
            changed(.watch)
        }
        _modify {
            yield &storedWatch
            changed(.watch)
        }
    }

    /// Answers worked out once per version of the data (the console asks for them every frame), by what they
    /// depend on, so a tick keeps the contact roster's grouping and an edited contact keeps the crisis ranking.
    private var crisisAnswers = DerivedCache()
    private var countryAnswers = DerivedCache()
    private var contactAnswers = DerivedCache()
    private var anyAnswers = DerivedCache()

    private mutating func changed(_ part: WorldPart) {
        switch part {
        case .crises: crisisAnswers = DerivedCache()
        case .countries:
            countryAnswers = DerivedCache()
            crisisAnswers = DerivedCache()
        case .contacts: contactAnswers = DerivedCache()
        case .watch, .any: break
        }
        anyAnswers = DerivedCache()
    }

    enum CodingKeys: String, CodingKey {
        case cell
        case storedCountries = "countries"
        case storedCrises = "crises"
        case storedContacts = "contacts"
        case events, stamps
        case storedWatch = "watch"
    }

    // Stamps are left out while there are none, so a first-wave snapshot reads and writes as it always did.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            cell: try c.decode(CellSettings.self, forKey: .cell),
            countries: try c.decode([String: Country].self, forKey: .storedCountries),
            crises: try c.decode([String: Crisis].self, forKey: .storedCrises),
            contacts: try c.decode([String: Contact].self, forKey: .storedContacts),
            events: try c.decode([Event].self, forKey: .events),
            stamps: try c.decodeIfPresent([String: FieldStamp].self, forKey: .stamps) ?? [:],
            watch: try c.decodeIfPresent(Watch.self, forKey: .storedWatch) ?? Watch())
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cell, forKey: .cell)
        try c.encode(storedCountries, forKey: .storedCountries)
        try c.encode(storedCrises, forKey: .storedCrises)
        try c.encode(storedContacts, forKey: .storedContacts)
        try c.encode(events, forKey: .events)
        if !stamps.isEmpty { try c.encode(stamps, forKey: .stamps) }
        if !storedWatch.isEmpty { try c.encode(storedWatch, forKey: .storedWatch) }
    }

    public static func == (a: World, b: World) -> Bool {
        a.cell == b.cell && a.countries == b.countries && a.crises == b.crises && a.contacts == b.contacts
            && a.events == b.events
            && a.stamps == b.stamps && a.watch == b.watch
    }

    public init(
        cell: CellSettings = CellSettings(), countries: [String: Country] = [:], crises: [String: Crisis] = [:],
        contacts: [String: Contact] = [:], events: [Event] = [], stamps: [String: FieldStamp] = [:],
        watch: Watch = Watch()
    ) {
        self.cell = cell
        storedCountries = countries
        storedCrises = crises
        storedContacts = contacts
        self.events = events
        self.stamps = stamps
        storedWatch = watch
    }

    public var isEmpty: Bool {
        countries.isEmpty && crises.isEmpty && contacts.isEmpty && events.isEmpty && watch.isEmpty
    }

    /// A value worked out once for this version of `part` under `key` (the console's lists and totals, so a
    /// key press costs what is on screen rather than the size of the store). Events do not count as a change
    /// of `.any`: a key for them must name their version.
    public func memo<T>(_ key: String, on part: WorldPart = .any, _ make: () -> T) -> T {
        switch part {
        case .crises: return crisisAnswers.value(key, make)
        case .countries: return countryAnswers.value(key, make)
        case .contacts: return contactAnswers.value(key, make)
        case .watch, .any: return anyAnswers.value(key, make)
        }
    }
}

/// Memoised views of one version of part of a World. A reference shared by copies of the same version;
/// replaced (never mutated into inconsistency) when the data changes.
final class DerivedCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]
    /// Filters typed letter by letter each leave an entry; past this many the cache starts again.
    static let limit = 64

    func value<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        if let v = values[key] as? T {
            lock.unlock()
            return v
        }
        lock.unlock()
        let v = make()
        lock.lock()
        if values.count >= Self.limit { values.removeAll() }
        values[key] = v
        lock.unlock()
        return v
    }
}
