import CrisisTesting
import Foundation
import TestSupport
import XCTest

@testable import CrisisPostgres

/// A link whose server goes away while the console starts listening: the LISTEN fails in words, and the process
/// lives (PostgresNIO's closure listener crashed it when the link closed before the listener reached it, found
/// by the benchmark stopping its cluster under a console).
final class DatabaseLinkTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PrivateCluster?

    override class func setUp() { cluster = try? PrivateCluster(label: "link") }
    override class func tearDown() { cluster = nil }

    private func serverURL() throws -> DatabaseURL {
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        return try DatabaseURL(cluster.url(user: "postgres", database: "postgres"))
    }

    func testListeningOnALinkTheServerJustCutFailsInWordsAndNeverCrashes() throws {
        let url = try serverURL()
        let admin = try DatabaseLink(url)
        var refused = 0
        var listened = 0
        for round in 0..<40 {
            let link = try DatabaseLink(url)
            let pid = try link.query("SELECT pg_backend_pid()")[0].decode(Int32.self)
            try admin.query("SELECT pg_terminate_backend(\(pid))")
            // Half the rounds start listening at once, half once the link has seen the cut (PostgresNIO's listener
            // then meets a closed channel: the write that carries it fails, the case that crashed).
            if round % 2 == 1 {
                let seen = Date().addingTimeInterval(5)
                while !link.isClosed && Date() < seen { usleep(1_000) }
                XCTAssertTrue(link.isClosed)
            }
            do {
                try link.listen("crisiscell_test") { _ in }
                listened += 1
            } catch let error as DatabaseError {
                // "cannot reach the database", or the server's own words for the cut (57P01): a lost link either way.
                XCTAssertTrue(error.unreachable, error.message)
                refused += 1
            }
            link.close()
        }
        XCTAssertGreaterThanOrEqual(refused, 20, "the cut was seen")
        XCTAssertEqual(refused + listened, 40)
    }

    /// A notification reaches the handler once the LISTEN is taken, and closing the link ends the listening.
    func testNotificationsReachTheHandlerUntilTheLinkCloses() throws {
        let url = try serverURL()
        let listener = try DatabaseLink(url)
        let sender = try DatabaseLink(url)
        let heard = DispatchSemaphore(value: 0)
        let payloads = Payloads()
        try listener.listen("crisiscell_test") { payload in
            payloads.add(payload)
            heard.signal()
        }
        try sender.query("NOTIFY crisiscell_test, 'one'")
        XCTAssertEqual(heard.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(payloads.all, ["one"])
        XCTAssertTrue(listener.isListening)
        listener.close()
        let end = Date().addingTimeInterval(10)
        while listener.isListening && Date() < end { usleep(10_000) }
        XCTAssertFalse(listener.isListening, "a closed link's listening ends")
    }
}

private final class Payloads: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ p: String) {
        lock.lock()
        list.append(p)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
