import CrisisCore
import Foundation

public enum Pane: Int, CaseIterable, Sendable {
    case crises, countries, checklist, contacts
    /// The whole event log: a view of its own that takes the screen (5, or Tab after Contacts).
    case log
    public var title: String { ["Crises", "Countries", "Checklist", "Contacts", "Log"][rawValue] }
    public var number: Int { rawValue + 1 }
    /// The four panes of the grid.
    public static let grid: [Pane] = [.crises, .countries, .checklist, .contacts]
}

public enum SaveState: Equatable, Sendable {
    case saved, writing, failed(String)
}

public struct Flash: Equatable, Sendable {
    public var text: String
    public var role: Role
    public var until: Date
}

public enum Mode: Equatable, Sendable {
    case normal
    case filtering(Pane)
    case form(FormState)
    case confirm(Confirmation)
    case help
    case detail(Detail)
    /// What changed since this operator last looked: a summary to read, each line leading to its record.
    case sinceLastLooked(SinceSummary)
    case briefing(BriefingState)
    /// Messages worth reading in full (theme problems, a repaired journal), shown at start.
    case notices([String])
    /// An import's preview in a pane: Enter saves, Esc drops it.
    case importPreview(ImportPreview)
    /// A new contact that looks like one already on the roster: merge, add anyway, or back to the form.
    case duplicate(DuplicateChoice)
}

/// A question that must be answered with y before something happens; any other key is a no.
public struct Confirmation: Equatable, Sendable {
    public var title: String
    public var question: String
    /// What y does, and what any other key does, for the footer.
    public var yes: String
    public var no: String
    public var action: ConfirmAction
    /// The form to go back to on a no (a raise of alert level is confirmed from its form).
    public var form: FormState?

    public init(title: String = "Confirm", question: String, yes: String, no: String, action: ConfirmAction, form: FormState? = nil) {
        self.title = title; self.question = question; self.yes = yes; self.no = no; self.action = action; self.form = form
    }
}

public enum ConfirmAction: Equatable, Sendable {
    case commit([StoreOperation], Purpose)
    /// Quit although changes still wait for the disk (they go to a file to apply later).
    case quitWithWaiting
}

public struct DuplicateChoice: Equatable, Sendable {
    public var form: FormState
    public var new: Contact
    public var existing: Contact
}

public enum Detail: Equatable, Sendable {
    case crisis(String), country(String), item(ChecklistOwner, String), contact(String)
    /// A log entry shown whole (its seq); Enter goes to its record.
    case event(Int)
}

/// Everything the console shows besides the data itself. A value: the reducer returns a new one.
public struct AppState: Equatable, Sendable {
    public var operatorName: String
    public var now: Date
    public var width: Int
    public var height: Int
    public var focus: Pane = .crises
    /// Selection is kept by id, never by row number, so it stays put when data moves under it.
    public var selected: [Pane: String] = [:]
    public var scroll: [Pane: Int] = [:]
    public var filters: [Pane: String] = [:]
    public var sortColumn: [Pane: Int] = [:]
    public var zoomed = false
    public var allContacts = false
    /// The Log view's kind filter (f cycles it) and crisis scope (c: the selected crisis, or all).
    public var logKind: EventKind?
    public var logCrisisOnly = false
    public var mode: Mode = .normal
    public var flash: Flash?
    public var saveState: SaveState = .saved
    /// The link to a shared database, when the console works on one: offline, changes waiting to send.
    public var link: LinkStatus?
    public var readOnly: Bool
    /// Keys like "item:crisis:lb-escalation/resp-03" of rows others changed, with when; marked for a few seconds.
    public var recent: [String: Date] = [:]
    /// This console's own changes, newest last, to take back with u (and do again with U).
    public var undo: [UndoEntry] = []
    public var redo: [UndoEntry] = []
    public var othersPresent: [String] = []
    public var themeName = "default"
    /// Alert-level changes made elsewhere, newest first, one a country (its newest change, counting those before
    /// it): each shown as a banner until acknowledged with x, all of them with X.
    public var alertBanners: [AlertBanner] = []
    /// Changes of ours waiting for the disk (kept and retried by the runner), and why they wait.
    public var waiting = 0
    public var waitingReason: String?
    /// Set by the runner when following the journal fails: the screen may be out of date.
    public var dataStale = false
    /// While the crisis selection moves, the countries, checklist and contacts panes keep showing this crisis
    /// until the selection rests (`Message.settle`): holding a key over a slow line then sends a moving
    /// highlight, not every crisis's checklist on the way. Nil when they follow the selection.
    public var heldCrisis: String?

    public init(operatorName: String, now: Date, width: Int, height: Int, readOnly: Bool = false) {
        self.operatorName = operatorName; self.now = now; self.width = width; self.height = height; self.readOnly = readOnly
    }

    public static let recentWindow: TimeInterval = 5
    public func isRecent(_ key: String) -> Bool {
        guard let t = recent[key] else { return false }
        return now.timeIntervalSince(t) < Self.recentWindow
    }

    public mutating func show(_ text: String, role: Role = .flashInfo, seconds: TimeInterval = 4) {
        flash = Flash(text: text, role: role, until: now.addingTimeInterval(seconds))
    }
}

/// A change of a country's alert level that every console announces until someone at it acknowledges it.
public struct AlertBanner: Equatable, Sendable {
    public var country: String
    public var from: AlertLevel
    public var to: AlertLevel
    public var by: String
    public var at: Date
    public var reason: String
    /// Changes of the same country's level before this one, not yet acknowledged: said, not shown one by one.
    public var earlier: Int = 0
    public init(country: String, from: AlertLevel, to: AlertLevel, by: String, at: Date, reason: String, earlier: Int = 0) {
        self.country = country; self.from = from; self.to = to; self.by = by; self.at = at; self.reason = reason
        self.earlier = earlier
    }
}
