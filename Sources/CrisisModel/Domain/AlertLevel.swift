/// The four-step alert ladder a state of origin sets per host country (MICIC), plus "none".
public enum AlertLevel: Int, Codable, CaseIterable, Comparable, Sendable {
    case none = 0
    case precautionary = 1
    case restriction = 2
    case voluntaryReturn = 3
    case mandatoryEvacuation = 4

    public static func < (a: AlertLevel, b: AlertLevel) -> Bool { a.rawValue < b.rawValue }

    public var label: String {
        switch self {
        case .none: return "none"
        case .precautionary: return "precautionary"
        case .restriction: return "restriction"
        case .voluntaryReturn: return "voluntary return"
        case .mandatoryEvacuation: return "mandatory evacuation"
        }
    }

    /// Short tag that carries the level without colour, e.g. "L3".
    public var tag: String { self == .none ? "L0" : "L\(rawValue)" }

    /// Accepts "3", "L3", "restriction", "voluntary-return", "voluntary_return".
    public init?(parsing text: String) {
        let t = text.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        if let n = Int(t.hasPrefix("l") ? String(t.dropFirst()) : t), let l = AlertLevel(rawValue: n) {
            self = l
            return
        }
        guard let l = AlertLevel.allCases.first(where: { $0.label == t }) else { return nil }
        self = l
    }
}
