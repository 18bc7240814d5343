import CrisisFeedFetch
import CrisisFeeds
import Foundation
import TestSupport
import XCTest

/// The fetcher against a local server that answers as real feed servers do, well and badly.
final class FeedFetchTests: XCTestCase {
    var server: FeedServer!
    var fetcher: FeedFetcher!

    override func setUpWithError() throws {
        server = try FeedServer()
        fetcher = FeedFetcher(maxBytes: 10 << 20, timeout: 30)
    }

    override func tearDown() {
        fetcher?.shutdown()
        server?.stop()
    }

    private func reason(_ path: String, with fetcher: FeedFetcher? = nil) -> String? {
        do {
            _ = try (fetcher ?? self.fetcher).fetch(server.url(path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testAnUnchangedFeedCostsA304ByItsETagOrItsDate() throws {
        guard case .fresh(let data, let validators) = try fetcher.fetch(server.url("/gdacs")) else {
            return XCTFail("the first fetch has no validators to send")
        }
        XCTAssertEqual(validators.etag, "\"gdacs-v1\"")
        XCTAssertEqual(try FeedFormat.gdacs.read(data, feed: "g", countries: FeedFixtures.countries).items.count, 4)
        XCTAssertEqual(try fetcher.fetch(server.url("/gdacs"), validators: validators), .notModified)
        guard case .fresh(_, let dated) = try fetcher.fetch(server.url("/modified")) else { return XCTFail() }
        XCTAssertEqual(dated.lastModified, "Thu, 03 Dec 2026 06:00:00 GMT")
        XCTAssertEqual(try fetcher.fetch(server.url("/modified"), validators: dated), .notModified)
    }

    func testGzipIsAskedForAndUnpackedAndRedirectsAreFollowed() throws {
        guard case .fresh(let data, _) = try fetcher.fetch(server.url("/gzip")) else { return XCTFail() }
        XCTAssertEqual(data, FeedFixtures.data("cap-atom.xml"))
        guard case .fresh(let moved, _) = try fetcher.fetch(server.url("/moved")) else { return XCTFail() }
        XCTAssertEqual(moved, FeedFixtures.data("gdacs.xml"))
    }

    func testASlowOversizedOrFailingServerGivesAReasonInWords() {
        // The slow server trickles its 100 bytes over 20 s; a 2 s deadline ends it (a longer one only slows the test).
        let impatient = FeedFetcher(timeout: 2)
        defer { impatient.shutdown() }
        XCTAssertEqual(reason("/slow", with: impatient), "\(server.url("/slow")): no whole answer within 2 s")
        XCTAssertEqual(reason("/huge"), "\(server.url("/huge")): larger than the 10 MB cap")
        XCTAssertEqual(reason("/bomb"), "\(server.url("/bomb")): larger than the 10 MB cap once unpacked")
        XCTAssertEqual(reason("/nothing"), "\(server.url("/nothing")): HTTP 404 Not Found")
        XCTAssertEqual(reason("ftp://example.org/x").map { $0.hasSuffix("not an http or https address") }, true)
    }

    func testAMalformedDocumentIsRefusedByItsParserWithThePlace() throws {
        guard case .fresh(let data, _) = try fetcher.fetch(server.url("/malformed")) else { return XCTFail() }
        XCTAssertThrowsError(try FeedFormat.rss.read(data, feed: "desk", countries: FeedFixtures.countries)) {
            XCTAssertEqual(
                "\($0)", "feed desk: not well-formed XML (inside <title> from line 3) at line 3, column 17")
        }
    }

    func testAServerThatFailsThenRecoversIsTriedAgainLaterEachTime() throws {
        var failures = 0
        var waits: [TimeInterval] = []
        while true {
            do {
                guard case .fresh(let data, _) = try fetcher.fetch(server.url("/flaky")) else { return XCTFail() }
                XCTAssertEqual(
                    try FeedFormat.reliefweb.read(data, feed: "rw", countries: FeedFixtures.countries).items.count, 3)
                break
            } catch let e as FeedFetchError {
                XCTAssertEqual(e.reason, "HTTP 500 Internal Server Error")
                failures += 1
                waits.append(FeedBackoff.delay(interval: 300, failures: failures, jitter: 1))
                guard failures < 5 else { return XCTFail("the server never recovered") }
            }
        }
        XCTAssertEqual(failures, 2)
        XCTAssertEqual(waits, [60, 120], "a minute, then doubled")
    }

    func testBackOffDoublesToAnHourAndJitterSpreadsIt() {
        XCTAssertEqual(FeedBackoff.delay(interval: 300, failures: 0, jitter: 1), 300)
        XCTAssertEqual(FeedBackoff.delay(interval: 300, failures: 0, jitter: 0), 270)
        XCTAssertEqual(FeedBackoff.delay(interval: 300, failures: 3, jitter: 1), 240)
        XCTAssertEqual(FeedBackoff.delay(interval: 300, failures: 3, jitter: 0), 120)
        XCTAssertEqual(FeedBackoff.delay(interval: 300, failures: 40, jitter: 1), 3600, "an hour at most")
    }
}

/// HTTPS: a server whose certificate no one vouches for is refused, in words.
final class FeedFetchTLSTests: XCTestCase {
    func testASelfSignedServerIsRefusedAsNotTrusted() throws {
        let dir = NSTemporaryDirectory() + "feed-tls-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = runProcess(
            "/usr/bin/env",
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out",
                dir + "/cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
            ], environment: [:])
        XCTAssertEqual(made.status, 0, "openssl makes the test's certificate: \(made.stderr)")
        let server = try FeedServer(tls: (dir + "/cert.pem", dir + "/key.pem"))
        defer { server.stop() }
        let fetcher = FeedFetcher(timeout: 30)
        defer { fetcher.shutdown() }
        XCTAssertThrowsError(try fetcher.fetch(server.url("/gdacs", scheme: "https"))) {
            XCTAssertEqual(
                ($0 as? FeedFetchError)?.reason,
                "the server's certificate is not trusted (self-signed, expired, or for another name)")
        }
    }
}
