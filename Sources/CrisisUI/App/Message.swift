import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation

/// What reaches the reducer.
public enum Message: Sendable {
    case key(Key)
    /// Keys that arrived together, faster than anyone types (a paste in a terminal without bracketed paste).
    case burst([Key])
    /// Text pasted into the terminal (bracketed paste): text for the focused field, never keys.
    case paste(String)
    case tick(Date)
    /// The crisis selection has rested (no key for a moment): the panes that depend on it follow it now.
    case settle
    case resize(width: Int, height: Int)
    /// Operations other processes wrote, now applied to the store.
    case external([JournalEntry])
    /// What became of our change (saved, unchanged, kept at this site, refused, or not taken by the disk).
    case saved(SaveOutcome, Purpose)
    /// A file was read and checked: its preview, ready to be saved or dropped.
    case importReady(PreparedImport)
    /// How many of our changes wait for the disk (the runner keeps them).
    case waiting(Int, reason: String?)
    /// What changed since this operator last looked, worked out by the session (on opening, and on w).
    case changesSince(ChangesSince, onOpening: Bool)
    /// The link to a shared store as it stands, and what is new in it.
    case link(LinkNews)
    /// Who else has the cell open (renewed every few seconds).
    case presence([String])
    /// Reading others' changes failed (the screen may be out of date), or works again (nil).
    case following(problem: String?)
    /// The theme now in use, with what to say about it.
    case theme(name: String, notice: String)
    /// Something to say in the flash line (a snapshot that could not be written, colour turned off).
    case notice(String, Role, seconds: TimeInterval)
    /// What this operator had typed in a form when the console was last stopped from outside: offered back when
    /// that form is opened again.
    case draft(FormDraft)
    /// The changes this site keeps for the database, read for the "waiting to send" view (on W, and after one
    /// is settled), with what became of the one settled.
    case waitingToSend([WaitingChange], settled: String?)
}

/// Why a change was asked for: what to do once it is saved, refused, or changes nothing.
public enum Purpose: Equatable, Sendable {
    /// A change made in the console; its undo entry when it can be taken back.
    case edit(UndoEntry?)
    case undo(UndoEntry)
    case redo(UndoEntry)
    /// An import's rows as one batch.
    case importFile(label: String, rows: Int)
}

/// An import checked against the store: what the preview pane lists and what saving it would commit.
public struct ImportPreview: Equatable, Sendable {
    /// The file as the session read and checked it.
    public var file: PreparedImport
    /// How far the preview pane is scrolled.
    public var scroll = 0
    public init(_ prepared: PreparedImport) { file = prepared }

    public var title: String { file.title }
    public var lines: [String] { file.lines }
    public var operations: [StoreOperation] { file.operations }
    /// Rows of the file that would change the store (new, changed, merged).
    public var rows: Int { file.rows }
    public var rejected: Int { file.rejected }
}

/// What the reducer asks the runner to do: effects are values, the runner performs them.
public enum Effect: Equatable, Sendable {
    /// Changes saved as one batch (all or none), then reported back with their purpose.
    case commit([StoreOperation], Purpose)
    /// Read and check a file for import (the runner does the reading: the reducer does no I/O).
    case prepareImport(kind: ImportKind, path: String, country: String)
    case quit
    case cycleTheme
    /// The kept draft was offered back in its form: the file can go.
    case dropDraft
    /// Ctrl-L: draw the whole screen again (a line noise, a message from another program over the console).
    case redraw
    /// Show what changed since this operator last looked (the runner knows the point: it is kept on disk).
    case showChangesSince
    /// This operator has looked: the runner saves the point for next time.
    case markSeen
    /// Keys of a burst that came after one asking for a change: handled once that change is done, so a key
    /// typed ahead acts on what the screen will show, not on a form about to close.
    case then([Key])
    /// Read the changes waiting to be sent (W).
    case showWaiting
    /// Settle a refused waiting change: send mine over theirs, or drop mine.
    case settleWaiting(id: String, keepMine: Bool)
}

extension StoreOperation {
    /// Keys of the rows an operation touches, as the panes name them for "recently changed" marks.
    public var touchedKeys: [String] {
        switch self {
        case .setAlert(let c, _, _, _): return ["country:\(c)", "alert:\(c)"]
        case .addCountry(let c), .setCounts(let c, _, _, _, _): return ["country:\(c)"]
        case .addCrisis(let c): return ["crisis:\(c.id)"]
        case .updateCrisis(let id, _, _), .deleteCrisis(let id, _): return ["crisis:\(id)"]
        case .setItemStatus(let owner, let item, _, _), .updateItem(let owner, let item, _, _),
            .deleteItem(let owner, let item, _):
            return [owner.markKey(item)]
        case .addItem(let owner, let item): return [owner.markKey(item.id)]
        case .addContact(let c), .updateContact(let c): return ["contact:\(c.id)"]
        case .patchContact(let id, _, _), .deleteContact(let id, _): return ["contact:\(id)"]
        case .triageIncoming(let key, _, _, let crisis, _):
            return ["incoming:\(key)"] + (crisis.map { ["crisis:\($0)"] } ?? [])
        case .receiveItems, .followFeed, .unfollowFeed, .log, .setCell: return []
        }
    }
}

extension ChecklistOwner {
    /// An item's "recently changed" mark names its owner too: every crisis built from the response template
    /// has the same item ids (resp-01 …), and a tick in Lebanon must not mark Malaysia's item.
    public func markKey(_ item: String) -> String { "item:\(key)/\(item)" }
}
