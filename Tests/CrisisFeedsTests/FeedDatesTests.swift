import Foundation
import XCTest

@testable import CrisisFeeds

/// The hand-read date forms agree with the formatters, and refuse what is not a date.
final class FeedDatesTests: XCTestCase {
    func testTheUsualFormsAreReadWithTheirOffsets() {
        let t = FeedFixtures.date("2026-12-03T06:00:00Z")
        XCTAssertEqual(FeedDates.rfc822("Thu, 03 Dec 2026 06:00:00 GMT"), t)
        XCTAssertEqual(FeedDates.rfc822("3 Dec 2026 12:00:00 +0600"), t)
        XCTAssertEqual(FeedDates.rfc822("Thu, 03 Dec 2026 01:00 EST"), t)
        XCTAssertEqual(FeedDates.rfc822("Thu, 03 Dec 2026"), FeedFixtures.date("2026-12-03T00:00:00Z"))
        XCTAssertEqual(FeedDates.iso8601("2026-12-03T06:00:00Z"), t)
        XCTAssertEqual(FeedDates.iso8601("2026-12-03T14:00:00+08:00"), t)
        XCTAssertEqual(FeedDates.iso8601("2026-12-03T06:00:00-00:00"), t)
        XCTAssertEqual(FeedDates.iso8601("2026-12-03T06:00:00.250Z"), t.addingTimeInterval(0.25))
        XCTAssertEqual(FeedDates.iso8601("2026-12-03"), FeedFixtures.date("2026-12-03T00:00:00Z"))
        XCTAssertEqual(FeedDates.iso8601("2024-02-29T00:00:00Z"), FeedFixtures.date("2024-02-29T00:00:00Z"))
    }

    func testWhatIsNotADateIsRefused() {
        for text in [
            "2026-11-31T00:00:00Z", "2026-02-29", "2026-12-03T25:00:00Z", "2026-12-03T06:00:00", "yesterday", "",
        ] {
            XCTAssertNil(FeedDates.iso8601(text), text)
        }
        for text in [
            "Mon, 31 Nov 2026 06:00:00 GMT", "Thu, 03 Dez 2026 06:00:00 GMT", "03 Dec 26",
            "Thu, 03 Dec 2026 06:00:00 XYZ",
        ] {
            XCTAssertNil(FeedDates.rfc822(text), text)
        }
    }
}
