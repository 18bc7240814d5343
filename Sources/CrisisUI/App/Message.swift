import CrisisCore
import Foundation

/// What reaches the reducer.
public enum Message: Sendable {
    case key(Key)
    case tick(Date)
    /// The crisis selection has rested (no key for a moment): the panes that depend on it follow it now.
    case settle
    case resize(width: Int, height: Int)
    /// Operations other processes wrote, now applied to the store.
    case external([JournalEntry])
    /// Our own operation is on disk and applied.
    case committed(JournalEntry, undo: StoreOperation?)
    /// Our operation was refused (validation) or could not be saved (storage).
    case failed(String, storage: Bool)
    /// A file was read and checked: its preview, ready to be saved or dropped.
    case importReady(ImportPreview)
}

/// An import checked against the store: what the preview pane lists and what saving it would commit.
public struct ImportPreview: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var operations: [StoreOperation]
    /// Rows of the file that would change the store (new, changed, merged).
    public var rows: Int
    public var rejected: Int
    public var scroll = 0
    public init(title: String, lines: [String], operations: [StoreOperation], rows: Int, rejected: Int) {
        self.title = title; self.lines = lines; self.operations = operations; self.rows = rows; self.rejected = rejected
    }
}

/// What the reducer asks the runner to do: effects are values, the runner performs them.
public enum Effect: Equatable, Sendable {
    case commit(StoreOperation, undo: StoreOperation?)
    /// Several operations saved as one batch (an import): all or none.
    case commitBatch([StoreOperation], label: String, rows: Int)
    /// Read and check a file for import (the runner does the reading: the reducer does no I/O).
    case prepareImport(kind: String, path: String, country: String)
    case quit
    case cycleTheme
}

extension StoreOperation {
    /// Keys of the rows an operation touches, as the panes name them for "recently changed" marks.
    public var touchedKeys: [String] {
        switch self {
        case .addCountry(let c), .setAlert(let c, _, _), .setCounts(let c, _, _, _): return ["country:\(c)"]
        case .addCrisis(let c): return ["crisis:\(c.id)"]
        case .updateCrisis(let id, _), .deleteCrisis(let id): return ["crisis:\(id)"]
        case .setItemStatus(_, let item, _), .updateItem(_, let item, _), .deleteItem(_, let item): return ["item:\(item)"]
        case .addItem(_, let item): return ["item:\(item.id)"]
        case .addContact(let c), .updateContact(let c): return ["contact:\(c.id)"]
        case .deleteContact(let id): return ["contact:\(id)"]
        case .log, .setCell: return []
        }
    }
}
