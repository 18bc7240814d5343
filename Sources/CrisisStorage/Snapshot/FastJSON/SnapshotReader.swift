import CrisisModel
import Foundation

/// Reads `snapshot.json` straight into the domain types with `JSONScanner`, mirroring their Codable shape:
/// unknown keys are skipped, optional fields may be null or missing, every other field must be present once.
/// Anything else is `Unsupported` and goes to JSONDecoder (see `SnapshotFile.load`).
enum SnapshotReader {
    typealias Unsupported = JSONScanner.Unsupported

    /// The snapshot, or nil when the bytes are outside what this reader handles.
    static func read(_ data: Data) -> SnapshotFile? {
        data.withUnsafeBytes { read($0) }
    }

    /// Reads a mapped file, handing back its pages as the reading passes them.
    static func read(_ file: MappedFile) -> SnapshotFile? {
        read(file.bytes, passed: { file.discard(below: $0) })
    }

    static func read(_ raw: UnsafeRawBufferPointer, passed: ((Int) -> Void)? = nil) -> SnapshotFile? {
        guard raw.count > 0 else { return nil }
        var s = JSONScanner(raw, passed: passed)
        guard let file = try? snapshot(&s), s.atEnd() else { return nil }
        return file
    }

    /// Marks a field as read; a key given twice is left to JSONDecoder.
    @inline(__always)
    static func mark(_ seen: inout UInt32, _ bit: UInt32) throws(Unsupported) {
        guard seen & bit == 0 else { throw Unsupported() }
        seen |= bit
    }

    @inline(__always)
    static func required<T>(_ value: T?) throws(Unsupported) -> T {
        guard let value else { throw Unsupported() }
        return value
    }

    static func snapshot(_ s: inout JSONScanner) throws(Unsupported) -> SnapshotFile {
        var format: String?
        var schema: Int?
        var seq: Int?
        var savedAt: Date?
        var world: World?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("format") {
                try mark(&seen, 1)
                format = try s.optionalString()
            } else if k.is("schemaVersion") {
                try mark(&seen, 2)
                schema = try s.optionalInt()
            } else if k.is("seq") {
                try mark(&seen, 4)
                seq = try s.int()
            } else if k.is("savedAt") {
                try mark(&seen, 8)
                savedAt = try s.date()
            } else if k.is("world") {
                try mark(&seen, 16)
                world = try self.world(&s)
            } else {
                try s.skipUnknown(k)
            }
        }
        // A foreign or newer file gets its proper error from the JSONDecoder path.
        guard format == SnapshotFile.format, let schema, schema <= SnapshotFile.currentSchema else {
            throw Unsupported()
        }
        var file = SnapshotFile(seq: try required(seq), savedAt: try required(savedAt), world: try required(world))
        file.schemaVersion = schema
        return file
    }

    static func world(_ s: inout JSONScanner) throws(Unsupported) -> World {
        var cell: CellSettings?
        var countries: [String: Country]?
        var crises: [String: Crisis]?
        var contacts: [String: Contact]?
        var events: [Event]?
        var stamps: [String: FieldStamp]?
        var watch: Watch?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("cell") {
                try mark(&seen, 1)
                cell = try self.cell(&s)
            } else if k.is("countries") {
                try mark(&seen, 2)
                countries = try dictionary(&s, country)
            } else if k.is("crises") {
                try mark(&seen, 4)
                crises = try dictionary(&s, crisis)
            } else if k.is("contacts") {
                try mark(&seen, 8)
                contacts = try dictionary(&s, contact)
            } else if k.is("events") {
                try mark(&seen, 16)
                events = try array(&s, event)
            } else if k.is("stamps") {
                try mark(&seen, 32)
                stamps = try dictionary(&s, stamp)
            } else if k.is("watch") {
                try mark(&seen, 64)
                // Feeds and their items are few beside the log: JSONDecoder reads them.
                watch = try? JSONCoding.decoder().decode(Watch.self, from: try s.rawValue())
                if watch == nil { throw Unsupported() }
            } else {
                try s.skipUnknown(k)
            }
        }
        return World(
            cell: try required(cell), countries: try required(countries), crises: try required(crises),
            contacts: try required(contacts), events: try required(events), stamps: stamps ?? [:],
            watch: watch ?? Watch())
    }

    static func dictionary<T>(_ s: inout JSONScanner, _ element: (inout JSONScanner) throws(Unsupported) -> T)
        throws(Unsupported) -> [String: T]
    {
        var out: [String: T] = [:]
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            let key = k.string
            guard out.updateValue(try element(&s), forKey: key) == nil else { throw Unsupported() }
        }
        return out
    }

    static func array<T>(_ s: inout JSONScanner, _ element: (inout JSONScanner) throws(Unsupported) -> T)
        throws(Unsupported) -> [T]
    {
        var out: [T] = []
        var first = true
        try s.beginArray()
        while try s.nextElement(&first) { out.append(try element(&s)) }
        return out
    }

    static func cell(_ s: inout JSONScanner) throws(Unsupported) -> CellSettings {
        var name: String?
        var zone: String?
        var banner: Int?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("name") {
                try mark(&seen, 1)
                name = try s.string()
            } else if k.is("homeTimeZone") {
                try mark(&seen, 2)
                zone = try s.string()
            } else if k.is("bannerNationals") {
                try mark(&seen, 4)
                banner = try s.optionalInt()
            } else {
                try s.skipUnknown(k)
            }
        }
        return CellSettings(name: try required(name), homeTimeZone: try required(zone), bannerNationals: banner)
    }

    static func alertLevel(_ s: inout JSONScanner) throws(Unsupported) -> AlertLevel {
        guard let level = AlertLevel(rawValue: try s.int()) else { throw Unsupported() }
        return level
    }

    static func country(_ s: inout JSONScanner) throws(Unsupported) -> Country {
        var code: String?
        var level: AlertLevel?
        var alerts: [AlertChange]?
        var counts: [CountKind: CountValue]?
        var history: [CountChange]?
        var preparedness: [ChecklistItem]?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("code") {
                try mark(&seen, 1)
                code = try s.string()
            } else if k.is("alertLevel") {
                try mark(&seen, 2)
                level = try alertLevel(&s)
            } else if k.is("alertHistory") {
                try mark(&seen, 4)
                alerts = try array(&s, alertChange)
            } else if k.is("counts") {
                try mark(&seen, 8)
                counts = try self.counts(&s)
            } else if k.is("countHistory") {
                try mark(&seen, 16)
                history = try array(&s, countChange)
            } else if k.is("preparedness") {
                try mark(&seen, 32)
                preparedness = try array(&s, item)
            } else {
                try s.skipUnknown(k)
            }
        }
        var country = Country(
            code: try required(code), alertLevel: try required(level), counts: try required(counts),
            preparedness: try required(preparedness))
        country.alertHistory = try required(alerts)
        country.countHistory = try required(history)
        return country
    }

    static func counts(_ s: inout JSONScanner) throws(Unsupported) -> [CountKind: CountValue] {
        var out: [CountKind: CountValue] = [:]
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            guard let kind = CountKind(rawValue: k.string) else { throw Unsupported() }
            guard out.updateValue(try countValue(&s), forKey: kind) == nil else { throw Unsupported() }
        }
        return out
    }

    static func countValue(_ s: inout JSONScanner) throws(Unsupported) -> CountValue {
        var value: Int?
        var asOf: Date?
        var source: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("value") {
                try mark(&seen, 1)
                value = try s.int()
            } else if k.is("asOf") {
                try mark(&seen, 2)
                asOf = try s.date()
            } else if k.is("source") {
                try mark(&seen, 4)
                source = try s.string()
            } else {
                try s.skipUnknown(k)
            }
        }
        return CountValue(value: try required(value), asOf: try required(asOf), source: try required(source))
    }

    static func countChange(_ s: inout JSONScanner) throws(Unsupported) -> CountChange {
        var kind: CountKind?
        var value: Int?
        var previous: Int?
        var at: Date?
        var source: String?
        var by: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("kind") {
                try mark(&seen, 1)
                kind = try s.enumValue(CountKind.self)
            } else if k.is("value") {
                try mark(&seen, 2)
                value = try s.int()
            } else if k.is("previous") {
                try mark(&seen, 4)
                previous = try s.optionalInt()
            } else if k.is("at") {
                try mark(&seen, 8)
                at = try s.date()
            } else if k.is("source") {
                try mark(&seen, 16)
                source = try s.string()
            } else if k.is("by") {
                try mark(&seen, 32)
                by = try s.string()
            } else {
                try s.skipUnknown(k)
            }
        }
        return CountChange(
            kind: try required(kind), value: try required(value), previous: previous, at: try required(at),
            source: try required(source), by: try required(by))
    }

    static func alertChange(_ s: inout JSONScanner) throws(Unsupported) -> AlertChange {
        var level: AlertLevel?
        var previous: AlertLevel?
        var at: Date?
        var by: String?
        var reason: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("level") {
                try mark(&seen, 1)
                level = try alertLevel(&s)
            } else if k.is("previous") {
                try mark(&seen, 2)
                previous = try alertLevel(&s)
            } else if k.is("at") {
                try mark(&seen, 4)
                at = try s.date()
            } else if k.is("by") {
                try mark(&seen, 8)
                by = try s.string()
            } else if k.is("reason") {
                try mark(&seen, 16)
                reason = try s.string()
            } else {
                try s.skipUnknown(k)
            }
        }
        return AlertChange(
            level: try required(level), previous: try required(previous), at: try required(at),
            by: try required(by), reason: try required(reason))
    }
}
