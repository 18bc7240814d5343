import CrisisModel

/// The checklist as displayed: section headings between items when listed in template order.
public enum ChecklistRow: Equatable, Sendable {
    case section(String, ChecklistProgress)
    case item(ChecklistItem)

    public static func rows(_ items: [ChecklistItem], grouped: Bool) -> [ChecklistRow] {
        guard grouped else { return items.map { .item($0) } }
        var out: [ChecklistRow] = []
        for s in World.sections(of: items) {
            out.append(.section(s.name, ChecklistProgress(s.items)))
            out += s.items.map { .item($0) }
        }
        return out
    }

    public var itemId: String? { if case .item(let i) = self { return i.id } else { return nil } }
}
