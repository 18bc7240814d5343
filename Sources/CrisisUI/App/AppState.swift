import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation

public enum Pane: Int, CaseIterable, Sendable {
    case crises, countries, checklist, contacts
    /// The whole event log: a view of its own that takes the screen (5, or Tab after Contacts).
    case log
    /// What the followed feeds brought in, ranked for triage: a view of its own (6, or Tab after the Log).
    case incoming
    public var title: String { ["Crises", "Countries", "Checklist", "Contacts", "Log", "Incoming"][rawValue] }
    /// The views that take the whole screen.
    public var isView: Bool { self == .log || self == .incoming }
    public var number: Int { rawValue + 1 }
    /// The four panes of the grid.
    public static let grid: [Pane] = [.crises, .countries, .checklist, .contacts]
}

public enum SaveState: Equatable, Sendable {
    case saved, writing
    case failed(String)
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
    /// The changes this site keeps for the database, each with why it was refused: m keeps mine, t takes theirs.
    case waitingToSend(WaitingList)
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

    public init(
        title: String = "Confirm", question: String, yes: String, no: String, action: ConfirmAction,
        form: FormState? = nil
    ) {
        self.title = title
        self.question = question
        self.yes = yes
        self.no = no
        self.action = action
        self.form = form
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
    /// An incoming item shown whole (its key); o, l and d act on it from there.
    case incoming(String)
    case crisis(String)
    case country(String)
    case item(ChecklistOwner, String)
    case contact(String)
    /// A log entry shown whole (its seq); Enter goes to its record.
    case event(Int)
}

/// Everything the console shows besides the data itself. A value: the reducer returns a new one.
public struct AppState: Equatable, Sendable {
    public internal(set) var operatorName: String
    public internal(set) var now: Date
    public internal(set) var width: Int
    public internal(set) var height: Int
    public internal(set) var focus: Pane = .crises
    /// Selection is kept by id, never by row number, so it stays put when data moves under it.
    public internal(set) var selected: [Pane: String] = [:]
    public internal(set) var scroll: [Pane: Int] = [:]
    public internal(set) var filters: [Pane: String] = [:]
    public internal(set) var sortColumn: [Pane: Int] = [:]
    public internal(set) var zoomed = false
    /// What this operator typed in a form when the console was last stopped from outside, until offered back.
    public internal(set) var draft: FormDraft?
    /// How far the help is scrolled (on a screen too short for every key).
    public internal(set) var helpScroll = 0
    public internal(set) var allContacts = false
    /// The Log view's kind filter (f cycles it) and crisis scope (c: the selected crisis, or all).
    public internal(set) var logKind: EventKind?
    public internal(set) var logCrisisOnly = false
    public internal(set) var mode: Mode = .normal
    /// What changed while the operator was away, held while the start-up notices are read; shown after them. A
    /// console closed before that does not mark it seen: it is there at the next visit.
    public internal(set) var sinceWaiting: ChangesSince?
    public internal(set) var flash: Flash?
    public internal(set) var saveState: SaveState = .saved
    /// The link to a shared database, when the console works on one: offline, changes waiting to send.
    public internal(set) var link: LinkStatus?
    public internal(set) var readOnly: Bool
    /// Read-only because the database login may only read (a viewer), not by choice: the top bar says so.
    public internal(set) var viewerLogin = false
    /// Keys like "item:crisis:lb-escalation/resp-03" of rows others changed, with when; marked for a few seconds.
    public internal(set) var recent: [String: Date] = [:]
    /// This console's own changes, newest last, to take back with u (and do again with U).
    public internal(set) var undo: [UndoEntry] = []
    public internal(set) var redo: [UndoEntry] = []
    public internal(set) var othersPresent: [String] = []
    public internal(set) var themeName = "default"
    /// Alert-level changes made elsewhere, newest first, one a country (its newest change, counting those before
    /// it): each shown as a banner until acknowledged with x, all of them with X.
    public internal(set) var alertBanners: [AlertBanner] = []
    /// Incoming items above the cell's threshold that this console has not acknowledged, gravest first, as
    /// "KEY#REVISION" (`World.incomingBannerTokens`).
    public internal(set) var incomingBanners: [String] = []
    public internal(set) var incomingAcked: Set<String> = []
    /// Whether a banner takes lines under the top bar.
    public var hasBanner: Bool { !alertBanners.isEmpty || !incomingBanners.isEmpty }
    /// Changes of ours waiting for the disk (kept and retried by the runner), and why they wait.
    public internal(set) var waiting = 0
    public internal(set) var waitingReason: String?
    /// Set by the runner when following the journal fails: the screen may be out of date.
    public internal(set) var dataStale = false
    /// While the crisis selection moves, the countries, checklist and contacts panes keep showing this crisis
    /// until the selection rests (`Message.settle`): holding a key over a slow line then sends a moving
    /// highlight, not every crisis's checklist on the way. Nil when they follow the selection.
    public internal(set) var heldCrisis: String?

    public init(operatorName: String, now: Date, width: Int, height: Int, readOnly: Bool = false) {
        self.operatorName = operatorName
        self.now = now
        self.width = width
        self.height = height
        self.readOnly = readOnly
    }

    /// The console as it opens: in briefing mode or not, with what must be read first (theme problems, a repaired
    /// journal). On the briefing screen the first notice is a flash, since nobody is there to dismiss a box.
    public init(
        operatorName: String, now: Date, width: Int, height: Int, readOnly: Bool, themeName: String,
        briefing: BriefingState?, notices: [String], viewerLogin: Bool = false
    ) {
        self.init(operatorName: operatorName, now: now, width: width, height: height, readOnly: readOnly)
        self.themeName = themeName
        self.viewerLogin = viewerLogin
        if let briefing { mode = .briefing(briefing) }
        if let first = notices.first {
            if briefing == nil { mode = .notices(notices) } else { show(first, role: .flashWarn, seconds: 10) }
        }
    }

    public static let recentWindow: TimeInterval = 5
    public func isRecent(_ key: String) -> Bool {
        guard let t = recent[key] else { return false }
        return now.timeIntervalSince(t) < Self.recentWindow
    }

    mutating func show(_ text: String, role: Role = .flashInfo, seconds: TimeInterval = 4) {
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
    public init(
        country: String, from: AlertLevel, to: AlertLevel, by: String, at: Date, reason: String, earlier: Int = 0
    ) {
        self.country = country
        self.from = from
        self.to = to
        self.by = by
        self.at = at
        self.reason = reason
        self.earlier = earlier
    }
}
