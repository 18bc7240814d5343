/// Kinds of counts of nationals that must never be mixed. The raw value is the stable JSON key.
public enum CountKind: String, Codable, CaseIterable, CodingKeyRepresentable, Sendable {
    case stock, registered, affected, sheltered, atAssembly, inTransit, evacuated, returned, injured, missing, dead

    public var label: String {
        switch self {
        case .stock: return "stock estimate"
        case .registered: return "registered"
        case .affected: return "affected"
        case .sheltered: return "sheltered"
        case .atAssembly: return "at assembly point"
        case .inTransit: return "in transit"
        case .evacuated: return "evacuated"
        case .returned: return "returned home"
        case .injured: return "injured"
        case .missing: return "missing"
        case .dead: return "dead"
        }
    }

    /// Command-line flag name, e.g. `--at-assembly`.
    public var flag: String {
        switch self {
        case .atAssembly: return "at-assembly"
        case .inTransit: return "in-transit"
        default: return rawValue
        }
    }

    /// Position in the usual order (stock first, dead last), for listing kinds.
    public var order: Int { CountKind.allCases.firstIndex(of: self)! }
}
