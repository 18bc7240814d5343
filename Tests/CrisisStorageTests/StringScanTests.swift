import XCTest

@testable import CrisisStorage

/// The eight-bytes-at-a-time string scan says "plain" exactly when no byte would stop the byte-by-byte scan.
final class StringScanTests: XCTestCase {
    func testPlainWordsAgreeWithTheByteTest() {
        var rng = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        for round in 0..<200_000 {
            var bytes = (0..<8).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }
            // Most rounds plant one or two bytes that matter, anywhere, beside ordinary ones.
            for _ in 0..<(round % 3) { bytes[Int.random(in: 0..<8, using: &rng)] = interesting.randomElement()! }
            let w = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let expected = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }
            XCTAssertEqual(JSONScanner.plain(w), expected, "\(bytes)")
            if JSONScanner.plain(w) != expected { return }
        }
    }
}
