import CrisisModel
import Foundation

/// The records of a world: checklist items, crises, contacts, stamps and log entries.
extension SnapshotReader {
    static func item(_ s: inout JSONScanner) throws(Unsupported) -> ChecklistItem {
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

    static func crisis(_ s: inout JSONScanner) throws(Unsupported) -> Crisis {
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

    /// A contact's text fields in the order `contact` reads them into, each with its bit in the seen-mask (a key
    /// twice is refused). Read into a fixed array, not a dictionary: the large store holds many contacts.
    private static let contactText: [(key: StaticString, bit: UInt32)] = [
        ("id", 1), ("name", 2), ("organisation", 4), ("role", 16), ("country", 32), ("city", 64), ("email", 256),
        ("messaging", 512), ("timeZone", 1024), ("notes", 32768),
    ]

    static func contact(_ s: inout JSONScanner) throws(Unsupported) -> Contact {
        var text = [String?](repeating: nil, count: contactText.count)
        var orgKind: OrganisationKind?
        var phones: [String]?
        var languages: [String]?
        var duty: DutyStatus?
        var callOrder: Int?
        var lastVerified: Date?
        var nameParts: [String]?
        var addressType: String?
        var seen: UInt32 = 0
        var first = true
        try s.beginObject()
        while let k = try s.nextKey(&first) {
            if let i = contactText.firstIndex(where: { k.is($0.key) }) {
                try mark(&seen, contactText[i].bit)
                text[i] = try s.string()
            } else if k.is("organisationKind") {
                try mark(&seen, 8)
                orgKind = try s.enumValue(OrganisationKind.self)
            } else if k.is("phones") {
                try mark(&seen, 128)
                phones = try s.stringArray()
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
            } else if k.is("nameParts") {
                try mark(&seen, 65536)
                nameParts = try s.stringArray()
            } else if k.is("addressType") {
                try mark(&seen, 131072)
                addressType = try s.optionalString()
            } else {
                try s.skipUnknown(k)
            }
        }
        return Contact(
            id: try required(text[0]), name: try required(text[1]),
            organisation: try required(text[2]),
            organisationKind: try required(orgKind), role: try required(text[3]),
            country: try required(text[4]),
            city: try required(text[5]), phones: try required(phones), email: try required(text[6]),
            messaging: try required(text[7]), timeZone: try required(text[8]),
            languages: try required(languages), duty: try required(duty), callOrder: try required(callOrder),
            lastVerified: lastVerified, notes: try required(text[9]), nameParts: nameParts, addressType: addressType)
    }

    static func stamp(_ s: inout JSONScanner) throws(Unsupported) -> FieldStamp {
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

    static func event(_ s: inout JSONScanner) throws(Unsupported) -> Event {
        var seq: Int?
        var time: Date?
        var op: String?
        var crisis: String?
        var kind: EventKind?
        var text: String?
        var ref: String?
        var sentAt: Date?
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
            } else if k.is("sentAt") {
                try mark(&seen, 128)
                sentAt = try s.optionalDate()
            } else {
                try s.skipUnknown(k)
            }
        }
        return Event(
            seq: try required(seq), time: try required(time), operator: try required(op), crisis: crisis,
            kind: try required(kind), text: try required(text), ref: ref, sentAt: sentAt)
    }
}
