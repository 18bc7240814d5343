import Foundation

public enum ItemStatus: String, Codable, CaseIterable, Sendable {
    case open, done
    case notApplicable = "n/a"
    case blocked

    /// Glyph that tells the state without colour.
    public var glyph: String {
        switch self {
        case .open: return "[ ]"
        case .done: return "[x]"
        case .notApplicable: return "[-]"
        case .blocked: return "[!]"
        }
    }
    /// Done and not-applicable both close an item for progress.
    public var isClosed: Bool { self == .done || self == .notApplicable }
}

public struct ChecklistItem: Codable, Equatable, Sendable, Identifiable {
    public var id: String
    public var text: String
    public var section: String
    /// MICIC guideline tag, e.g. "G10"; empty when none applies.
    public var guideline: String
    public var status: ItemStatus
    public var assignee: String
    public var due: Date?
    public var doneBy: String?
    public var doneAt: Date?
    public var note: String

    public init(
        id: String, text: String, section: String, guideline: String = "", status: ItemStatus = .open,
        assignee: String = "", due: Date? = nil, note: String = ""
    ) {
        self.id = id
        self.text = text
        self.section = section
        self.guideline = guideline
        self.status = status
        self.assignee = assignee
        self.due = due
        self.note = note
    }

    public func isOverdue(at now: Date) -> Bool {
        guard let due, !status.isClosed else { return false }
        return due < now
    }
}

public struct ChecklistProgress: Codable, Equatable, Sendable {
    public var done: Int
    public var total: Int
    public var fraction: Double { total == 0 ? 0 : Double(done) / Double(total) }
    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
    public init(_ items: [ChecklistItem]) {
        self.init(done: items.filter { $0.status.isClosed }.count, total: items.count)
    }
}

/// Which checklist an item lives in: a crisis's, or a host country's standing preparedness list.
public enum ChecklistOwner: Codable, Equatable, Hashable, Sendable {
    case crisis(String)
    case country(String)

    /// Where a log line about one of its items says it is: nothing for a crisis (the entry names the crisis),
    /// the country for a preparedness list, which no crisis names ("ticked … on LB's preparedness list").
    public var whereSaid: String {
        switch self {
        case .crisis: return ""
        case .country(let code): return " on \(code)'s preparedness list"
        }
    }
}

public struct ItemPatch: Codable, Equatable, Sendable {
    public var text: String?
    public var section: String?
    public var assignee: String?
    public var due: Date?
    /// Removes the due time (a nil `due` alone means "leave it").
    public var clearDue: Bool?
    public var note: String?
    public init(
        text: String? = nil, section: String? = nil, assignee: String? = nil, due: Date? = nil,
        clearDue: Bool? = nil, note: String? = nil
    ) {
        self.text = text
        self.section = section
        self.assignee = assignee
        self.due = due
        self.clearDue = clearDue
        self.note = note
    }

    /// What the patch does to the due time: nil leaves it, `.some(nil)` removes it, `.some(date)` sets it.
    public var dueChange: Date?? {
        get {
            if let due { return .some(due) }
            return clearDue == true ? .some(nil) : nil
        }
        set {
            switch newValue {
            case .none:
                due = nil
                clearDue = nil
            case .some(.none):
                due = nil
                clearDue = true
            case .some(.some(let d)):
                due = d
                clearDue = nil
            }
        }
    }

    /// The same fields, with the values `item` has for them (what a change expects to replace).
    public func values(in item: ChecklistItem) -> ItemPatch {
        var p = ItemPatch()
        if text != nil { p.text = item.text }
        if section != nil { p.section = item.section }
        if assignee != nil { p.assignee = item.assignee }
        if dueChange != nil { p.dueChange = .some(item.due) }
        if note != nil { p.note = item.note }
        return p
    }

    public var isEmpty: Bool { text == nil && section == nil && assignee == nil && dueChange == nil && note == nil }

    /// This patch's values for the fields `other` sets.
    public func restricted(to other: ItemPatch) -> ItemPatch? {
        var p = ItemPatch()
        if other.text != nil { p.text = text }
        if other.section != nil { p.section = section }
        if other.assignee != nil { p.assignee = assignee }
        if other.dueChange != nil { p.dueChange = dueChange }
        if other.note != nil { p.note = note }
        return p.isEmpty ? nil : p
    }

    /// The form keys of the fields this patch sets.
    public var fieldNames: [String] {
        [
            ("text", text != nil), ("section", section != nil), ("assignee", assignee != nil),
            ("due", dueChange != nil),
            ("note", note != nil),
        ].filter(\.1).map(\.0)
    }
}
