import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import Testing

/// Parameterised checks of formatting and time stamps (Swift Testing).
@Suite struct FormatAndTimestampTests {
    @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (-12_345, "-12,345"), (2_500_000, "2,500,000")])
    func thousandsSeparators(value: Int, text: String) {
        #expect(Format.number(value) == text)
    }

    @Test(arguments: [
        "2026-11-29T14:02:00.000Z", "1999-12-31T23:59:59.999Z", "2024-02-29T00:00:00.001Z", "1970-01-01T00:00:00.000Z",
    ])
    func timestampsRoundTrip(text: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.string(date) == text)
    }

    @Test(arguments: ["2026-02-30T00:00:00Z", "2026-11-29 14:02", "14:02", "2026-11-29T24:00:00Z"])
    func malformedTimestampsAreRefused(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    /// A weekday alone names one of the past six days only: last Tuesday and next Tuesday never read the same.
    @Test(arguments: [
        (0.0, "14:02"), (-86_400.0, "Sat 14:02"), (-6 * 86_400.0, "Mon 14:02"), (-7 * 86_400.0, "22 Nov 14:02"),
        (86_400.0, "tomorrow 14:02"), (6 * 86_400.0, "5 Dec 14:02"),
    ])
    func whenSaysADateBeyondTheWeekAndAheadOfTomorrow(offset: Double, text: String) {
        let now = Timestamp.parse("2026-11-29T14:02:00.000Z")!
        #expect(Format.when(now.addingTimeInterval(offset), now: now) == text)
    }

    @Test func everyCountKindHasAFlagAndALabel() {
        for kind in CountKind.allCases {
            #expect(!kind.label.isEmpty)
            #expect(!kind.flag.contains(" "))
        }
    }
}
