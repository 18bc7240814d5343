import ArgumentParser
import CrisisModel
import CrisisStorage
import CrisisUI
import Foundation

/// An item named on the command line: its number in the list as `incoming` prints it, its key, or the source's id.
func resolveIncoming(_ text: String, in world: World) throws -> IncomingItem {
    let ranked = world.incomingRanked
    if let n = Int(text), n >= 1, n <= ranked.count { return ranked[n - 1] }
    if let r = world.watch.incoming[text] { return r }
    let byId = ranked.filter { $0.ids.contains(text) }
    if byId.count == 1 { return byId[0] }
    throw CommandFailure(
        byId.isEmpty
            ? "no incoming item \(text): give its number or key as 'crisiscell incoming' lists them"
            : "\(text) names \(byId.count) items: give the key (\(byId.map(\.key).joined(separator: ", ")))")
}

struct IncomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incoming",
        abstract: "What the followed feeds brought in, ranked for the team to triage.",
        subcommands: [
            IncomingList.self, IncomingShow.self, IncomingDismiss.self, IncomingLink.self, IncomingOpen.self,
        ],
        defaultSubcommand: IncomingList.self)
}

struct IncomingList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Incoming items, untriaged first, then by the source's level and how many nationals are there.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Show decided and withdrawn items too.") var all = false

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let world = repo.store.world
            let names = CountryNames.load()
            let words = IncomingWords(world: world, names: names.name, now: CellClock.now())
            let ranked = world.incomingRanked
            let shown = ranked.enumerated().filter { all || ($0.element.status == .new && !$0.element.withdrawn) }
            if shown.isEmpty {
                say(
                    world.watch.feeds.isEmpty
                        ? "Nothing incoming: no feeds followed (crisiscell feeds add NAME URL --format F)."
                        : "Nothing incoming to triage\(ranked.isEmpty ? "" : " (\(ranked.count) decided or withdrawn: --all)")."
                )
                return
            }
            let banners = Set(world.incomingBanners().map(\.key))
            for (i, r) in shown {
                let mark = banners.contains(r.key) ? "!" : " "
                say(TerminalText.printable("\(mark)\(String(i + 1).leftPadded(3)) \(words.line(r))"))
            }
            if !banners.isEmpty {
                say("! above the cell's threshold: a banner on every console until triaged or acknowledged")
            }
        }
    }
}

struct IncomingShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything about one item.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Its number in 'incoming', its key or the source's id.") var item: String

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let r = try resolveIncoming(item, in: repo.store.world)
            let words = IncomingWords(world: repo.store.world, names: CountryNames.load().name, now: CellClock.now())
            for line in words.detail(r) { say(TerminalText.printable(line)) }
            say(TerminalText.printable("Key: \(r.key)"))
        }
    }
}

struct IncomingDismiss: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dismiss", abstract: "Dismiss an item, saying why.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Its number in 'incoming', its key or the source's id.") var item: String
    @Option(help: "Why it needs nothing from the cell.") var reason: String

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            let r = try resolveIncoming(item, in: repo.store.world)
            try repo.commitAndReport(
                .triageIncoming(key: r.key, status: .dismissed, reason: reason, expected: r.status),
                by: common.operatorName(for: repo))
        }
    }
}

struct IncomingLink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Link an item to a crisis already open (a log entry with the source).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Its number in 'incoming', its key or the source's id.") var item: String
    @Argument(help: "The crisis id.") var crisis: String

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            let r = try resolveIncoming(item, in: repo.store.world)
            try repo.commitAndReport(
                .triageIncoming(key: r.key, status: .linked, crisis: crisis, expected: r.status),
                by: common.operatorName(for: repo))
        }
    }
}

struct IncomingOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a crisis from an item: its countries, kind, severity, and the source's link in its log.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Its number in 'incoming', its key or the source's id.") var item: String
    @Option(help: "The crisis's title (default: the country and the hazard).") var title: String?

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            let world = repo.store.world
            let r = try resolveIncoming(item, in: world)
            if r.status != .new, let t = r.triage {
                throw CommandFailure(
                    "\(r.item.headline) is already \(t.status.rawValue) by \(t.by) at \(Timestamp.string(t.at)); nothing done"
                )
            }
            guard !r.item.countries.isEmpty else {
                throw CommandFailure(
                    "\(r.item.headline) names no country: open the crisis with its countries in the console")
            }
            let names = CountryNames.load()
            let name = title ?? r.crisisTitle(names: names.name)
            let id = FormBuilder.uniqueId(FormBuilder.slug(name, r.item.countries.first), taken: Set(world.crises.keys))
            let crisis = Crisis(
                id: id, title: name, kind: r.crisisKind, countries: r.item.countries, severity: r.crisisSeverity,
                phase: .monitoring, started: CellClock.now(), summary: r.crisisSummary,
                checklist: ChecklistTemplate.response.items())
            let ops: [StoreOperation] = [
                .addCrisis(crisis), .triageIncoming(key: r.key, status: .opened, crisis: id, expected: r.status),
            ]
            let who = common.operatorName(for: repo)
            do {
                switch try repo.save(ops, by: who, madeAt: nil) {
                case .saved(let entries):
                    say(TerminalText.printable("saved #\(entries.first?.seq ?? 0): opened crisis \(id) \"\(name)\""))
                case .queued(let why): Output.warn("kept at this site, to send when the database is back: \(why)")
                case .unchanged(let why): say(TerminalText.printable(why))
                }
            } catch let e as StoreError {
                if case .conflict = e { throw CommandFailure("\(e)", status: 3) }
                throw CommandFailure("\(e)")
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: " ", count: n - count) + self
    }
}
