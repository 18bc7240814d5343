import CrisisModel
import Foundation

/// `incoming` lists what the feeds brought in (untriaged, ranked), `incoming N` reads one whole, `dismiss N WHY`
/// and `link N CRISIS` decide on one.
extension PlainSession {
    mutating func incoming(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let words = IncomingWords(world: world, names: names.name, now: now)
        if let arg = input.arguments.first?.text, let n = Int(arg) {
            guard n >= 1, n <= incomingShown.count, let r = world.watch.incoming[incomingShown[n - 1]] else {
                return .problem("There is no incoming \(n): type incoming for the list.")
            }
            return PlainReply(words.detail(r).filter { !$0.isEmpty }.map { PlainLine($0) })
        }
        let all = input.arguments.first?.text.lowercased() == "all"
        let ranked = world.incomingRanked.filter { all || ($0.status == .new && !$0.withdrawn) }
        incomingShown = ranked.map(\.key)
        incomingSeen = Dictionary(ranked.map { ($0.key, $0.status) }, uniquingKeysWith: { a, _ in a })
        guard !ranked.isEmpty else {
            return PlainReply([
                PlainLine(
                    world.watch.feeds.isEmpty
                        ? "Nothing incoming: the cell follows no feed (crisiscell feeds add)."
                        : "Nothing incoming to triage. incoming all lists the decided ones too.")
            ])
        }
        let banners = Set(world.incomingBannerKeys)
        var out = [PlainLine("Incoming, \(ranked.count) \(all ? "in all" : "to triage"), gravest first:", .heading)]
        for (i, r) in ranked.enumerated() {
            out.append(PlainLine("\(i + 1). \(words.line(r))", banners.contains(r.key) ? .problem : .normal))
        }
        out.append(PlainLine("incoming N reads one; dismiss N WHY or link N CRISIS decides on it."))
        return PlainReply(out)
    }

    mutating func triage(_ input: PlainInput, _ status: IncomingStatus, world: World) -> PlainReply {
        if readOnly { return readOnlyRefusal }
        let verb = status == .dismissed ? "dismiss" : "link"
        let args = input.arguments
        guard let first = args.first, let n = Int(first.text), n >= 1, n <= incomingShown.count,
            let r = world.watch.incoming[incomingShown[n - 1]]
        else {
            return .problem(
                "Which item? Type incoming, then \(verb) and its number\(status == .dismissed ? " and why" : " and the crisis")."
            )
        }
        let rest = input.rest(from: 2)
        guard !rest.isEmpty else {
            return .problem(
                status == .dismissed
                    ? "Say why: dismiss \(n) and the reason." : "Which crisis? link \(n) and the crisis.")
        }
        let op: StoreOperation
        if status == .dismissed {
            op = .triageIncoming(
                key: r.key, status: .dismissed, reason: rest, expected: incomingSeen[r.key] ?? r.status)
        } else {
            switch resolveCrisis(rest, world: world) {
            case .failure(let p): return .problem(p.message)
            case .success(let id):
                op = .triageIncoming(key: r.key, status: .linked, crisis: id, expected: incomingSeen[r.key] ?? r.status)
            }
        }
        return PlainReply([], action: .commit([op], PlainChange(kind: .change, ops: [op])))
    }
}
