import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation

/// Finds the checklist a user means: a crisis id, or a country code / name for its preparedness list.
func resolveOwner(_ text: String, in world: World, names: CountryNames) throws -> ChecklistOwner {
    if world.crises[text] != nil { return .crisis(text) }
    if let code = names.code(for: text), world.countries[code] != nil { return .country(code) }
    let ids = world.crisesByUrgency().map(\.id).joined(separator: ", ")
    throw CommandFailure(
        "no crisis or country '\(text)'. Crises: \(ids.isEmpty ? "none" : ids); or a country code for its preparedness list"
    )
}

func resolveCountry(_ text: String, names: CountryNames) throws -> String {
    guard let code = names.code(for: text) else {
        throw CommandFailure("'\(text)' is not a country: give an ISO 3166 code (e.g. LB) or an English name")
    }
    if names.isLoaded && !names.isKnown(code) { throw CommandFailure("'\(text)' is not an ISO 3166 country code") }
    return code
}

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "List a crisis's checklist (or a country's preparedness list) with item ids.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Crisis id, or a country code for its standing preparedness list.") var crisis: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        if format == .markdown || format == .html { throw ValidationError("--format takes text or json") }
    }

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let world = repo.store.world
            let owner = try resolveOwner(crisis, in: world, names: CountryNames.load())
            let items = world.checklist(of: owner) ?? []
            if format == .json {
                let data = (try? JSONCoding.encoder(pretty: true).encode(items)) ?? Data()
                sayJSON(data)
                return
            }
            let p = ChecklistProgress(items)
            say("\(owner): \(p.done) of \(p.total) done")
            let now = CellClock.now()
            for section in World.sections(of: items) {
                say("\n\(section.name)")
                for item in section.items {
                    var extra: [String] = []
                    if !item.guideline.isEmpty { extra.append(item.guideline) }
                    if !item.assignee.isEmpty { extra.append("@" + item.assignee) }
                    if let due = item.due {
                        extra.append("due " + Format.dateTime(due, .utc) + (item.isOverdue(at: now) ? " OVERDUE" : ""))
                    }
                    if let by = item.doneBy, let at = item.doneAt {
                        extra.append("done by \(by) \(Format.dateTime(at, .utc))")
                    }
                    say(
                        "  \(item.status.glyph) \(item.id)  \(item.text)"
                            + (extra.isEmpty ? "" : "  (" + extra.joined(separator: ", ") + ")"))
                }
            }
        }
    }
}

struct Tick: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tick (or with --undo untick) a checklist item.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Crisis id, or a country code for its preparedness list.") var crisis: String
    @Argument(help: "Item id, as 'crisiscell checklist' lists them.") var item: String
    @Flag(help: "Set the item back to open.") var undo = false

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            let owner = try resolveOwner(crisis, in: repo.store.world, names: CountryNames.load())
            try repo.commitAndReport(
                .setItemStatus(owner: owner, item: item, status: undo ? .open : .done), by: common.operatorName)
        }
    }
}

extension EventKind: ExpressibleByArgument {}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write an entry in the event log.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Crisis id the entry belongs to.") var crisis: String?
    @Option(help: "sitrep, decision, call, alert or change.") var kind: EventKind = .sitrep
    @Argument(help: "The text of the entry.") var text: String

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            try repo.commitAndReport(.log(crisis: crisis, kind: kind, text: text), by: common.operatorName)
        }
    }
}

struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count", abstract: "Set counts of nationals in a host country.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Country code (LB) or English name.") var country: String
    @Option(help: "Stock estimate of nationals living there.") var stock: Int?
    @Option(help: "Registered with the mission.") var registered: Int?
    @Option(help: "Affected by the crisis.") var affected: Int?
    @Option(help: "In shelters.") var sheltered: Int?
    @Option(name: .customLong("at-assembly"), help: "At an assembly point.") var atAssembly: Int?
    @Option(name: .customLong("in-transit"), help: "In transit.") var inTransit: Int?
    @Option(help: "Evacuated.") var evacuated: Int?
    @Option(help: "Arrived home.") var returned: Int?
    @Option(help: "Injured.") var injured: Int?
    @Option(help: "Missing.") var missing: Int?
    @Option(help: "Dead.") var dead: Int?
    @Option(help: "Where the figures come from.") var source: String = ""
    @Option(name: .customLong("expect-stock"), help: .hidden) var expectStock: ExpectedCount?
    @Option(name: .customLong("expect-registered"), help: .hidden) var expectRegistered: ExpectedCount?
    @Option(
        name: .customLong("expect-affected"),
        help: ArgumentHelp(
            "The figure this change replaces, for any count: --expect-affected 12000 (or 'unknown'). When the store holds another, "
                + "someone changed it since: nothing is saved, and who did is said (exit status 3).", valueName: "N"))
    var expectAffected: ExpectedCount?
    @Option(name: .customLong("expect-sheltered"), help: .hidden) var expectSheltered: ExpectedCount?
    @Option(name: .customLong("expect-at-assembly"), help: .hidden) var expectAtAssembly: ExpectedCount?
    @Option(name: .customLong("expect-in-transit"), help: .hidden) var expectInTransit: ExpectedCount?
    @Option(name: .customLong("expect-evacuated"), help: .hidden) var expectEvacuated: ExpectedCount?
    @Option(name: .customLong("expect-returned"), help: .hidden) var expectReturned: ExpectedCount?
    @Option(name: .customLong("expect-injured"), help: .hidden) var expectInjured: ExpectedCount?
    @Option(name: .customLong("expect-missing"), help: .hidden) var expectMissing: ExpectedCount?
    @Option(name: .customLong("expect-dead"), help: .hidden) var expectDead: ExpectedCount?

    /// What the change expects to replace, for the kinds given an --expect-KIND.
    var expected: [CountKind: Int?]? {
        let pairs: [(CountKind, ExpectedCount?)] = [
            (.stock, expectStock), (.registered, expectRegistered), (.affected, expectAffected),
            (.sheltered, expectSheltered), (.atAssembly, expectAtAssembly), (.inTransit, expectInTransit),
            (.evacuated, expectEvacuated),
            (.returned, expectReturned), (.injured, expectInjured), (.missing, expectMissing), (.dead, expectDead),
        ]
        var out: [CountKind: Int?] = [:]
        for (k, e) in pairs { if let e { out.updateValue(e.value, forKey: k) } }
        return out.isEmpty ? nil : out
    }

    var counts: [CountKind: Int] {
        let pairs: [(CountKind, Int?)] = [
            (.stock, stock), (.registered, registered), (.affected, affected), (.sheltered, sheltered),
            (.atAssembly, atAssembly), (.inTransit, inTransit), (.evacuated, evacuated), (.returned, returned),
            (.injured, injured), (.missing, missing), (.dead, dead),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { k, v in v.map { (k, $0) } })
    }

    func validate() throws {
        if counts.isEmpty { throw ValidationError("give at least one count, e.g. --affected 1200") }
        if let (k, v) = counts.first(where: { $0.value < 0 }) {
            throw ValidationError("--\(k.flag) cannot be negative (got \(v))")
        }
        if let (k, v) = counts.first(where: { $0.value > CountRules.maximum }) {
            throw ValidationError("--\(k.flag) \(v) is not a plausible count (at most \(CountRules.maximum))")
        }
        for k in (expected ?? [:]).keys where counts[k] == nil {
            throw ValidationError("--expect-\(k.flag) needs --\(k.flag): it says what that new figure replaces")
        }
    }

    func run() throws {
        try runReporting {
            let code = try resolveCountry(country, names: CountryNames.load())
            let repo = try common.openStore()
            try repo.commitAndReport(
                .setCounts(country: code, counts: counts, source: source, asOf: nil, expected: expected),
                by: common.operatorName)
        }
    }
}

extension AlertLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

struct Alert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set a country's alert level (0-4 or a name such as 'voluntary-return'); the reason is logged.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Country code (LB) or English name.") var country: String
    @Argument(help: "0 none, 1 precautionary, 2 restriction, 3 voluntary return, 4 mandatory evacuation.") var level:
        AlertLevel
    @Option(help: "Why the level changes (recorded with who and when).") var why: String
    @Option(
        name: .customLong("expect-level"),
        help: ArgumentHelp(
            "The level this change replaces; when the country is at another, someone changed it since: nothing is saved (exit status 3).",
            valueName: "LEVEL"))
    var expectLevel: AlertLevel?

    func validate() throws {
        if why.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--why must say why the level changes")
        }
    }

    func run() throws {
        try runReporting {
            let code = try resolveCountry(country, names: CountryNames.load())
            let repo = try common.openStore()
            try repo.commitAndReport(
                .setAlert(country: code, level: level, reason: why, expected: expectLevel), by: common.operatorName)
        }
    }
}

/// An --expect-KIND value: a figure, or "unknown" when none was held.
struct ExpectedCount: ExpressibleByArgument {
    var value: Int?
    init?(argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if ["unknown", "none", "-", "—"].contains(t) {
            value = nil
            return
        }
        guard let n = Int(t.replacingOccurrences(of: ",", with: "")), n >= 0 else { return nil }
        value = n
    }
}
