import CrisisCore
import Foundation

/// What reaches the reducer.
public enum Message: Sendable {
    case key(Key)
    case tick(Date)
    case resize(width: Int, height: Int)
    /// Operations other processes wrote, now applied to the store.
    case external([JournalEntry])
    /// Our own operation is on disk and applied.
    case committed(JournalEntry, undo: StoreOperation?)
    /// Our operation was refused (validation) or could not be saved (storage).
    case failed(String, storage: Bool)
}

/// What the reducer asks the runner to do: effects are values, the runner performs them.
public enum Effect: Equatable, Sendable {
    case commit(StoreOperation, undo: StoreOperation?)
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
