import CrisisModel
import Foundation

/// Writes `snapshot.json` from the domain types with `JSONPrettyWriter`: the same bytes as JSONEncoder
/// gives for `SnapshotFile` (keys sorted, nil optionals left out), in a fraction of the time and memory.
enum SnapshotWriter {
    static func encode(_ file: SnapshotFile, compact: Bool = false) -> [UInt8] {
        // About 360 bytes per event and 800 per contact in the large store; a guess that saves regrowing.
        var w = JSONPrettyWriter(
            capacity: 4096 + file.world.events.count * 360 + file.world.contacts.count * 800, compact: compact)
        write(file, &w)
        return w.bytes
    }

    /// Writes the file to `fd` a megabyte at a time.
    static func write(_ file: SnapshotFile, fd: Int32, path: String) throws(PersistenceError) {
        var failure: PersistenceError?
        var w = JSONPrettyWriter(chunk: 1 << 20) { piece in
            guard failure == nil else { return }
            do throws(PersistenceError) { try PosixFile.writeAll(fd: fd, piece, path: path) } catch { failure = error }
        }
        write(file, &w)
        w.finish()
        if let failure { throw failure }
    }

    private static func write(_ file: SnapshotFile, _ w: inout JSONPrettyWriter) {
        w.beginObject()
        w.key("format")
        w.string(file.format)
        w.key("savedAt")
        w.date(file.savedAt)
        w.key("schemaVersion")
        w.int(file.schemaVersion)
        w.key("seq")
        w.int(file.seq)
        w.key("world")
        world(&w, file.world)
        w.endObject()
        w.newline()
    }

    private static func sortedKeys<T>(_ dictionary: [String: T]) -> [String] { dictionary.keys.sorted() }

    private static func world(_ w: inout JSONPrettyWriter, _ world: World) {
        w.beginObject()
        w.key("cell")
        w.beginObject()
        if let n = world.cell.bannerNationals {
            w.key("bannerNationals")
            w.int(n)
        }
        w.key("homeTimeZone")
        w.string(world.cell.homeTimeZone)
        w.key("name")
        w.string(world.cell.name)
        w.endObject()
        w.key("contacts")
        w.beginObject()
        for id in sortedKeys(world.contacts) {
            w.key(id)
            contact(&w, world.contacts[id]!)
        }
        w.endObject()
        w.key("countries")
        w.beginObject()
        for code in sortedKeys(world.countries) {
            w.key(code)
            country(&w, world.countries[code]!)
        }
        w.endObject()
        w.key("crises")
        w.beginObject()
        for id in sortedKeys(world.crises) {
            w.key(id)
            crisis(&w, world.crises[id]!)
        }
        w.endObject()
        w.key("events")
        w.beginArray()
        for e in world.events {
            w.element()
            event(&w, e)
        }
        w.endArray()
        if !world.stamps.isEmpty {
            w.key("stamps")
            w.beginObject()
            for key in sortedKeys(world.stamps) {
                let st = world.stamps[key]!
                w.key(key)
                w.beginObject()
                w.key("at")
                w.date(st.at)
                w.key("by")
                w.string(st.by)
                w.key("seq")
                w.int(st.seq)
                w.endObject()
            }
            w.endObject()
        }
        if !world.watch.isEmpty, let watch = try? JSONCoding.encoder(pretty: !w.compact).encode(world.watch) {
            w.key("watch")
            w.pretty(watch)
        }
        w.endObject()
    }

    private static func contact(_ w: inout JSONPrettyWriter, _ c: Contact) {
        w.beginObject()
        if let v = c.addressType {
            w.key("addressType")
            w.string(v)
        }
        w.key("callOrder")
        w.int(c.callOrder)
        w.key("city")
        w.string(c.city)
        w.key("country")
        w.string(c.country)
        w.key("duty")
        w.string(c.duty.rawValue)
        w.key("email")
        w.string(c.email)
        w.key("id")
        w.string(c.id)
        w.key("languages")
        w.stringArray(c.languages)
        if let v = c.lastVerified {
            w.key("lastVerified")
            w.date(v)
        }
        w.key("messaging")
        w.string(c.messaging)
        w.key("name")
        w.string(c.name)
        if let v = c.nameParts {
            w.key("nameParts")
            w.stringArray(v)
        }
        w.key("notes")
        w.string(c.notes)
        w.key("organisation")
        w.string(c.organisation)
        w.key("organisationKind")
        w.string(c.organisationKind.rawValue)
        w.key("phones")
        w.stringArray(c.phones)
        w.key("role")
        w.string(c.role)
        w.key("timeZone")
        w.string(c.timeZone)
        w.endObject()
    }

    private static func country(_ w: inout JSONPrettyWriter, _ c: Country) {
        w.beginObject()
        w.key("alertHistory")
        w.beginArray()
        for a in c.alertHistory {
            w.element()
            w.beginObject()
            w.key("at")
            w.date(a.at)
            w.key("by")
            w.string(a.by)
            w.key("level")
            w.int(a.level.rawValue)
            w.key("previous")
            w.int(a.previous.rawValue)
            w.key("reason")
            w.string(a.reason)
            w.endObject()
        }
        w.endArray()
        w.key("alertLevel")
        w.int(c.alertLevel.rawValue)
        w.key("code")
        w.string(c.code)
        w.key("countHistory")
        w.beginArray()
        for h in c.countHistory {
            w.element()
            w.beginObject()
            w.key("at")
            w.date(h.at)
            w.key("by")
            w.string(h.by)
            w.key("kind")
            w.string(h.kind.rawValue)
            if let p = h.previous {
                w.key("previous")
                w.int(p)
            }
            w.key("source")
            w.string(h.source)
            w.key("value")
            w.int(h.value)
            w.endObject()
        }
        w.endArray()
        w.key("counts")
        w.beginObject()
        for kind in c.counts.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let v = c.counts[kind]!
            w.key(kind.rawValue)
            w.beginObject()
            w.key("asOf")
            w.date(v.asOf)
            w.key("source")
            w.string(v.source)
            w.key("value")
            w.int(v.value)
            w.endObject()
        }
        w.endObject()
        w.key("preparedness")
        items(&w, c.preparedness)
        w.endObject()
    }

    private static func items(_ w: inout JSONPrettyWriter, _ items: [ChecklistItem]) {
        w.beginArray()
        for i in items {
            w.element()
            w.beginObject()
            w.key("assignee")
            w.string(i.assignee)
            if let v = i.doneAt {
                w.key("doneAt")
                w.date(v)
            }
            if let v = i.doneBy {
                w.key("doneBy")
                w.string(v)
            }
            if let v = i.due {
                w.key("due")
                w.date(v)
            }
            w.key("guideline")
            w.string(i.guideline)
            w.key("id")
            w.string(i.id)
            w.key("note")
            w.string(i.note)
            w.key("section")
            w.string(i.section)
            w.key("status")
            w.string(i.status.rawValue)
            w.key("text")
            w.string(i.text)
            w.endObject()
        }
        w.endArray()
    }

    private static func crisis(_ w: inout JSONPrettyWriter, _ c: Crisis) {
        w.beginObject()
        w.key("checklist")
        items(&w, c.checklist)
        w.key("countries")
        w.stringArray(c.countries)
        w.key("id")
        w.string(c.id)
        w.key("kind")
        w.string(c.kind.rawValue)
        w.key("leadOfficer")
        w.string(c.leadOfficer)
        w.key("phase")
        w.string(c.phase.rawValue)
        w.key("severity")
        w.int(c.severity)
        w.key("started")
        w.date(c.started)
        w.key("summary")
        w.string(c.summary)
        w.key("title")
        w.string(c.title)
        w.key("updated")
        w.date(c.updated)
        w.endObject()
    }

    private static func event(_ w: inout JSONPrettyWriter, _ e: Event) {
        w.beginObject()
        if let c = e.crisis {
            w.key("crisis")
            w.string(c)
        }
        w.key("kind")
        w.string(e.kind.rawValue)
        w.key("operator")
        w.string(e.operator)
        if let r = e.ref {
            w.key("ref")
            w.string(r)
        }
        if let sent = e.sentAt {
            w.key("sentAt")
            w.date(sent)
        }
        w.key("seq")
        w.int(e.seq)
        w.key("text")
        w.string(e.text)
        w.key("time")
        w.date(e.time)
        w.endObject()
    }
}
