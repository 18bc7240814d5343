import CrisisModel
import Foundation
import XCTest

/// The quick checks used on every field of a loaded snapshot say what Foundation's trimming would have said.
final class BlankTextTests: XCTestCase {
    let samples = [
        "", " ", "\t", "\n", " \r\n ", "\u{00A0}", "\u{2003}\u{3000}", "\u{2028}", "\u{0085}", "\u{200B}", "a", " a ",
        "\u{00A0}x", "ঢাকা", " দুবাই ", "\u{FEFF}", "\u{1680}", "\u{000B}\u{000C}", "x\n",
    ]

    func testBlankAgreesWithFoundation() {
        for s in samples {
            XCTAssertEqual(
                Validate.isBlank(s), s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, s.debugDescription)
            XCTAssertEqual(
                Validate.isBlank(s, newlines: false), s.trimmingCharacters(in: .whitespaces).isEmpty,
                s.debugDescription)
        }
    }

    func testPlausiblePhoneNumbers() {
        for (s, ok) in [
            ("+880 1711-000000", true), ("(02) 955.1234", true), ("12", false), ("+880 ১৭১১", false),
            ("123\n", false), ("1\u{301}23", false), ("call 999", false), ("", false), ("999", true),
        ] {
            XCTAssertEqual(Phone.isPlausible(s), ok, s.debugDescription)
        }
    }
}
