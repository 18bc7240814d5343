import Foundation

/// A crisis opened from an incoming item starts from what the source said: its countries, a title, the kind
/// of hazard, a severity from the source's level, and the source and its link in the summary.
extension IncomingItem {
    public var crisisKind: CrisisKind {
        let k = item.kind.lowercased()
        let table: [(String, CrisisKind)] = [
            ("earthquake", .earthquake), ("quake", .earthquake), ("tsunami", .earthquake), ("flood", .flood),
            ("cyclone", .cyclone), ("hurricane", .cyclone), ("typhoon", .cyclone), ("storm", .cyclone),
            ("fire", .fire), ("epidemic", .epidemic), ("outbreak", .epidemic), ("conflict", .conflict),
            ("unrest", .unrest), ("civil", .unrest), ("economic", .economic),
        ]
        return table.first { k.contains($0.0) }?.1 ?? .other
    }

    /// 1 to 4 from our reading of the source's level.
    public var crisisSeverity: Int { item.severity.rawValue }

    public func crisisTitle(names: (String) -> String) -> String {
        let place = item.countries.first.map(names) ?? item.place ?? "At sea"
        let kind = crisisKind == .other ? item.kind : crisisKind.rawValue
        return "\(place) \(kind)"
    }

    public var crisisSummary: String {
        let link = item.link.map { " \($0)" } ?? ""
        return "From \(item.source): \(item.title)\(link)"
    }
}
