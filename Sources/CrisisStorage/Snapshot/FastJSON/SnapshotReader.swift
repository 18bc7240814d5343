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

    private static func read(_ raw: UnsafeRawBufferPointer, passed: ((Int) -> Void)? = nil) -> SnapshotFile? {
        guard raw.count > 0 else { return nil }
        var s = JSONScanner(raw, passed: passed)
        guard let file = try? snapshot(&s), s.atEnd() else { return nil }
        return file
    }

    /// Marks a field as read; a key given twice is left to JSONDecoder.
    @inline(__always)
    private static func mark(_ seen: inout UInt32, _ bit: UInt32) throws(Unsupported) {
        guard seen & bit == 0 else { throw Unsupported() }
        seen |= bit
    }

    @inline(__always)
    private static func required<T>(_ value: T?) throws(Unsupported) -> T {
        guard let value else { throw Unsupported() }
        return value
    }

    private static func snapshot(_ s: inout JSONScanner) throws(Unsupported) -> SnapshotFile {
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

    private static func world(_ s: inout JSONScanner) throws(Unsupported) -> World {
        var cell: CellSettings?
        var countries: [String: Country]?
        var crises: [String: Crisis]?
        var contacts: [String: Contact]?
        var events: [Event]?
        var stamps: [String: FieldStamp]?
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
            } else {
                try s.skipUnknown(k)
            }
        }
        return World(
            cell: try required(cell), countries: try required(countries), crises: try required(crises),
            contacts: try required(contacts), events: try required(events), stamps: stamps ?? [:])
    }

    private static func dictionary<T>(_ s: inout JSONScanner, _ element: (inout JSONScanner) throws(Unsupported) -> T)
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

    private static func array<T>(_ s: inout JSONScanner, _ element: (inout JSONScanner) throws(Unsupported) -> T)
        throws(Unsupported) -> [T]
    {
        var out: [T] = []
        var first = true
        try s.beginArray()
        while try s.nextElement(&first) { out.append(try element(&s)) }
        return out
    }

    private static func cell(_ s: inout JSONScanner) throws(Unsupported) -> CellSettings {
        var name: String?
        var zone: String?
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
            } else {
                try s.skipUnknown(k)
            }
        }
        return CellSettings(name: try required(name), homeTimeZone: try required(zone))
    }

    private static func alertLevel(_ s: inout JSONScanner) throws(Unsupported) -> AlertLevel {
        guard let level = AlertLevel(rawValue: try s.int()) else { throw Unsupported() }
        return level
    }

    private static func country(_ s: inout JSONScanner) throws(Unsupported) -> Country {
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

    private static func counts(_ s: inout JSONScanner) throws(Unsupported) -> [CountKind: CountValue] {
        var out: [CountKind: CountValue] = [:]
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            guard let kind = CountKind(rawValue: k.string) else { throw Unsupported() }
            guard out.updateValue(try countValue(&s), forKey: kind) == nil else { throw Unsupported() }
        }
        return out
    }

    private static func countValue(_ s: inout JSONScanner) throws(Unsupported) -> CountValue {
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

    private static func countChange(_ s: inout JSONScanner) throws(Unsupported) -> CountChange {
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

    private static func alertChange(_ s: inout JSONScanner) throws(Unsupported) -> AlertChange {
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

    private static func item(_ s: inout JSONScanner) throws(Unsupported) -> ChecklistItem {
        var id: String?
        var text: String?
        var section: String?
        var guideline: String?
        var status: ItemStatus?
        var assignee: String?
        var due: Date?
        var doneBy: String?
        var doneAt: Date?
        var note: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("id") {
                try mark(&seen, 1)
                id = try s.string()
            } else if k.is("text") {
                try mark(&seen, 2)
                text = try s.string()
            } else if k.is("section") {
                try mark(&seen, 4)
                section = try s.string()
            } else if k.is("guideline") {
                try mark(&seen, 8)
                guideline = try s.string()
            } else if k.is("status") {
                try mark(&seen, 16)
                status = try s.enumValue(ItemStatus.self)
            } else if k.is("assignee") {
                try mark(&seen, 32)
                assignee = try s.string()
            } else if k.is("due") {
                try mark(&seen, 64)
                due = try s.optionalDate()
            } else if k.is("doneBy") {
                try mark(&seen, 128)
                doneBy = try s.optionalString()
            } else if k.is("doneAt") {
                try mark(&seen, 256)
                doneAt = try s.optionalDate()
            } else if k.is("note") {
                try mark(&seen, 512)
                note = try s.string()
            } else {
                try s.skipUnknown(k)
            }
        }
        var item = ChecklistItem(
            id: try required(id), text: try required(text), section: try required(section),
            guideline: try required(guideline), status: try required(status),
            assignee: try required(assignee), due: due, note: try required(note))
        item.doneBy = doneBy
        item.doneAt = doneAt
        return item
    }

    private static func crisis(_ s: inout JSONScanner) throws(Unsupported) -> Crisis {
        var id: String?
        var title: String?
        var kind: CrisisKind?
        var countries: [String]?
        var severity: Int?
        var phase: Phase?
        var started: Date?
        var updated: Date?
        var lead: String?
        var summary: String?
        var checklist: [ChecklistItem]?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("id") {
                try mark(&seen, 1)
                id = try s.string()
            } else if k.is("title") {
                try mark(&seen, 2)
                title = try s.string()
            } else if k.is("kind") {
                try mark(&seen, 4)
                kind = try s.enumValue(CrisisKind.self)
            } else if k.is("countries") {
                try mark(&seen, 8)
                countries = try s.stringArray()
            } else if k.is("severity") {
                try mark(&seen, 16)
                severity = try s.int()
            } else if k.is("phase") {
                try mark(&seen, 32)
                phase = try s.enumValue(Phase.self)
            } else if k.is("started") {
                try mark(&seen, 64)
                started = try s.date()
            } else if k.is("updated") {
                try mark(&seen, 128)
                updated = try s.date()
            } else if k.is("leadOfficer") {
                try mark(&seen, 256)
                lead = try s.string()
            } else if k.is("summary") {
                try mark(&seen, 512)
                summary = try s.string()
            } else if k.is("checklist") {
                try mark(&seen, 1024)
                checklist = try array(&s, item)
            } else {
                try s.skipUnknown(k)
            }
        }
        return Crisis(
            id: try required(id), title: try required(title), kind: try required(kind),
            countries: try required(countries), severity: try required(severity), phase: try required(phase),
            started: try required(started), updated: try required(updated), leadOfficer: try required(lead),
            summary: try required(summary), checklist: try required(checklist))
    }

    private static func contact(_ s: inout JSONScanner) throws(Unsupported) -> Contact {
        var id: String?
        var name: String?
        var organisation: String?
        var orgKind: OrganisationKind?
        var role: String?
        var country: String?
        var city: String?
        var phones: [String]?
        var email: String?
        var messaging: String?
        var zone: String?
        var languages: [String]?
        var duty: DutyStatus?
        var callOrder: Int?
        var lastVerified: Date?
        var notes: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("id") {
                try mark(&seen, 1)
                id = try s.string()
            } else if k.is("name") {
                try mark(&seen, 2)
                name = try s.string()
            } else if k.is("organisation") {
                try mark(&seen, 4)
                organisation = try s.string()
            } else if k.is("organisationKind") {
                try mark(&seen, 8)
                orgKind = try s.enumValue(OrganisationKind.self)
            } else if k.is("role") {
                try mark(&seen, 16)
                role = try s.string()
            } else if k.is("country") {
                try mark(&seen, 32)
                country = try s.string()
            } else if k.is("city") {
                try mark(&seen, 64)
                city = try s.string()
            } else if k.is("phones") {
                try mark(&seen, 128)
                phones = try s.stringArray()
            } else if k.is("email") {
                try mark(&seen, 256)
                email = try s.string()
            } else if k.is("messaging") {
                try mark(&seen, 512)
                messaging = try s.string()
            } else if k.is("timeZone") {
                try mark(&seen, 1024)
                zone = try s.string()
            } else if k.is("languages") {
                try mark(&seen, 2048)
                languages = try s.stringArray()
            } else if k.is("duty") {
                try mark(&seen, 4096)
                duty = try s.enumValue(DutyStatus.self)
            } else if k.is("callOrder") {
                try mark(&seen, 8192)
                callOrder = try s.int()
            } else if k.is("lastVerified") {
                try mark(&seen, 16384)
                lastVerified = try s.optionalDate()
            } else if k.is("notes") {
                try mark(&seen, 32768)
                notes = try s.string()
            } else {
                try s.skipUnknown(k)
            }
        }
        return Contact(
            id: try required(id), name: try required(name), organisation: try required(organisation),
            organisationKind: try required(orgKind), role: try required(role), country: try required(country),
            city: try required(city), phones: try required(phones), email: try required(email),
            messaging: try required(messaging), timeZone: try required(zone),
            languages: try required(languages), duty: try required(duty), callOrder: try required(callOrder),
            lastVerified: lastVerified, notes: try required(notes))
    }

    private static func stamp(_ s: inout JSONScanner) throws(Unsupported) -> FieldStamp {
        var by: String?
        var at: Date?
        var seq: Int?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("by") {
                try mark(&seen, 1)
                by = try s.string()
            } else if k.is("at") {
                try mark(&seen, 2)
                at = try s.date()
            } else if k.is("seq") {
                try mark(&seen, 4)
                seq = try s.int()
            } else {
                try s.skipUnknown(k)
            }
        }
        return FieldStamp(by: try required(by), at: try required(at), seq: try required(seq))
    }

    private static func event(_ s: inout JSONScanner) throws(Unsupported) -> Event {
        var seq: Int?
        var time: Date?
        var op: String?
        var crisis: String?
        var kind: EventKind?
        var text: String?
        var ref: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if k.is("seq") {
                try mark(&seen, 1)
                seq = try s.int()
            } else if k.is("time") {
                try mark(&seen, 2)
                time = try s.date()
            } else if k.is("operator") {
                try mark(&seen, 4)
                op = try s.string()
            } else if k.is("crisis") {
                try mark(&seen, 8)
                crisis = try s.optionalString()
            } else if k.is("kind") {
                try mark(&seen, 16)
                kind = try s.enumValue(EventKind.self)
            } else if k.is("text") {
                try mark(&seen, 32)
                text = try s.string()
            } else if k.is("ref") {
                try mark(&seen, 64)
                ref = try s.optionalString()
            } else {
                try s.skipUnknown(k)
            }
        }
        return Event(
            seq: try required(seq), time: try required(time), operator: try required(op), crisis: crisis,
            kind: try required(kind), text: try required(text), ref: ref)
    }
}
