import Foundation

/// How grave an item reads on one scale for every source: GDACS green/orange/red, CAP severity, the US advisory
/// levels 1-4, a PAGER colour or a magnitude. Ranking the Incoming list and the banner threshold use it.
public enum FeedSeverity: Int, Codable, Sendable, Comparable, CaseIterable {
    case minor = 1
    case moderate, severe, extreme

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        let word = try decoder.singleValueContainer().decode(String.self)
        guard let s = Self.allCases.first(where: { $0.word == word }) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(word)\" is not a severity"))
        }
        self = s
    }

    /// As its word in JSON, which a reader need not look up.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(word)
    }

    public var word: String {
        switch self {
        case .minor: "minor"
        case .moderate: "moderate"
        case .severe: "severe"
        case .extreme: "extreme"
        }
    }
}

/// What a message does to an earlier one with the same source: CAP's Update and Cancel, GDACS's new episode.
public enum FeedMessageType: String, Codable, Sendable {
    case alert, update, cancel
}

/// One thing a feed says: a hazard, an advisory, a disaster, a quake or a news story, in the cell's terms.
public struct FeedItem: Codable, Equatable, Sendable {
    /// The format's label ("GDACS", "CAP", "US advisory", "ReliefWeb", "USGS", "news").
    public var source: String
    /// The source's own id, stable across updates where the source keeps one (GDACS event, CAP identifier).
    public var id: String
    /// What happened: "flood", "earthquake", "travel advice", "news" ...
    public var kind: String
    public var title: String
    /// ISO 3166 alpha-2 codes, in the order the item names them; empty when at sea or unknown.
    public var countries: [String]
    /// The place as the source words it, when it says more than the countries ("45 km SSW of Sinabang").
    public var place: String?
    /// The source's level in its own words ("Red", "Level 4: Do Not Travel", "Severe / Immediate / Observed").
    public var sourceLevel: String?
    public var severity: FeedSeverity
    /// CAP's urgency ("Immediate", "Expected"...), for the threshold "Extreme/Severe and Immediate".
    public var urgency: String?
    public var time: Date?
    public var expires: Date?
    public var link: String?
    public var summary: String?
    public var glide: String?
    public var population: Int?
    public var messageType: FeedMessageType
    /// Ids of the earlier messages this one updates or cancels.
    public var replaces: [String]

    public init(
        source: String, id: String, kind: String, title: String, countries: [String] = [], place: String? = nil,
        sourceLevel: String? = nil, severity: FeedSeverity = .minor, urgency: String? = nil, time: Date? = nil,
        expires: Date? = nil, link: String? = nil, summary: String? = nil, glide: String? = nil,
        population: Int? = nil, messageType: FeedMessageType = .alert, replaces: [String] = []
    ) {
        // Every text from a feed on one line with no control or bidi character: an item printed as a block must not
        // be able to forge the next item's lines, nor steer a terminal.
        let line = { (s: String) in TextCleaning.oneLine(s) }
        self.source = source
        self.id = line(id)
        self.kind = line(kind)
        self.title = Self.clip(line(title), 1_000)
        self.countries = countries
        self.place = place.map(line).map { Self.clip($0, 500) }
        self.sourceLevel = sourceLevel.map(line)
        self.severity = severity
        self.urgency = urgency.map(line)
        self.time = time
        self.expires = expires
        self.link = link.map(line).map { Self.clip($0, 2_000) }
        // A feed's text is a glimpse: the link has the rest. Bounded so one item always fits a change.
        self.summary = summary.map(line).map { Self.clip($0, 2_000) }
        self.glide = glide.map(line)
        self.population = population
        self.messageType = messageType
        self.replaces = replaces.map(line)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))) + "…"
    }

    /// The cell's default banner rule before counting nationals: GDACS red, CAP Extreme or Severe and Immediate,
    /// a US Level 4, a PAGER red quake; a cancellation never.
    public var isAboveDefaultThreshold: Bool {
        guard messageType != .cancel else { return false }
        if source == "CAP" {
            return severity >= .severe && urgency?.lowercased() == "immediate"
        }
        return severity == .extreme
    }
}
