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
    private let lock: FeedLock
    private let guardFlag = NSLock()
    private var followsFeeds = false
    /// How often the thread looks for due feeds: a feed added at another console is fetched within this.
    static let look: TimeInterval = 5

    /// Starts fetching when this console takes the lock; nil when another process fetches for the directory.
    static func start(directory: DataDirectory, operatorName: String) -> ConsoleFetcher? {
        if ProcessInfo.processInfo.environment["CRISISCELL_NO_FETCH"] == "1" { return nil }
        guard let lock = FeedLock.take(directory, as: "the console of \(operatorName)") else { return nil }
        let fetcher = ConsoleFetcher(directory: directory, operatorName: operatorName, lock: lock)
        Thread.detachNewThread { fetcher.loop() }
        return fetcher
    }

    private init(directory: DataDirectory, operatorName: String, lock: FeedLock) {
        self.directory = directory
        self.operatorName = operatorName
        self.lock = lock
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
            if shouldFetch {
                if repo == nil { repo = try? Repository(directory: directory) }
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
