import CrisisModel
import Foundation

/// One line of the line mode's answer, with how it may be coloured (only with --color).
public struct PlainLine: Equatable, Sendable {
    public enum Tone: Equatable, Sendable {
        case normal, heading, saved, problem
        case alert(AlertLevel)
        case announcement
    }
    public var text: String
    public var tone: Tone
    public init(_ text: String, _ tone: Tone = .normal) {
        self.text = text
        self.tone = tone
    }
}

/// What a typed line comes to: lines to print, whether it failed (a script's exit status says so), and what
/// the runner must do with the disk or the terminal.
public struct PlainReply: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// Save these, durably, then hand the outcome to `PlainSession.finish`.
        case commit([StoreOperation], PlainChange)
        /// Work out what changed since this operator last looked and hand it to `PlainSession.since`.
        case since
        case quit
    }
    public var lines: [PlainLine]
    public var failed = false
    /// A conflict with someone else's change (exit status 3 for a script), rather than a mistake.
    public var conflict = false
    public var action: Action?

    public init(_ lines: [PlainLine], failed: Bool = false, conflict: Bool = false, action: Action? = nil) {
        self.lines = lines
        self.failed = failed
        self.conflict = conflict
        self.action = action
    }
    static func say(_ texts: String...) -> PlainReply { PlainReply(texts.map { PlainLine($0) }) }
    static func problem(_ text: String) -> PlainReply { PlainReply([PlainLine(text, .problem)], failed: true) }
}

/// A change on its way to the disk: what was asked, and how it can be taken back.
public struct PlainChange: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case change, undo, redo }
    public var kind: Kind
    /// The ops as asked (before the store reduced them), for undo.
    public var ops: [StoreOperation]
}

/// A record a numbered line stands for, so that "tick 4" or "4" picks it.
public enum PlainRef: Equatable, Sendable {
    case crisis(String)
    case country(String)
    case item(ChecklistOwner, String)
    case contact(String)
    case event(Int)

    var noun: String {
        switch self {
        case .crisis: return "a crisis"
        case .country: return "a country"
        case .item: return "a checklist item"
        case .contact: return "a contact"
        case .event: return "a log entry"
        }
    }
}

/// The line mode's state and commands: pure, so every command is tested without a terminal. The runner reads
/// lines, hands them here with the world as it is, carries out the action (commit, since) and prints the lines.
public struct PlainSession {
    public let operatorName: String
    public let readOnly: Bool
    /// Why, when it is not the operator's own --read-only (a database's viewer).
    public var readOnlyReason: String?
    /// A person at a terminal (asked to confirm a large alert rise), rather than a script.
    public let interactive: Bool
    public let names: CountryNames

    /// The last numbered list: what its numbers stand for, and how far it has been read.
    struct Listing {
        var title: String
        var refs: [PlainRef]
        var shown: Int
        var prefixKind: Bool
        /// Lines written once (what changed since), instead of lines made afresh from the records.
        var texts: [String]? = nil
    }
    var listing: Listing?
    /// The incoming items as `incoming` last numbered them (keys), for `incoming N`, `dismiss N` and `link N`.
    var incomingShown: [String] = []
    /// Their statuses as shown: a decision expects to replace what the operator saw.
    var incomingSeen: [String: IncomingStatus] = [:]
    /// What this operator was last shown of each record: a change expects to replace that, so a colleague's
    /// change in between is a conflict to be told about, never silently overwritten.
    var seenAlerts: [String: AlertLevel] = [:]
    var seenCounts: [String: [CountKind: Int?]] = [:]
    var seenStatus: [String: ItemStatus] = [:]
    /// This session's own changes, to take back (`undo`) and do again (`redo`).
    var undoStack: [UndoEntry] = []
    var redoStack: [UndoEntry] = []
    /// A change waiting for "yes" (a large rise of an alert level).
    var confirming: (ops: [StoreOperation], question: String)?

    /// Lines a list shows at a time; `more` shows the next ones.
    public static let pageSize = 15

    public init(operatorName: String, readOnly: Bool, interactive: Bool, names: CountryNames) {
        self.operatorName = operatorName
        self.readOnly = readOnly
        self.interactive = interactive
        self.names = names
    }

    public var isConfirming: Bool { confirming != nil }

    /// The input ended: a question still open (a script's last line raised an alert by two levels or to L4 and
    /// no `yes` followed) is a change not saved, and said so.
    public mutating func endOfInput() -> PlainReply? {
        guard confirming != nil else { return nil }
        confirming = nil
        return PlainReply(
            [PlainLine("Not saved: the input ended before yes confirmed the raise (or give --yes).", .problem)],
            failed: true)
    }

    /// Answers one typed line.
    public mutating func handle(_ line: String, world: World, now: Date) -> PlainReply {
        let input = PlainInput(line)
        if let pending = confirming {
            confirming = nil
            if ["yes", "y"].contains(input.command) {
                return PlainReply([], action: .commit(pending.ops, PlainChange(kind: .change, ops: pending.ops)))
            }
            // A script that does not confirm has failed; a person who says no has not.
            return PlainReply([PlainLine("Not saved: nothing changed.", .problem)], failed: !interactive)
        }
        guard !input.words.isEmpty else { return PlainReply([]) }
        if let n = Int(input.command) { return show(number: n, world: world, now: now) }
        switch input.command {
        case "crises": return crises(world: world, now: now)
        case "countries": return countries(input, world: world, now: now)
        case "crisis": return crisis(input, world: world, now: now)
        case "country": return country(input, world: world, now: now)
        case "checklist", "list": return checklist(input, world: world, now: now)
        case "contacts": return contacts(input, world: world, now: now)
        case "find", "search": return find(input, world: world, now: now)
        case "log":
            return input.arguments.isEmpty ? logEntries(world: world, now: now) : log(input, world: world, now: now)
        case "more", "m": return more(world: world, now: now)
        case "incoming": return incoming(input, world: world, now: now)
        case "dismiss": return triage(input, .dismissed, world: world)
        case "link": return triage(input, .linked, world: world)
        case "since": return PlainReply([], action: .since)
        case "tick", "done": return setStatus(input, .done, world: world)
        case "untick", "reopen": return setStatus(input, .open, world: world)
        case "count", "counts": return count(input, world: world)
        case "alert": return alert(input, world: world)
        case "undo": return takeBack(world: world)
        case "redo": return doAgain(world: world)
        case "help", "?", "h": return PlainHelp.reply(for: input.arguments.first?.text)
        case "quit", "exit", "q", "bye": return PlainReply([], action: .quit)
        default:
            let near = PlainHelp.commands.map(\.name).filter { $0.hasPrefix(String(input.command.prefix(2))) }
            let hint = near.isEmpty ? "" : " Did you mean \(near.joined(separator: " or "))?"
            return .problem("There is no command \"\(input.words[0].text)\".\(hint) Type help for the commands.")
        }
    }

    // MARK: Numbered lists

    /// Starts a numbered list and shows its first page.
    mutating func list(
        _ title: String, _ refs: [PlainRef], world: World, now: Date, empty: String, prefixKind: Bool = false
    ) -> PlainReply {
        guard !refs.isEmpty else { return PlainReply([PlainLine(title, .heading), PlainLine(empty)]) }
        listing = Listing(title: title, refs: refs, shown: 0, prefixKind: prefixKind)
        return PlainReply([PlainLine(title, .heading)] + page(world: world, now: now))
    }

    mutating func page(world: World, now: Date) -> [PlainLine] {
        guard var l = listing else { return [] }
        var out: [PlainLine] = []
        let end = min(l.refs.count, l.shown + Self.pageSize)
        var section: String?
        if l.shown > 0, case .item(let owner, let id) = l.refs[l.shown - 1] {
            section = item(owner, id, world)?.section
        }
        for i in l.shown..<end {
            let ref = l.refs[i]
            if !l.prefixKind, case .item(let owner, let id) = ref, let it = item(owner, id, world),
                it.section != section
            {
                section = it.section
                let all = (world.checklist(of: owner) ?? []).filter { $0.section == it.section }
                out.append(PlainLine("\(it.section), \(PlainWords.checklistProgress(all)):", .heading))
            }
            if let texts = l.texts {
                out.append(PlainLine("\(i + 1). \(texts[i])"))
                continue
            }
            out.append(line(for: ref, number: i + 1, world: world, now: now, prefixKind: l.prefixKind))
        }
        l.shown = end
        listing = l
        if end < l.refs.count {
            out.append(
                PlainLine(
                    "\(end) of \(l.refs.count) shown. Type more for the next \(min(Self.pageSize, l.refs.count - end))."
                ))
        }
        return out
    }

    mutating func more(world: World, now: Date) -> PlainReply {
        guard let l = listing else {
            return .problem("There is no list to continue. Type crises, countries or checklist first.")
        }
        guard l.shown < l.refs.count else {
            return .say("That was the end of the list (\(PlainWords.plural(l.refs.count, "line"))).")
        }
        return PlainReply(page(world: world, now: now))
    }

    /// The record number `n` of the last list stands for, or why there is none.
    func pick(_ n: Int) -> Result<PlainRef, PlainProblem> {
        guard let l = listing else {
            return .failure(
                PlainProblem("There is no list to pick \(n) from yet. Type crises, countries or checklist first."))
        }
        guard n >= 1, n <= l.refs.count else {
            return .failure(
                PlainProblem(
                    "The last list (\(l.title.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":")))) has numbers 1 to \(l.refs.count); there is no \(n)."
                ))
        }
        return .success(l.refs[n - 1])
    }

    func item(_ owner: ChecklistOwner, _ id: String, _ world: World) -> ChecklistItem? {
        world.checklist(of: owner)?.first { $0.id == id }
    }

    // MARK: What was shown

    mutating func saw(country code: String, in world: World) {
        guard let c = world.countries[code] else { return }
        seenAlerts[code] = c.alertLevel
        var counts: [CountKind: Int?] = [:]
        for k in CountKind.allCases { counts.updateValue(c.count(k), forKey: k) }
        seenCounts[code] = counts
    }

    mutating func saw(item id: String, of owner: ChecklistOwner, in world: World) {
        if let it = item(owner, id, world) { seenStatus["\(owner.key)/\(id)"] = it.status }
    }

    mutating func saw(_ ref: PlainRef, in world: World) {
        switch ref {
        case .country(let code): saw(country: code, in: world)
        case .item(let owner, let id): saw(item: id, of: owner, in: world)
        case .crisis(let id): for code in world.crises[id]?.countries ?? [] { saw(country: code, in: world) }
        case .contact, .event: break
        }
    }
}

/// A command's argument that does not name anything: said to the user, never thrown past them.
struct PlainProblem: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
