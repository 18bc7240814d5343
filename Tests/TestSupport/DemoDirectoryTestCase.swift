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
    public func console(_ width: Int = 120, _ height: Int = 40, env: String = "TERM=xterm-256color", args: String = "",
                        dataDir: String? = nil, ready: String = "1 Crises") -> TmuxSession {
        let command = "env -u NO_COLOR LANG=C.UTF-8 USER=rahim \(env) \(shellQuote(binary)) --data \(shellQuote(dataDir ?? dir)) \(args)"
        let s = TmuxSession(width: width, height: height, command: command)!
        XCTAssertTrue(s.waitFor(ready).ok, s.capture())
        return s
    }
}
