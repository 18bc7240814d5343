import Foundation

/// The one source of "now" for the program and its tests. `CRISISCELL_CLOCK=2031-03-15T23:30:00Z` moves it:
/// time then runs on from that instant, for drills and for proving that nothing depends on today's date.
/// (libfaketime cannot serve: Dispatch's timed waits hang under it.)
///
/// So that every process of a run shares one timeline, the first reading fixes the moment the moved clock
/// started and writes it back into the environment as `INSTANT@SECONDS` (the wall-clock seconds since 1970
/// at which the clock read INSTANT); children started afterwards inherit it and agree to the millisecond.
public enum CellClock {
    public static let variable = "CRISISCELL_CLOCK"

    private struct Setting: Sendable {
        /// Seconds to add to the system clock; 0 when the clock is not moved.
        var offset: TimeInterval
        var moved = false
        var problem: String?
    }

    private static let setting: Setting = {
        guard let raw = ProcessInfo.processInfo.environment[variable], !raw.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return Setting(offset: 0)
        }
        switch parse(raw, wallNow: Date().timeIntervalSince1970) {
        case .success(let parsed):
            if parsed.anchored == false {
                let shared = Timestamp.string(parsed.instant) + "@" + String(format: "%.3f", parsed.wall)
                setenv(variable, shared, 1)
            }
            return Setting(offset: parsed.instant.timeIntervalSince1970 - parsed.wall, moved: true)
        case .failure(let problem):
            return Setting(offset: 0, problem: problem.message)
        }
    }()

    /// The current time: the system's, or the moved clock's.
    public static func now() -> Date {
        let s = setting
        return s.moved ? Date(timeIntervalSinceNow: s.offset) : Date()
    }

    /// Why `CRISISCELL_CLOCK` cannot be used, if it cannot; commands refuse to start on it.
    public static var problem: String? { setting.problem }

    /// Fixes the shared timeline before starting another process, so the child agrees with this one.
    public static func shareWithChildren() { _ = setting }

    public struct Problem: Error, Equatable { public var message: String }
    public struct Parsed: Equatable {
        public var instant: Date
        /// Wall-clock seconds since 1970 at which the clock read `instant`.
        public var wall: TimeInterval
        public var anchored: Bool
    }

    /// Reads "INSTANT" or "INSTANT@SECONDS" (INSTANT in ISO 8601 UTC, as the journal writes times).
    public static func parse(_ raw: String, wallNow: TimeInterval) -> Result<Parsed, Problem> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let instant = Timestamp.parse(parts[0]) else {
            return .failure(
                Problem(message: "\(variable)='\(raw)' is not a UTC time: write it as 2031-03-15T23:30:00Z"))
        }
        guard parts.count == 2 else { return .success(Parsed(instant: instant, wall: wallNow, anchored: false)) }
        guard let wall = TimeInterval(parts[1]), wall.isFinite, wall > 0 else {
            return .failure(
                Problem(message: "\(variable)='\(raw)': after @ comes the wall-clock time in seconds since 1970"))
        }
        return .success(Parsed(instant: instant, wall: wall, anchored: true))
    }
}
