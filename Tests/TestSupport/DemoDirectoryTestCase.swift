import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import XCTest

/// A test case with a fresh data directory (holding the demo world unless `seedsDemo` is false)
/// and the real binary at hand; subclasses that drive the console say so with `needsTmux`.
open class DemoDirectoryTestCase: XCTestCase {
    public var tmp: TempDirectory!
    public let binary = builtProduct("crisiscell")
    public var dir: String { tmp.data.path }
    open var needsTmux: Bool { false }
    open var seedsDemo: Bool { true }

    open override func setUpWithError() throws {
        if needsTmux && !TmuxSession.isAvailable {
            throw XCTSkip("tmux is not installed: \(Self.self) skipped (.ci/run installs it)")
        }
        tmp = TempDirectory(String(describing: Self.self))
        if seedsDemo { XCTAssertEqual(runProcess(binary, ["demo", "--data", dir]).status, 0) }
    }

    open override func tearDown() { tmp?.cleanUp() }

    /// The console on this test's data in a tmux window, waiting until `ready` shows.
    /// NO_COLOR is cleared because the test runner sets it for its own output.
    public func console(
        _ width: Int = 120, _ height: Int = 40, env: String = "TERM=xterm-256color", args: String = "",
        dataDir: String? = nil, ready: String = "1 Crises"
    ) -> TmuxSession {
        let command =
            "env -u NO_COLOR LANG=C.UTF-8 USER=rahim \(env) \(shellQuote(binary)) --data \(shellQuote(dataDir ?? dir)) \(args)"
        let s = TmuxSession(width: width, height: height, command: command)!
        XCTAssertTrue(s.waitFor(ready).ok, s.capture())
        return s
    }

    /// Runs one `_append` writer per label at the same time, each appending `count` log entries, and then
    /// checks the result: every entry exactly once, each writer's own order kept. Returns the store.
    @discardableResult
    public func appendConcurrently(
        labels: [String], count: Int, compactEvery: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Store {
        let base = try Repository(directory: tmp.data, readOnly: true).store.seq
        let group = DispatchGroup()
        for label in labels {
            group.enter()
            let dir = self.dir
            let binary = self.binary
            DispatchQueue.global().async {
                let r = runProcess(
                    binary,
                    [
                        "_append", "--data", dir, "--count", "\(count)", "--label", label, "--compact-every",
                        "\(compactEvery)",
                    ])
                XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
                group.leave()
            }
        }
        group.wait()
        let store = try Repository(directory: tmp.data, readOnly: true).store
        let total = labels.count * count
        XCTAssertEqual(store.seq, base + total, file: file, line: line)
        let texts = store.world.events.map(\.text).filter { t in labels.contains { t.hasPrefix($0 + " ") } }
        XCTAssertEqual(texts.count, total, file: file, line: line)
        XCTAssertEqual(Set(texts).count, total, "none twice", file: file, line: line)
        for label in labels {
            XCTAssertEqual(
                texts.filter { $0.hasPrefix(label + " ") }, (0..<count).map { "\(label) \($0)" },
                "each writer's order kept",
                file: file, line: line)
        }
        return store
    }
}
