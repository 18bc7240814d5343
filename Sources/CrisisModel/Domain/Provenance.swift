import Foundation

/// Who last changed one field of a record, and when: so a conflict can say who changed a value since
/// the operator saw it. Counts and alert levels keep this in their own histories.
public struct FieldStamp: Codable, Equatable, Sendable {
    public var by: String
    public var at: Date
    public var seq: Int
    public init(by: String, at: Date, seq: Int) {
        self.by = by
        self.at = at
        self.seq = seq
    }
}

/// Names of stamped fields in `World.stamps`: "crisis/ID/title", "item/crisis:ID/ITEM/note", "contact/ID/phones", "cell/name".
public enum StampKey {
    public static func crisis(_ id: String, _ field: String) -> String { "crisis/\(id)/\(field)" }
    public static func item(_ owner: ChecklistOwner, _ id: String, _ field: String) -> String {
        "item/\(owner.key)/\(id)/\(field)"
    }
    public static func contact(_ id: String, _ field: String) -> String { "contact/\(id)/\(field)" }
    public static func cell(_ field: String) -> String { "cell/\(field)" }

    /// Every stamp of a record starts with this.
    public static func crisisPrefix(_ id: String) -> String { "crisis/\(id)/" }
    public static func itemPrefix(_ owner: ChecklistOwner, _ id: String) -> String { "item/\(owner.key)/\(id)/" }
    public static func ownerPrefix(_ owner: ChecklistOwner) -> String { "item/\(owner.key)/" }
    public static func contactPrefix(_ id: String) -> String { "contact/\(id)/" }
}

extension ChecklistOwner {
    /// "crisis:lb-escalation", "country:LB".
    public var key: String {
        switch self {
        case .crisis(let id): return "crisis:\(id)"
        case .country(let code): return "country:\(code)"
        }
    }
}
