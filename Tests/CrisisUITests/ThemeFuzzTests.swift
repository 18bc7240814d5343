import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

/// Damaged theme files: a parse or a ThemeError naming the file, never a crash or a hang.
final class ThemeFuzzTests: XCTestCase {
    func testMutatedThemeFiles() throws {
        let dir = ThemeTests.themesDir
        let sources = try ["default", "light", "high-contrast", "mono", "tty"].map {
            try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\($0).toml"))
        }
        var rng = SeededRandom()
        let cases = trials(short: 500, long: 10_000)
        var parsed = 0
        var refused = 0
        for n in 0..<cases {
            let mutation = Mutation.allCases.randomElement(using: &rng)!
            let data = mutation.apply(sources.randomElement(using: &rng)!, using: &rng)
            // A file that is not UTF-8 is reported by the catalog before the parser sees it.
            guard let text = String(data: data, encoding: .utf8) else {
                refused += 1
                continue
            }
            do {
                let file = try ThemeParser.parse(text, path: "/fuzz/case\(n).toml")
                _ = file.resolve(parent: nil)
                parsed += 1
            } catch {
                refused += 1
                XCTAssertTrue(
                    error.description.hasPrefix("/fuzz/case\(n).toml"), "case \(n) seed \(rng.seed): \(error)")
            }
        }
        print("FUZZ themes: \(cases) cases (seed \(rng.seed)): \(parsed) parsed, \(refused) refused with file and line")
    }
}
