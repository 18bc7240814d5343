/// Which counts contain which, reviewed against the domain (shared/domain.md, "Counts"):
/// - the stock estimate is rough: any count may exceed it, which is worth a warning and never a refusal;
/// - the consular registry is not a whole of anything in a crisis: undocumented workers are rarely in it,
///   yet they are affected, sheltered and evacuated (Lebanon 2024: 1,623 of 1,800 were undocumented);
/// - the funnel's own stages nest: those who left (evacuated) include those in transit and those arrived home;
/// - the injured, missing and dead, those sheltered or at an assembly point, and those who left, are all
///   among the affected.
public enum CountRules {
    /// The largest count accepted: more than the nationals of any country, far below where sums could overflow.
    public static let maximum = 10_000_000_000

    /// A part that may never exceed its whole when both are known.
    public static let nested: [(part: CountKind, whole: CountKind)] = [
        (.inTransit, .evacuated), (.returned, .evacuated),
        (.evacuated, .affected), (.atAssembly, .affected), (.sheltered, .affected),
        (.injured, .affected), (.missing, .affected), (.dead, .affected),
    ]

    public struct Violation: Equatable, Sendable {
        public var part: CountKind, partValue: Int, whole: CountKind, wholeValue: Int
    }

    /// Parts above their wholes in a set of counts.
    public static func violations(_ counts: [CountKind: Int]) -> [Violation] {
        nested.compactMap { rule in
            guard let p = counts[rule.part], let w = counts[rule.whole], p > w else { return nil }
            return Violation(part: rule.part, partValue: p, whole: rule.whole, wholeValue: w)
        }
    }

    /// Counts above the stock estimate: allowed, since the estimate is rough, but said.
    public static func aboveStock(_ counts: [CountKind: Int]) -> [(kind: CountKind, value: Int, stock: Int)] {
        guard let stock = counts[.stock] else { return [] }
        return CountKind.allCases.compactMap { k in
            guard k != .stock, let v = counts[k], v > stock else { return nil }
            return (k, v, stock)
        }
    }

    /// How deep a kind sits in the nesting (wholes first), so imports apply wholes before their parts.
    public static func depth(_ kind: CountKind) -> Int {
        var d = 0
        var k = kind
        while let rule = nested.first(where: { $0.part == k }) {
            d += 1
            k = rule.whole
        }
        return d
    }
}
