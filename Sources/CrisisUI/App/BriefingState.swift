import Foundation

/// Briefing mode: read-only slides that cycle on a shared screen.
public struct BriefingState: Equatable, Sendable {
    public var slide = 0
    public var paused = false
    public var cycleSeconds: TimeInterval
    public var shownAt: Date
    /// True when entered from the console with `b` (Esc returns); false for `--briefing` (Esc quits).
    public var fromConsole: Bool

    public init(cycleSeconds: TimeInterval = 20, shownAt: Date, fromConsole: Bool) {
        self.cycleSeconds = cycleSeconds
        self.shownAt = shownAt
        self.fromConsole = fromConsole
    }
}
