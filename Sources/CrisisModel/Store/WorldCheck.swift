import Foundation

/// What must hold of any world the program loads, whatever file it comes from: the same rules the store's
/// operations enforce, so a hand-edited or damaged file cannot bring in what no operation could make.
///
/// Two grades: a `broken` world (a negative or absurd count, an unknown time zone, severity 99, an id that is
/// not its key, a negative operation number) is refused on loading; a part above its whole is reported, never
/// refused on loading, since the rules of which counts contain which may change between versions and a store
/// saved under earlier rules must still open.
public enum WorldCheck {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// Where, as the JSON keys that lead to it: ["world", "contacts", "c01", "callOrder"].
        public var path: [String]
        public var message: String
        /// False for a part above its whole: said, but the store still loads.
        public var refusesLoading: Bool
        public var description: String { path.dropFirst().joined(separator: ".") + ": " + message }
    }

    public static func problems(in w: World, seq: Int) -> [Problem] {
        var out: [Problem] = []
        func add(_ path: [String], _ message: String, refuses: Bool = true) {
            out.append(Problem(path: ["world"] + path, message: message, refusesLoading: refuses))
        }
        func check(_ path: [String], _ body: () throws(StoreError) -> Void) {
            do { try body() } catch { add(path, "\(error)") }
        }
        var zones: [String: Bool] = [:]
        func zoneOK(_ id: String) -> Bool {
            if let known = zones[id] { return known }
            let ok = TimeZone(identifier: id) != nil
            zones[id] = ok
            return ok
        }
        if seq < 0 {
            out.append(Problem(path: ["seq"], message: "operation number \(seq) is negative", refusesLoading: true))
        }
        check(["cell", "name"]) { () throws(StoreError) in try Validate.nonEmpty(w.cell.name, "cell name") }
        if !zoneOK(w.cell.homeTimeZone) {
            add(["cell", "homeTimeZone"], "\(StoreError.invalidTimeZone(w.cell.homeTimeZone))")
        }

        for (code, c) in w.countries {
            if c.code != code { add(["countries", code, "code"], "holds country '\(c.code)' under the key '\(code)'") }
            check(["countries", code]) { () throws(StoreError) in try Validate.countryCode(code) }
            for (k, v) in c.counts {
                if v.value < 0 {
                    add(["countries", code, "counts", k.rawValue, "value"], "\(StoreError.negativeCount(k, v.value))")
                } else if v.value > CountRules.maximum {
                    add(["countries", code, "counts", k.rawValue, "value"], "\(StoreError.countTooLarge(k, v.value))")
                }
            }
            for (i, h) in c.countHistory.enumerated() {
                for v in [h.value, h.previous ?? 0] where v < 0 || v > CountRules.maximum {
                    add(
                        ["countries", code, "countHistory", "\(i)", "value"],
                        "\(h.kind.label) \(v) is not a count (0 to \(Format.number(CountRules.maximum)))")
                }
            }
            for v in CountRules.violations(c.counts.mapValues(\.value)) {
                add(
                    ["countries", code, "counts", v.part.rawValue, "value"],
                    "\(StoreError.partExceedsWhole(country: code, part: v.part, partValue: v.partValue, whole: v.whole, wholeValue: v.wholeValue))",
                    refuses: false)
            }
            checkItems(c.preparedness, ["countries", code, "preparedness"], &out)
        }
        for (id, c) in w.crises {
            if c.id != id { add(["crises", id, "id"], "holds crisis '\(c.id)' under the key '\(id)'") }
            check(["crises", id]) { () throws(StoreError) in try Validate.crisis(c) }
            checkItems(c.checklist, ["crises", id, "checklist"], &out)
        }
        for (id, c) in w.contacts {
            if c.id != id { add(["contacts", id, "id"], "holds contact '\(c.id)' under the key '\(id)'") }
            if !zoneOK(c.timeZone) {
                add(["contacts", id, "timeZone"], "\(StoreError.invalidTimeZone(c.timeZone))")
                continue
            }
            var copy = c
            copy.timeZone = "UTC" // already checked, with the cache
            check(["contacts", id]) { () throws(StoreError) in try Validate.contact(copy) }
        }
        var last = 0
        for (i, e) in w.events.enumerated() {
            if e.seq < 0 {
                add(["events", "\(i)", "seq"], "operation number \(e.seq) is negative")
            } else if e.seq < last {
                add(["events", "\(i)", "seq"], "operation \(e.seq) comes after \(last): the log is out of order")
            } else if e.seq > seq {
                add(["events", "\(i)", "seq"], "operation \(e.seq) is past the snapshot's own number \(seq)")
            }
            last = max(last, e.seq)
        }
        for (key, stamp) in w.stamps where stamp.seq < 0 || stamp.seq > seq {
            add(["stamps", key, "seq"], "operation number \(stamp.seq) is not one of this store's")
        }
        return out
    }

    private static func checkItems(_ items: [ChecklistItem], _ path: [String], _ out: inout [Problem]) {
        var seen = Set<String>()
        for (i, item) in items.enumerated() {
            let at = ["world"] + path + ["\(i)"]
            if Validate.isBlank(item.id, newlines: false) {
                out.append(Problem(path: at + ["id"], message: "item id must not be empty", refusesLoading: true))
            } else if !seen.insert(item.id).inserted {
                out.append(Problem(path: at + ["id"], message: "id '\(item.id)' is already used", refusesLoading: true))
            }
            if Validate.isBlank(item.text) {
                out.append(Problem(path: at + ["text"], message: "item text must not be empty", refusesLoading: true))
            }
        }
    }
}

/// Finds the line of a key path in pretty-printed JSON (snapshots and exports), to point at a problem the
/// reader did not see as one: objects by key, arrays by index.
public enum JSONLocator {
    public static func line(of path: [String], in data: Data) -> Int? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        var index = text.startIndex
        for component in path {
            if let n = Int(component) {
                // The n-th element of the array that starts here: count opening braces at the element's depth.
                guard let open = text[index...].firstIndex(of: "[") else { return nil }
                var depth = 0
                var seen = -1
                var i = open
                while i < text.endIndex {
                    let ch = text[i]
                    if ch == "[" || ch == "{" {
                        depth += 1
                        if depth == 2 {
                            seen += 1
                            if seen == n {
                                index = i
                                break
                            }
                        }
                    } else if ch == "]" || ch == "}" {
                        depth -= 1
                        if depth == 0 { return nil }
                    } else if ch == "\"" {
                        i = text.index(after: i)
                        while i < text.endIndex && text[i] != "\"" {
                            if text[i] == "\\" { i = text.index(after: i) }
                            if i < text.endIndex { i = text.index(after: i) }
                        }
                    }
                    if i < text.endIndex { i = text.index(after: i) }
                }
            } else {
                guard let r = text.range(of: "\"\(component)\"", range: index..<text.endIndex) else { break }
                index = r.upperBound
            }
        }
        return text[text.startIndex..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
