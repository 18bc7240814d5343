import CrisisFeedFetch
import CrisisModel
import CrisisStorage
import Foundation

/// The first console on a data directory fetches the cell's feeds, unless a `feeds fetch` holds the directory's
/// feed lock: on a thread of its own, through its own handle on the directory, so a slow or hung feed never holds
/// up a key, and the console sees what it records as it sees a colleague's change. The handle (a second copy
/// of the record in memory) is opened only once the cell follows a feed.
final class ConsoleFetcher: @unchecked Sendable {
    private let directory: DataDirectory
    private let operatorName: String
    private var lock: FeedLock?
    private let guardFlag = NSLock()
    private var followsFeeds = false
    /// How often the thread looks for due feeds: a feed added at another console is fetched within this.
    static let look: TimeInterval = 5

    /// Starts the thread, which fetches while this console holds the directory's feed lock and tries for it every
    /// look while another process holds it (a console that quits hands over to the next).
    static func start(directory: DataDirectory, operatorName: String) -> ConsoleFetcher? {
        if ProcessInfo.processInfo.environment["CRISISCELL_NO_FETCH"] == "1" { return nil }
        let fetcher = ConsoleFetcher(directory: directory, operatorName: operatorName)
        Thread.detachNewThread { fetcher.loop() }
        return fetcher
    }

    private init(directory: DataDirectory, operatorName: String) {
        self.directory = directory
        self.operatorName = operatorName
    }

    /// Told by the console's loop whether the record follows any feed.
    func note(followsFeeds: Bool) {
        guardFlag.lock()
        self.followsFeeds = followsFeeds
        guardFlag.unlock()
    }

    private var shouldFetch: Bool {
        guardFlag.lock()
        defer { guardFlag.unlock() }
        return followsFeeds
    }

    private func loop() {
        var repo: Repository?
        var round: FeedRound?
        while true {
            if shouldFetch, lock == nil { lock = FeedLock.take(directory, as: "the console of \(operatorName)") }
            if shouldFetch, lock != nil {
                if repo == nil {
                    repo = try? Repository(directory: directory)
                    // The console's own handle writes snapshots in the background; this one leaves them to it, so
                    // a save here never holds the directory while a key waits.
                    repo?.compactsInline = false
                }
                if round == nil { round = FeedRound() }
                if let repo, let round {
                    _ = try? repo.refresh()
                    let due = FeedRound.due(repo.store.world, state: FeedState.read(directory), now: CellClock.now())
                    if !due.isEmpty { _ = round.run(due, store: repo, by: operatorName, now: CellClock.now) }
                }
            }
            Thread.sleep(forTimeInterval: Self.look)
        }
    }
}
