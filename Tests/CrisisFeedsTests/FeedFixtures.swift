import CrisisFeeds
import CrisisModel
import Foundation
import XCTest

/// The fixtures beside these tests, read with the system's iso-codes (CI installs them).
enum FeedFixtures {
    static let countries = CountryNames.load()

    static func data(_ name: String) -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return (try? Data(contentsOf: url)) ?? Data()
    }

    static func read(_ name: String, as format: FeedFormat) throws -> FeedDocument {
        try format.read(data(name), feed: name, countries: countries)
    }

    static func refusal(_ text: String, as format: FeedFormat, feed: String = "test") -> String? {
        do {
            _ = try format.read(Data(text.utf8), feed: feed, countries: countries)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }
}
