import CrisisModel
import Foundation

/// The situation report as data; `crisiscell brief --format json` prints exactly this.
public struct Brief: Encodable, Sendable {
    public struct Counts: Encodable, Sendable {
        public var values: [CountKind: Int]
        static let keys: [CountKind] = [
            .stock, .registered, .affected, .sheltered, .evacuated, .returned, .injured, .missing, .dead,
        ]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for k in Self.keys {
                if let v = values[k] {
                    try c.encode(v, forKey: Key(k.rawValue))
                } else {
                    try c.encodeNil(forKey: Key(k.rawValue))
                }
            }
        }
    }
    public struct CrisisLine: Encodable, Sendable {
        public var id, title, kind, phase: String
        public var severity: Int
        public var countries: [String]
        public var checklist: ChecklistProgress
    }
    public struct CountryLine: Encodable, Sendable {
        public var code, name: String
        public var alertLevel: Int
        public var counts: Counts
        enum CodingKeys: String, CodingKey { case code, name, alertLevel }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(alertLevel, forKey: .alertLevel)
            try counts.encode(to: encoder)
        }
    }
    public struct EventLine: Encodable, Sendable {
        public var time: Date
        public var `operator`: String
        public var crisis: String?
        public var kind: String
        public var text: String
        enum CodingKeys: String, CodingKey { case time, `operator`, crisis, kind, text }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(time, forKey: .time)
            try c.encode(`operator`, forKey: .operator)
            try c.encode(crisis, forKey: .crisis)
            try c.encode(kind, forKey: .kind)
            try c.encode(text, forKey: .text)
        }
    }

    public var generatedAt: Date
    public var crises: [CrisisLine]
    public var countries: [CountryLine]
    public var totals: Counts
    public var eventCount: Int
    public var latestEvents: [EventLine]

    public init(world: World, names: CountryNames, now: Date) {
        generatedAt = now
        crises = world.crisesByUrgency().map {
            CrisisLine(
                id: $0.id, title: $0.title, kind: $0.kind.rawValue, phase: $0.phase.rawValue, severity: $0.severity,
                countries: $0.countries, checklist: ChecklistProgress($0.checklist))
        }
        countries = world.countriesOrdered().map {
            CountryLine(
                code: $0.code, name: names.name($0.code), alertLevel: $0.alertLevel.rawValue,
                counts: Counts(values: $0.counts.mapValues(\.value)))
        }
        totals = Counts(values: world.totals())
        eventCount = world.events.count
        latestEvents = world.latestEvents(limit: 20).map {
            EventLine(time: $0.time, operator: $0.operator, crisis: $0.crisis, kind: $0.kind.rawValue, text: $0.text)
        }
    }

    public func json() throws -> String {
        String(decoding: try JSONCoding.encoder(pretty: true).encode(self), as: UTF8.self)
    }
}
