import Foundation

/// Every change to the store, as a value. Codable so it can be journalled and replayed;
/// the case names and labels are the journal format: rename none of them.
public enum StoreOperation: Codable, Equatable, Sendable {
    case addCountry(code: String)
    case setAlert(country: String, level: AlertLevel, reason: String)
    case setCounts(country: String, counts: [CountKind: Int], source: String, asOf: Date?)
    case addCrisis(Crisis)
    case updateCrisis(id: String, patch: CrisisPatch)
    case deleteCrisis(id: String)
    case setItemStatus(owner: ChecklistOwner, item: String, status: ItemStatus)
    case addItem(owner: ChecklistOwner, item: ChecklistItem)
    case updateItem(owner: ChecklistOwner, item: String, patch: ItemPatch)
    case deleteItem(owner: ChecklistOwner, item: String)
    case addContact(Contact)
    case updateContact(Contact)
    case deleteContact(id: String)
    case log(crisis: String?, kind: EventKind, text: String)
    case setCell(CellSettings)
}

/// An operation as the journal holds it: numbered, timed and signed.
public struct JournalEntry: Codable, Equatable, Sendable {
    public var seq: Int
    public var time: Date
    public var `operator`: String
    public var op: StoreOperation
    public init(seq: Int, time: Date, operator who: String, op: StoreOperation) {
        self.seq = seq; self.time = time; self.operator = who; self.op = op
    }
}
