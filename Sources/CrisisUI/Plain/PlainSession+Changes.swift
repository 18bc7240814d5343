import CrisisModel
import CrisisSession
import Foundation

/// What became of a change the runner tried to save.
/// The commands that change the record, and what is said once the disk has them.
extension PlainSession {
    var readOnlyRefusal: PlainReply {
        .problem(
            "This line mode is read-only (\(readOnlyReason.map(PlainWords.spoken) ?? "started with --read-only")): nothing can be changed from it."
        )
    }

    /// `tick N` (from the last list), `tick CRISIS N`, `tick CRISIS ITEM-ID`, `tick CRISIS words of the item`.
    mutating func setStatus(_ input: PlainInput, _ status: ItemStatus, world: World) -> PlainReply {
        if readOnly { return readOnlyRefusal }
        let verb = status == .done ? "tick" : "untick"
        let args = input.arguments
        guard !args.isEmpty else {
            return .problem(
                "Which item? Say \(verb) and its number in the last checklist, or \(verb) and a crisis and the item's number."
            )
        }
        let target: Result<(ChecklistOwner, String), PlainProblem>
        if args.count == 1 {
            target = itemFromLastList(args[0].text, world: world)
        } else {
            switch resolveOwner(args[0].text, world: world) {
            case .failure(let p): target = .failure(p)
            case .success(let owner):
                target = findItem(input.rest(from: 2), in: owner, world: world).map { (owner, $0) }
            }
        }
        switch target {
        case .failure(let p): return .problem(p.message)
        case .success(let (owner, id)):
            let expected = seenStatus["\(owner.key)/\(id)"] ?? item(owner, id, world)?.status
            let op = StoreOperation.setItemStatus(owner: owner, item: id, status: status, expected: expected)
            return PlainReply([], action: .commit([op], PlainChange(kind: .change, ops: [op])))
        }
    }

    /// A lone word after tick: a number in the last list, or an item id of the checklist listed last.
    func itemFromLastList(_ word: String, world: World) -> Result<(ChecklistOwner, String), PlainProblem> {
        if let n = Int(word) {
            switch pick(n) {
            case .failure(let p): return .failure(p)
            case .success(.item(let owner, let id)): return .success((owner, id))
            case .success(let other):
                return .failure(
                    PlainProblem(
                        "Number \(n) in the last list is \(other.noun), not a checklist item. Type checklist and a crisis first."
                    ))
            }
        }
        if let l = listing, case .item(let owner, _)? = l.refs.first, item(owner, word, world) != nil {
            return .success((owner, word))
        }
        return .failure(
            PlainProblem(
                "\"\(word)\" is not a number in the last list. Say tick and a crisis and the item, such as tick lb-escalation 4."
            ))
    }

    /// An item of one checklist by number (the last list's, when it was this checklist; else the full list's), id or words.
    func findItem(_ text: String, in owner: ChecklistOwner, world: World) -> Result<String, PlainProblem> {
        let items = World.sections(of: world.checklist(of: owner) ?? []).flatMap(\.items)
        let name = PlainWords.ownerName(owner, world: world, names: names)
        if let n = Int(text) {
            if let l = listing,
                l.refs.contains(where: { if case .item(owner, _) = $0 { return true } else { return false } }),
                n >= 1, n <= l.refs.count, case .item(_, let id) = l.refs[n - 1]
            {
                return .success(id)
            }
            guard n >= 1, n <= items.count else {
                return .failure(
                    PlainProblem("\(name.capitalizedFirst) has items 1 to \(items.count); there is no \(n)."))
            }
            return .success(items[n - 1].id)
        }
        if let it = items.first(where: { $0.id == text }) { return .success(it.id) }
        let matches = items.filter {
            $0.text.range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) != nil
        }
        if matches.count == 1 { return .success(matches[0].id) }
        if matches.isEmpty {
            return .failure(PlainProblem("No item on \(name) mentions \"\(text)\". Type checklist to read it."))
        }
        return .failure(
            PlainProblem(
                "\(matches.count) items on \(name) mention \"\(text)\": "
                    + matches.prefix(4).map { "\"\($0.text)\"" }.joined(separator: ", ")
                    + ". Say more, or use the item's number."))
    }

    /// `count COUNTRY --affected 1200 [--evacuated 300] [--source TEXT] [--expect-affected N]`; "affected 1200" and
    /// "affected=1200" do as well.
    /// A figure as typed ("12,000", "12_000"): a whole number, not negative, not past the plausible maximum.
    static func figure(_ value: String, _ kind: CountKind) -> Result<Int, FigureProblem> {
        guard let n = Int(value.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")) else {
            return .failure(
                .init("\"\(value)\" is not a figure for \(kind.label): give a whole number, such as 12000."))
        }
        if n < 0 { return .failure(.init("\(kind.label.capitalizedFirst) cannot be negative (you gave \(n)).")) }
        if n > CountRules.maximum {
            return .failure(
                .init(
                    "\(Format.number(n)) is not a plausible count of \(kind.label) (at most \(Format.number(CountRules.maximum)))."
                ))
        }
        return .success(n)
    }

    mutating func count(_ input: PlainInput, world: World) -> PlainReply {
        if readOnly { return readOnlyRefusal }
        let args = input.arguments.map(\.text)
        let kindAt = args.firstIndex { PlainSession.countKind($0) != nil || $0.hasPrefix("--") }
        guard let first = kindAt, first > 0 else {
            return .problem("Say count, the country, then each figure: count Lebanon --affected 12000 --evacuated 300.")
        }
        let countryText = args[..<first].joined(separator: " ")
        let code: String
        switch resolveCountry(countryText, world: world) {
        case .failure(let p): return .problem(p.message)
        case .success(let c): code = c
        }
        var counts: [CountKind: Int] = [:]
        var explicit: [CountKind: Int?] = [:]
        var source = ""
        var i = first
        while i < args.count {
            var word = args[i]
            var value: String?
            if let eq = word.firstIndex(of: "=") {
                value = String(word[word.index(after: eq)...])
                word = String(word[..<eq])
            }
            let name = word.hasPrefix("--") ? String(word.dropFirst(2)) : word
            if value == nil {
                i += 1
                value = i < args.count ? args[i] : nil
            }
            i += 1
            if name.lowercased() == "source" {
                guard let value else {
                    return .problem("--source needs the figures' source, such as --source \"OCHA sitrep 12\".")
                }
                source = value
                continue
            }
            let expecting = name.lowercased().hasPrefix("expect-")
            guard let kind = PlainSession.countKind(expecting ? String(name.dropFirst(7)) : name) else {
                return .problem(
                    "\"\(word)\" is not a kind of count. Kinds: "
                        + CountKind.allCases.map(\.flag).joined(separator: ", ") + ".")
            }
            guard let value else { return .problem("\(kind.label.capitalizedFirst) needs a figure after it.") }
            if expecting {
                guard let e = ExpectedFigure(value) else {
                    return .problem("\"\(value)\" is not a figure for --expect-\(kind.flag) (a number, or unknown).")
                }
                explicit.updateValue(e.value, forKey: kind)
                continue
            }
            switch PlainSession.figure(value, kind) {
            case .success(let n): counts[kind] = n
            case .failure(let problem): return .problem(problem.description)
            }
        }
        guard !counts.isEmpty else {
            return .problem("Give at least one figure, such as count \(code) --affected 1200.")
        }
        for k in explicit.keys where counts[k] == nil {
            return .problem("--expect-\(k.flag) needs --\(k.flag): it says what that new figure replaces.")
        }
        var expected: [CountKind: Int?] = [:]
        for k in counts.keys {
            if let e = explicit[k] {
                expected.updateValue(e, forKey: k)
            } else if let seen = seenCounts[code]?[k] {
                expected.updateValue(seen, forKey: k)
            } else {
                expected.updateValue(world.countries[code]?.count(k), forKey: k)
            }
        }
        let op = StoreOperation.setCounts(country: code, counts: counts, source: source, asOf: nil, expected: expected)
        return PlainReply([], action: .commit([op], PlainChange(kind: .change, ops: [op])))
    }

    static func countKind(_ word: String) -> CountKind? {
        let w = (word.hasPrefix("--") ? String(word.dropFirst(2)) : word).lowercased()
        let name = w.split(separator: "=").first.map(String.init) ?? w
        if let k = CountKind.allCases.first(where: { $0.flag == name || $0.rawValue.lowercased() == name }) { return k }
        let aliases: [String: CountKind] = [
            "present": .stock, "home": .returned, "shelter": .sheltered, "assembly": .atAssembly,
            "transit": .inTransit, "evacuees": .evacuated, "killed": .dead, "deaths": .dead,
        ]
        return aliases[name]
    }

    /// `alert COUNTRY LEVEL why`: the level 0 to 4 (or its name), then the reason, which is required.
    mutating func alert(_ input: PlainInput, world: World) -> PlainReply {
        if readOnly { return readOnlyRefusal }
        // --yes confirms a large rise in the command itself (a script's way; a following `yes` line does too).
        let confirmed = input.arguments.contains { $0.text == "--yes" && !$0.quoted }
        let input = confirmed ? input.removing("--yes") : input
        let args = input.arguments.map(\.text)
        var found: (index: Int, words: Int, level: AlertLevel)?
        for i in args.indices.dropFirst() {
            if i + 1 < args.count, let l = AlertLevel(parsing: args[i] + " " + args[i + 1]) {
                found = (i, 2, l)
                break
            }
            if let l = AlertLevel(parsing: args[i]) {
                found = (i, 1, l)
                break
            }
        }
        guard let (at, width, level) = found else {
            return .problem("Say alert, the country, the level 0 to 4, then why: alert Kuwait 2 curfew announced.")
        }
        let code: String
        switch resolveCountry(args[..<at].joined(separator: " "), world: world) {
        case .failure(let p): return .problem(p.message)
        case .success(let c): code = c
        }
        let reason = input.rest(from: at + width + 1)
        guard !reason.isEmpty else {
            return .problem(
                "Say why the level changes, after the level: alert \(code) \(level.rawValue) curfew announced. It is logged with your name."
            )
        }
        let current = world.countries[code]?.alertLevel ?? .none
        let expected = seenAlerts[code] ?? current
        let op = StoreOperation.setAlert(country: code, level: level, reason: reason, expected: expected)
        let rise = level.rawValue - expected.rawValue
        // Asked of a script too: from a pipe, the next line must be yes (or the command carry --yes), else nothing
        // is saved and the script's status says so.
        if !confirmed && (rise >= 2 || (level == .mandatoryEvacuation && expected != .mandatoryEvacuation)) {
            let question =
                "Raise \(names.name(code)) from \(PlainWords.alert(expected)) to \(PlainWords.alert(level))? Type yes to save it, anything else to drop it."
            confirming = ([op], question)
            return PlainReply([PlainLine(question, .alert(level))])
        }
        return PlainReply([], action: .commit([op], PlainChange(kind: .change, ops: [op])))
    }

    /// `log [--crisis ID] [--kind sitrep|decision|call] TEXT`; without text, the log itself.
    mutating func log(_ input: PlainInput, world: World, now: Date) -> PlainReply {
        let args = input.arguments
        var crisis: String?
        var kind: EventKind?
        var i = 0
        while i < args.count, args[i].text.hasPrefix("--"), !args[i].quoted {
            let name = args[i].text.dropFirst(2).lowercased()
            guard i + 1 < args.count else { return .problem("--\(name) needs a value.") }
            switch name {
            case "crisis":
                switch resolveCrisis(args[i + 1].text, world: world) {
                case .failure(let p): return .problem(p.message)
                case .success(let id): crisis = id
                }
            case "kind":
                guard let k = EventKind(rawValue: args[i + 1].text.lowercased()) else {
                    return .problem(
                        "\"\(args[i + 1].text)\" is not a kind of log entry: sitrep, decision, call, alert or change.")
                }
                kind = k
            default: return .problem("log takes --crisis and --kind; \"--\(name)\" is not one of them.")
            }
            i += 2
        }
        let text = input.rest(from: i + 1)
        if text.isEmpty { return logEntries(world: world, now: now, crisis: crisis, kind: kind) }
        if readOnly { return readOnlyRefusal }
        let op = StoreOperation.log(crisis: crisis, kind: kind ?? .sitrep, text: text)
        return PlainReply([], action: .commit([op], PlainChange(kind: .change, ops: [op])))
    }

    mutating func takeBack(world: World) -> PlainReply {
        if readOnly { return readOnlyRefusal }
        guard let last = undoStack.last else {
            return .problem(
                "Nothing to undo: you have made no change here that can be taken back (log entries stay in the log).")
        }
        return PlainReply([], action: .commit(last.undo, PlainChange(kind: .undo, ops: last.undo)))
    }

    mutating func doAgain(world: World) -> PlainReply {
        if readOnly { return readOnlyRefusal }
        guard let last = redoStack.last else { return .problem("Nothing to redo.") }
        return PlainReply([], action: .commit(last.redo, PlainChange(kind: .redo, ops: last.redo)))
    }

}

/// A figure an --expect-KIND names: a number, or "unknown" when none was held.
struct ExpectedFigure {
    var value: Int?
    init?(_ text: String) {
        let t = text.lowercased()
        if ["unknown", "none", "-"].contains(t) {
            value = nil
            return
        }
        guard let n = Int(t.replacingOccurrences(of: ",", with: "")), n >= 0 else { return nil }
        value = n
    }
}

/// Why a typed figure is refused, in one sentence.
struct FigureProblem: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}
