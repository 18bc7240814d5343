import ArgumentParser
import CrisisFeedFetch
import CrisisFeeds
import CrisisModel
import CrisisStorage
import CrisisUI
import Foundation

/// "30s", "5m", "2h", "1d" or plain seconds.
struct Interval: ExpressibleByArgument {
    var seconds: Int
    init?(argument: String) {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var text = argument.lowercased()
        var unit = 1
        if let last = text.last, let u = units[last] {
            unit = u
            text.removeLast()
        }
        guard let n = Int(text), n > 0, n <= 86_400 * 7 else { return nil }
        seconds = n * unit
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

struct FeedsAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Follow a feed: the cell's fetcher reads it at its interval and puts what is new in Incoming.",
        discussion:
            "Try it first with 'crisiscell feeds read URL --format F'. Only the cell's admins may, on a database.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A short name: a-z, 0-9, '-' and '_' (e.g. gdacs).") var name: String
    @Argument(help: "The feed's http:// or https:// address.") var url: String
    @Option(help: "The feed's format: \(FeedFormat.names).") var format: FeedFormat
    @Option(help: ArgumentHelp("How often to fetch it (60s to 1d).", valueName: "30s|5m|2h")) var every: Interval?

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            let current = repo.store.world.watch.feeds[name]
            let feed = FollowedFeed(
                name: name, url: url, format: format.rawValue,
                interval: every?.seconds ?? current?.interval ?? FollowedFeed.defaultInterval)
            try repo.commitAndReport(.followFeed(feed, expected: current), by: common.operatorName(for: repo))
        }
    }
}

struct FeedsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Stop following a feed (the items it brought stay in Incoming).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The feed's name, as 'feeds list' shows it.") var name: String

    func run() throws {
        try runReporting {
            let repo = try common.openStore()
            guard let current = repo.store.world.watch.feeds[name] else {
                let known = repo.store.world.watch.feeds.keys.sorted().joined(separator: ", ")
                throw CommandFailure("no feed \(name) is followed (followed: \(known.isEmpty ? "none" : known))")
            }
            try repo.commitAndReport(.unfollowFeed(name: name, expected: current), by: common.operatorName(for: repo))
        }
    }
}

struct FeedsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The feeds the cell follows, and how this site's fetcher last found each.")
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let world = repo.store.world
            let state = FeedState.read(repo.directory)
            let now = CellClock.now()
            guard !world.watch.feeds.isEmpty else {
                say("No feeds followed. Add one with: crisiscell feeds add NAME URL --format F")
                return
            }
            for feed in world.watch.feeds.values.sorted(by: { $0.name < $1.name }) {
                let s = state.feeds[feed.name]
                let held = world.watch.incoming.values.filter { $0.feed == feed.name }.count
                say(
                    TerminalText.printable(
                        "\(feed.name)  \(feed.format)  every \(Format.age(TimeInterval(feed.interval)))  \(feed.url)"))
                var line = "  \(held) item\(held == 1 ? "" : "s") in Incoming"
                if let ok = s?.lastSuccess { line += " · last read \(Format.ago(ok, now: now)) UTC" }
                if let n = s?.items { line += " (\(n) items)" }
                if s?.lastTried == nil { line += " · not fetched yet at this site" }
                if let due = s?.due { line += due <= now ? " · due now" : " · next \(Format.clock(due, .utc)) UTC" }
                say(TerminalText.printable(line))
                if let error = s?.lastError {
                    let times = (s?.failures ?? 0) > 1 ? " (\(s!.failures) times in a row)" : ""
                    say(TerminalText.printable("  last error: \(error)\(times)"))
                }
            }
            if let holder = FeedLock.holder(repo.directory) {
                say(TerminalText.printable("Fetcher at this site: \(holder)"))
            }
        }
    }
}

struct FeedsFetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the followed feeds: once (for cron and tests), or for as long as it runs.",
        discussion: """
            One fetcher per cell directory: this command holds the directory's feed lock, and says who has it when \
            another process (a console, or another 'feeds fetch') fetches already. Exit 1 when a feed failed.
            """)
    @OptionGroup var common: CommonOptions
    @Flag(help: "Fetch every due feed now, then stop.") var once = false
    @Flag(help: "With --once: fetch every feed, due or not.") var all = false
    @Option(help: ArgumentHelp("Keep fetching, looking for due feeds this often.", valueName: "30s|5m"))
    var every: Interval?

    func validate() throws {
        guard once != (every != nil) else { throw ValidationError("give one of --once or --every INTERVAL") }
        if all && !once { throw ValidationError("--all goes with --once") }
    }

    func run() throws {
        try runReporting {
            // Live for --every: feeds added or removed at other sites reach this one between rounds.
            let repo = try common.openStore(live: !once)
            let who = common.operatorName(for: repo)
            guard let lock = FeedLock.take(repo.directory, as: "crisiscell feeds fetch (\(who))") else {
                let holder = FeedLock.holder(repo.directory) ?? "another process"
                Output.warn("the feeds of this cell are fetched by \(holder); nothing fetched here")
                return
            }
            let round = FeedRound()
            defer { round.fetcher.shutdown() }
            // On a database, one site at a time: a lease renewed each round, let go by --once when done.
            let site = "\(ProcessInfo.processInfo.hostName) pid \(getpid())"
            let lease = min(3600, max(60, 3 * (every?.seconds ?? 200)))
            defer { if once { repo.releaseFeedFetcher(site: site) } }
            var failed = false
            repeat {
                if let holder = try claimLease(repo, site: site, seconds: lease) {
                    Output.warn("the feeds of this cell are fetched by \(holder); nothing fetched here")
                    if once { return }
                    Thread.sleep(forTimeInterval: TimeInterval(every?.seconds ?? 60))
                    continue
                }
                _ = try? repo.refresh()
                let state = FeedState.read(repo.directory)
                let feeds =
                    all
                    ? repo.store.world.watch.feeds.values.sorted { $0.name < $1.name }
                    : FeedRound.due(repo.store.world, state: state, now: CellClock.now())
                if once && repo.store.world.watch.feeds.isEmpty { say("No feeds followed; nothing to fetch.") }
                for o in round.run(feeds, store: repo, by: who, now: CellClock.now) {
                    failed = failed || o.failed
                    say(TerminalText.printable("\(o.feed): \(o.failed ? "failed: " : "")\(o.summary)"))
                    for p in o.problems { Output.warn(p) }
                }
                if let every { Thread.sleep(forTimeInterval: TimeInterval(every.seconds)) }
            } while !once
            withExtendedLifetime(lock) {}
            if failed { throw ExitCode(1) }
        }
    }

    /// Nil when this site fetches; who does otherwise. A database out of reach fails --once and waits a round
    /// for --every.
    private func claimLease(_ repo: any CellStore, site: String, seconds: Int) throws -> String? {
        do { return try repo.claimFeedFetcher(site: site, seconds: seconds) } catch {
            if once { throw CommandFailure("cannot take the cell's feed-fetching turn: \(error)") }
            return "nobody this round (\(error))"
        }
    }
}

struct FeedsThreshold: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threshold",
        abstract: "How many nationals a country must hold for a grave incoming item there to raise a banner.",
        discussion: """
            Grave: GDACS red, CAP Extreme or Severe with Immediate urgency, a US Level 4, a PAGER red quake. \
            Without a number, says the cell's threshold. Only the cell's admins may change it, on a database.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "Nationals (stock estimate, registered or affected, the largest) at least.") var nationals: Int?
    @Flag(help: "Back to the standard threshold (1,000).") var standard = false

    func validate() throws {
        if standard && nationals != nil { throw ValidationError("give a number or --standard, not both") }
        if let n = nationals, n < 0 { throw ValidationError("the threshold cannot be negative") }
    }

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: nationals == nil && !standard)
            let cell = repo.store.world.cell
            guard nationals != nil || standard else {
                let n = cell.incomingThreshold.nationals
                say(
                    "Banners for grave items where \(Format.number(n)) or more of our nationals are"
                        + (cell.bannerNationals == nil ? " (the standard)." : "."))
                return
            }
            var settings = cell
            settings.bannerNationals = standard ? nil : nationals
            try repo.commitAndReport(.setCell(settings, expected: cell), by: common.operatorName(for: repo))
        }
    }
}
