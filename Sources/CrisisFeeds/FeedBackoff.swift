import CrisisModel
import Foundation

/// When to try a feed again. After a success, its own interval (spread by up to a tenth, so feeds added together
/// drift apart). After failures in a row, a minute doubled per failure up to an hour, then a random half to
/// all of it, so the twenty cells that lost a public service together do not come back to it together.
public enum FeedBackoff {
    public static let firstRetry: TimeInterval = 60
    public static let longestRetry: TimeInterval = 3600

    /// `jitter` in 0..<1, from the caller's random source (tests give it fixed).
    public static func delay(interval: TimeInterval, failures: Int, jitter: Double) -> TimeInterval {
        let j = min(max(jitter, 0), 1)
        guard failures > 0 else { return interval * (0.9 + 0.1 * j) }
        let doubled = firstRetry * pow(2, Double(min(failures - 1, 16)))
        return min(doubled, longestRetry) * (0.5 + 0.5 * j)
    }
}
