/// Why an operation was refused. The store is unchanged whenever one is thrown.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownCountry(String)
    case unknownCrisis(String)
    case unknownItem(owner: String, item: String)
    case unknownContact(String)
    case duplicateId(String)
    case invalidCountryCode(String)
    case negativeCount(CountKind, Int)
    case partExceedsWhole(country: String, part: CountKind, partValue: Int, whole: CountKind, wholeValue: Int)
    case empty(field: String)
    case outOfRange(field: String, value: Int, range: ClosedRange<Int>)
    case invalidTimeZone(String)
    case invalid(field: String, reason: String)
    case countTooLarge(CountKind, Int)
    /// Values the change expected to replace have changed since: never overwritten silently.
    case conflict([Conflict])

    public var description: String {
        switch self {
        case .unknownCountry(let c): return "unknown country '\(c)'"
        case .unknownCrisis(let c): return "unknown crisis '\(c)'"
        case .unknownItem(let owner, let item): return "no checklist item '\(item)' in \(owner)"
        case .unknownContact(let c): return "unknown contact '\(c)'"
        case .duplicateId(let id): return "id '\(id)' is already used"
        case .invalidCountryCode(let c): return "'\(c)' is not an ISO 3166 alpha-2 country code (two letters, e.g. LB)"
        case .negativeCount(let k, let v): return "\(k.label) cannot be negative (got \(v))"
        case .partExceedsWhole(let c, let p, let pv, let w, let wv):
            return "\(c): \(p.label) (\(pv)) would exceed \(w.label) (\(wv))"
        case .empty(let f): return "\(f) must not be empty"
        case .outOfRange(let f, let v, let r): return "\(f) must be \(r.lowerBound) to \(r.upperBound) (got \(v))"
        case .invalidTimeZone(let tz): return "'\(tz)' is not an IANA time zone (e.g. Asia/Beirut)"
        case .invalid(let f, let r): return "\(f): \(r)"
        case .countTooLarge(let k, let v):
            return
                "\(k.label) \(Format.number(v)) is not a plausible count (at most \(Format.number(CountRules.maximum)))"
        case .conflict(let conflicts):
            return "conflict, nothing saved: " + conflicts.map(\.description).joined(separator: "; ")
        }
    }
}
