import CrisisCore
import Foundation

/// The rows each pane lists, after its filter and sort: one place, so the reducer and the renderer agree.
/// Each list is worked out once per instance (a frame or a key press), however often it is asked for.
public final class PaneRows {
    public let world: World
    public let state: AppState
    public let names: CountryNames

    public init(world: World, state: AppState, names: CountryNames) {
        self.world = world; self.state = state; self.names = names
    }

    static let sortNames: [Pane: [String]] = [
        .crises: ["urgency", "title", "updated", "affected"],
        .countries: ["crisis first", "name", "affected", "stock", "24 h change"],
        .checklist: ["as listed", "open first", "due"],
        .contacts: ["call-down", "name", "organisation"],
    ]

    public static func sortName(_ pane: Pane, _ column: Int) -> String {
        let names = sortNames[pane]!
        return names[column % names.count]
    }

    /// True when any field holds the filter text (case and accents ignored). The fields are only
    /// built when there is a filter, so an unfiltered pane costs nothing per row.
    private func matches(_ filter: String?, _ fields: @autoclosure () -> [String]) -> Bool {
        guard let f = filter?.trimmingCharacters(in: .whitespaces), !f.isEmpty else { return true }
        let needle = f.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return fields().contains { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).contains(needle) }
    }

    private func sort(_ pane: Pane) -> Int { (state.sortColumn[pane] ?? 0) % Self.sortNames[pane]!.count }

    // MARK: Crises

    public private(set) lazy var crises: [Crisis] = computeCrises()

    private func computeCrises() -> [Crisis] {
        let filter = state.filters[.crises]
        let rows = world.crisesByUrgency().filter { c in
            matches(filter, [c.title, c.id, c.kind.rawValue, c.phase.rawValue] + c.countries + c.countries.map(names.name))
        }
        switch sort(.crises) {
        case 1: return rows.sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
        case 2: return rows.sorted { $0.updated > $1.updated }
        case 3: return rows.sorted { (world.total(.affected, in: $0.countries) ?? -1) > (world.total(.affected, in: $1.countries) ?? -1) }
        default: return rows
        }
    }

    /// The crisis that drives the checklist and contacts panes: the selected one, else the most urgent.
    public private(set) lazy var selectedCrisis: Crisis? = computeSelectedCrisis()

    private func computeSelectedCrisis() -> Crisis? {
        if let id = state.selected[.crises], let c = world.crises[id] { return c }
        return crises.first ?? (state.filters[.crises] == nil ? nil : world.crisesByUrgency().first)
    }

    // MARK: Countries

    public private(set) lazy var countries: [Country] = computeCountries()

    private func computeCountries() -> [Country] {
        let first = selectedCrisis?.countries ?? []
        let rows = world.countriesOrdered(first: first).filter { matches(state.filters[.countries], [$0.code, names.name($0.code), $0.alertLevel.label]) }
        switch sort(.countries) {
        case 1: return rows.sorted { names.name($0.code) < names.name($1.code) }
        case 2: return rows.sorted { ($0.count(.affected) ?? -1) > ($1.count(.affected) ?? -1) }
        case 3: return rows.sorted { ($0.count(.stock) ?? -1) > ($1.count(.stock) ?? -1) }
        case 4: return rows.sorted {
            ($0.delta(.affected, over: 86_400, now: state.now) ?? 0) > ($1.delta(.affected, over: 86_400, now: state.now) ?? 0)
        }
        default: return rows
        }
    }

    // MARK: Checklist

    public var checklistOwner: ChecklistOwner? { selectedCrisis.map { .crisis($0.id) } }

    public private(set) lazy var checklistItems: [ChecklistItem] = computeChecklistItems()

    private func computeChecklistItems() -> [ChecklistItem] {
        guard let owner = checklistOwner, let items = world.checklist(of: owner) else { return [] }
        let rows = items.filter { matches(state.filters[.checklist], [$0.text, $0.section, $0.assignee, $0.guideline, $0.status.rawValue, $0.id]) }
        switch sort(.checklist) {
        case 1: return rows.enumerated().sorted { a, b in
            let ka = a.element.status.isClosed ? 1 : 0, kb = b.element.status.isClosed ? 1 : 0
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        case 2: return rows.enumerated().sorted { a, b in
            let da = a.element.due ?? .distantFuture, db = b.element.due ?? .distantFuture
            return da != db ? da < db : a.offset < b.offset
        }.map(\.element)
        default: return rows
        }
    }

    // MARK: Contacts

    public var contactScope: [String]? { state.allContacts ? nil : selectedCrisis?.countries }

    public private(set) lazy var contacts: [Contact] = computeContacts()

    private func computeContacts() -> [Contact] {
        let rows = world.contacts(in: contactScope).filter {
            matches(state.filters[.contacts], [$0.name, $0.organisation, $0.role, $0.city, $0.country, names.name($0.country), $0.duty.rawValue])
        }
        switch sort(.contacts) {
        case 1: return rows.sorted { $0.name < $1.name }
        case 2: return rows.sorted { ($0.organisation, $0.callOrder) < ($1.organisation, $1.callOrder) }
        default: return rows
        }
    }

    /// Row ids of a pane in display order.
    public func ids(_ pane: Pane) -> [String] {
        switch pane {
        case .crises: return crises.map(\.id)
        case .countries: return countries.map(\.code)
        case .checklist: return checklistItems.map(\.id)
        case .contacts: return contacts.map(\.id)
        }
    }

    /// Index of the selected row: the selected id if it is still listed, else the first row.
    public func selectedIndex(_ pane: Pane, in ids: [String]) -> Int? {
        guard !ids.isEmpty else { return nil }
        if let id = state.selected[pane], let i = ids.firstIndex(of: id) { return i }
        return 0
    }
}
