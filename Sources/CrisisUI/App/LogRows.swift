import CrisisModel
import Foundation

/// The Log view's rows: the event log newest first, after its filters (text, kind, crisis). Unfiltered it is the
/// log itself, read backwards, so scrolling through 200,000 entries costs what is on screen.
public struct LogListing: Sendable {
    /// Indices into `World.events`, newest first; nil when every event is listed.
    let indices: [Int]?
    public let count: Int

    public func eventIndex(atRow row: Int) -> Int { indices?[row] ?? (count - 1 - row) }

    /// The row of an event index, if listed.
    func row(ofEventIndex i: Int) -> Int? {
        guard let indices else { return i >= 0 && i < count ? count - 1 - i : nil }
        // Descending: search for the first index not above `i`.
        var lo = 0
        var hi = indices.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if indices[mid] > i { lo = mid + 1 } else { hi = mid }
        }
        return lo < indices.count && indices[lo] == i ? lo : nil
    }
}

extension World {
    /// The index in `events` of the entry with operation number `seq` (the log is in order).
    func eventIndex(ofSeq seq: Int) -> Int? {
        var lo = 0
        var hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].seq < seq { lo = mid + 1 } else { hi = mid }
        }
        return lo < events.count && events[lo].seq == seq ? lo : nil
    }
}

extension PaneRows {
    /// The crisis the Log view is limited to, when it is (c).
    var logCrisis: String? { state.logCrisisOnly ? selectedCrisis?.id : nil }

    func computeLogListing() -> LogListing {
        let needle = (state.filters[.log] ?? "").trimmingCharacters(in: .whitespaces)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let kind = state.logKind
        let crisis = logCrisis
        guard !needle.isEmpty || kind != nil || crisis != nil else {
            return LogListing(indices: nil, count: world.events.count)
        }
        let version = "\(world.events.count)|\(world.events.last?.seq ?? 0)"
        return world.memo("log|\(version)|\(needle)|\(kind?.rawValue ?? "")|\(crisis ?? "")") {
            var out: [Int] = []
            var titles: [String: String] = [:]
            for i in stride(from: world.events.count - 1, through: 0, by: -1) {
                let e = world.events[i]
                if let kind, e.kind != kind { continue }
                if let crisis, e.crisis != crisis { continue }
                if !needle.isEmpty {
                    let title =
                        e.crisis.map { id in
                            titles[id]
                                ?? {
                                    let t = world.crises[id]?.title ?? id
                                    titles[id] = t
                                    return t
                                }()
                        } ?? ""
                    var fields = [e.text, e.operator, title]
                    if let ref = e.ref, ref.hasPrefix("country:") {
                        let code = String(ref.dropFirst(8))
                        fields += [code, names.name(code)]
                    }
                    guard
                        fields.contains(where: {
                            $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).contains(needle)
                        })
                    else { continue }
                }
                out.append(i)
            }
            return LogListing(indices: out, count: out.count)
        }
    }

    /// The selected entry's row: the chosen one while listed, else the newest.
    func logSelectedRow(_ listing: LogListing) -> Int? {
        guard listing.count > 0 else { return nil }
        guard let seq = state.selected[.log].flatMap(Int.init), let i = world.eventIndex(ofSeq: seq) else { return 0 }
        return listing.row(ofEventIndex: i) ?? 0
    }
}
