import CrisisModel
import CrisisStorage
import Foundation

/// How long to wait before trying a link again: 0.5 s doubling to 30 s, each wait shortened by a random part
/// (jitter) so twenty consoles that lost the same server do not all knock at the same instant.
struct Backoff {
    private(set) var failures = 0
    private(set) var nextTry = Date.distantPast
    var initial: TimeInterval = 0.5
    var ceiling: TimeInterval = 30

    /// The wait after the current run of failures.
    var delay: TimeInterval {
        guard failures > 0 else { return 0 }
        let full = min(ceiling, initial * pow(2, Double(min(failures - 1, 16))))
        return full * Double.random(in: 0.75...1)
    }

    var isDue: Bool { Date() >= nextTry }

    mutating func failed() {
        failures += 1
        nextTry = Date().addingTimeInterval(delay)
    }

    mutating func succeeded() {
        failures = 0
        nextTry = .distantPast
    }
}

/// One change handed from the console's thread to the writer's: the console waits for its answer a short
/// while, and if none comes, keeps the change at this site; the writer then settles it there when it answers.
final class SaveTicket: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<SaveResult, Error>?
    private var handedOver = false

    /// The writer's answer. Returns false when the console had stopped waiting (the change is in the outbox).
    func finish(_ r: Result<SaveResult, Error>) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !handedOver else { return false }
        result = r
        done.signal()
        return true
    }

    /// Waits at most `seconds`; when no answer came, runs `keep` (under the ticket's lock, so the writer's answer
    /// cannot slip in between) and returns nil.
    /// When keeping fails too (the site's disk is full), it waits for the writer after all (up to `longer`), so a
    /// change the database commits is never said to have failed.
    func wait(_ seconds: TimeInterval, longer: TimeInterval = 30, orKeep keep: () throws -> Void) throws -> Result<
        SaveResult, Error
    >? {
        _ = done.wait(timeout: .now() + seconds)
        lock.lock()
        if let result {
            lock.unlock()
            return result
        }
        do {
            try keep()
            handedOver = true
            lock.unlock()
            return nil
        } catch {
            lock.unlock()
            _ = done.wait(timeout: .now() + longer)
            lock.lock()
            defer { lock.unlock() }
            if let result { return result }
            handedOver = true
            throw error
        }
    }
}
