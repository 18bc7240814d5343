import CrisisModel
import Foundation

/// A pane's rows in display order, with their ids and where each id sits.
public struct Listing<Row> {
    public let rows: [Row]
    public let ids: [String]
    let position: [String: Int]

    init(_ rows: [Row], id: (Row) -> String) {
        self.rows = rows
        ids = rows.map(id)
        position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The rows each pane lists, after its filter and sort: one place, so the reducer and the renderer agree.
/// The lists of crises, countries and contacts are kept with the version of the data they came from
/// (`World.memo`), keyed by filter, sort and scope, so moving the selection does not redo them.
public final class PaneRows {
    public let world: World
    public let state: AppState
    public let names: CountryNames

    public init(world: World, state: AppState, names: CountryNames) {
        self.world = world
        self.state = state
        self.names = names
    }

    static let sortNames: [Pane: [String]] = [
        .crises: ["urgency", "title", "updated", "affected"],
        .countries: ["crisis first", "name", "affected", "stock", "24 h change"],
        .checklist: ["as listed", "open first", "due"],
        .contacts: ["call-down", "name", "organisation"],
        .log: ["newest first"],
        .incoming: ["untriaged, gravest first", "newest first"],
    ]

    public static func sortName(_ pane: Pane, _ column: Int) -> String {
        let names = sortNames[pane]!
        return names[column % names.count]
    }

    /// The rows whose fields hold the pane's filter text (case and accents ignored); all of them, uncopied,
    /// when there is no filter.
    private func filtered<Row>(_ rows: [Row], _ pane: Pane, _ fields: (Row) -> [String]) -> [Row] {
        guard let f = state.filters[pane]?.trimmingCharacters(in: .whitespaces), !f.isEmpty else { return rows }
        let needle = f.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return rows.filter { row in
            fields(row).contains {
                $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).contains(needle)
            }
        }
    }

    private func sort(_ pane: Pane) -> Int { (state.sortColumn[pane] ?? 0) % Self.sortNames[pane]!.count }

    // MARK: Crises

    private func filterKey(_ pane: Pane) -> String { state.filters[pane] ?? "" }

    public private(set) lazy var crisisListing: Listing<Crisis> =
        world.memo("pane-crises|\(sort(.crises))|\(filterKey(.crises))", on: .crises) {
            Listing(computeCrises(), id: \.id)
        }
    public var crises: [Crisis] { crisisListing.rows }

    private func computeCrises() -> [Crisis] {
        let rows = filtered(world.crisesByUrgency(), .crises) { c in
            [c.title, c.id, c.kind.rawValue, c.phase.rawValue] + c.countries + c.countries.map(names.name)
        }
        switch sort(.crises) {
        case 1: return rows.sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
        case 2: return rows.sorted { $0.updated > $1.updated }
        case 3:
            return rows.sorted {
                (world.total(.affected, in: $0.countries) ?? -1) > (world.total(.affected, in: $1.countries) ?? -1)
            }
        default: return rows
        }
    }

    /// The crisis that drives the checklist and contacts panes: the selected one, else the most urgent.
    public private(set) lazy var selectedCrisis: Crisis? = computeSelectedCrisis()

    private func computeSelectedCrisis() -> Crisis? {
        if let held = state.heldCrisis, let c = world.crises[held] { return c }
        if let id = state.selected[.crises], let c = world.crises[id] { return c }
        return crises.first ?? (state.filters[.crises] == nil ? nil : world.crisesByUrgency().first)
    }

    // MARK: Countries

    private lazy var countryKey: String = {
        // The 24-hour change sort moves with the clock; the others only with the data.
        let minute = sort(.countries) == 4 ? Int(state.now.timeIntervalSince1970 / 60) : 0
        let first = (selectedCrisis?.countries ?? []).joined(separator: ",")
        return "pane-countries|\(sort(.countries))|\(minute)|\(first)|\(filterKey(.countries))"
    }()

    public private(set) lazy var countryListing: Listing<Country> =
        world.memo(countryKey, on: .countries) { Listing(computeCountries(), id: \.code) }
    public var countries: [Country] { countryListing.rows }

    /// Totals over the listed countries (the pane's last line).
    public private(set) lazy var countryTotals: [CountKind: Int] =
        world.memo(countryKey + "|totals", on: .countries) { world.totals(in: countryListing.ids) }

    private func computeCountries() -> [Country] {
        let first = selectedCrisis?.countries ?? []
        let rows = filtered(world.countriesOrdered(first: first), .countries) {
            [$0.code, names.name($0.code), $0.alertLevel.label]
        }
        switch sort(.countries) {
        case 1: return rows.sorted { names.name($0.code) < names.name($1.code) }
        case 2: return rows.sorted { ($0.count(.affected) ?? -1) > ($1.count(.affected) ?? -1) }
        case 3: return rows.sorted { ($0.count(.stock) ?? -1) > ($1.count(.stock) ?? -1) }
        case 4:
            return rows.sorted {
                ($0.delta(.affected, over: 86_400, now: state.now) ?? 0)
                    > ($1.delta(.affected, over: 86_400, now: state.now) ?? 0)
            }
        default: return rows
        }
    }

    // MARK: Checklist

    public var checklistOwner: ChecklistOwner? { selectedCrisis.map { .crisis($0.id) } }

    public private(set) lazy var checklistItems: [ChecklistItem] = computeChecklistItems()

    private func computeChecklistItems() -> [ChecklistItem] {
        guard let owner = checklistOwner, let items = world.checklist(of: owner) else { return [] }
        let rows = filtered(items, .checklist) {
            [$0.text, $0.section, $0.assignee, $0.guideline, $0.status.rawValue, $0.id]
        }
        switch sort(.checklist) {
        case 1:
            return rows.enumerated().sorted { a, b in
                let ka = a.element.status.isClosed ? 1 : 0
                let kb = b.element.status.isClosed ? 1 : 0
                return ka != kb ? ka < kb : a.offset < b.offset
            }.map(\.element)
        case 2:
            return rows.enumerated().sorted { a, b in
                let da = a.element.due ?? .distantFuture
                let db = b.element.due ?? .distantFuture
                return da != db ? da < db : a.offset < b.offset
            }.map(\.element)
        default: return rows
        }
    }

    // MARK: Contacts

    public var contactScope: [String]? { state.allContacts ? nil : selectedCrisis?.countries }

    public private(set) lazy var contactListing: Listing<Contact> = {
        let scope = contactScope.map { $0.joined(separator: ",") } ?? "*"
        return world.memo("pane-contacts|\(sort(.contacts))|\(scope)|\(filterKey(.contacts))", on: .contacts) {
            Listing(computeContacts(), id: \.id)
        }
    }()
    public var contacts: [Contact] { contactListing.rows }

    private func computeContacts() -> [Contact] {
        let rows = filtered(world.contacts(in: contactScope), .contacts) {
            // Phones are found however they are written: "3 000 001" finds "+961 3 000 001", "3000001" too.
            [
                $0.name, $0.organisation, $0.role, $0.city, $0.country, names.name($0.country), $0.duty.rawValue,
                $0.email,
                $0.messaging,
            ] + $0.phones + $0.phones.map { $0.filter(\.isNumber) }
        }
        switch sort(.contacts) {
        case 1: return rows.sorted { $0.name < $1.name }
        case 2: return rows.sorted { ($0.organisation, $0.callOrder) < ($1.organisation, $1.callOrder) }
        default: return rows
        }
    }

    // MARK: Incoming

    public private(set) lazy var incomingListing: Listing<IncomingItem> =
        world.memo("pane-incoming|\(sort(.incoming))|\(filterKey(.incoming))", on: .watch) {
            let rows = filtered(world.incomingRanked, .incoming) { r in
                [r.item.title, r.item.kind, r.item.source, r.item.sourceLevel ?? "", r.status.rawValue]
                    + r.item.countries + r.item.countries.map(names.name)
            }
            let sorted =
                sort(.incoming) == 1
                ? rows.sorted { ($0.item.time ?? $0.received) > ($1.item.time ?? $1.received) } : rows
            return Listing(sorted, id: \.key)
        }

    // MARK: Log

    public private(set) lazy var logListing: LogListing = computeLogListing()

    /// The number of rows a pane lists.
    public func count(_ pane: Pane) -> Int { pane == .log ? logListing.count : ids(pane).count }

    /// The id of the row at a position (for the log, its operation number).
    public func id(_ pane: Pane, at row: Int) -> String {
        pane == .log ? String(world.events[logListing.eventIndex(atRow: row)].seq) : ids(pane)[row]
    }

    /// Row ids of a pane in display order (not for the log: its rows are read where they are).
    public func ids(_ pane: Pane) -> [String] {
        switch pane {
        case .crises: return crisisListing.ids
        case .countries: return countryListing.ids
        case .checklist: return checklistItems.map(\.id)
        case .contacts: return contactListing.ids
        case .log: return []
        case .incoming: return incomingListing.ids
        }
    }

    /// Index of the selected row: the selected id if it is still listed, else the first row.
    public func selectedIndex(_ pane: Pane) -> Int? {
        let position: Int?
        switch pane {
        case .crises: position = index(of: state.selected[pane], in: crisisListing)
        case .countries: position = index(of: state.selected[pane], in: countryListing)
        case .contacts: position = index(of: state.selected[pane], in: contactListing)
        case .log: position = logSelectedRow(logListing)
        case .incoming: position = index(of: state.selected[pane], in: incomingListing)
        case .checklist:
            guard !checklistItems.isEmpty else { return nil }
            position = state.selected[pane].flatMap { id in checklistItems.firstIndex { $0.id == id } } ?? 0
        }
        return position
    }

    private func index<Row>(of id: String?, in listing: Listing<Row>) -> Int? {
        guard !listing.ids.isEmpty else { return nil }
        return id.flatMap { listing.position[$0] } ?? 0
    }

    /// The id of the selected row, if the pane lists any.
    public func selectedId(_ pane: Pane) -> String? {
        selectedIndex(pane).map { id(pane, at: $0) }
    }
}
