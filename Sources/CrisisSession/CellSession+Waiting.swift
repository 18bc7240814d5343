import CrisisModel
import CrisisStorage
import Foundation

/// What this site keeps for a shared store, and settling a change it refused, for the "waiting to send" view.
extension CellSession {
    /// The changes waiting at this site, in order, or why they cannot be read.
    public func waitingToSend() -> Result<[WaitingChange], SettleProblem> {
        do { return .success(try store.waitingToSend()) } catch {
            return .failure(SettleProblem(text: "cannot read what waits at this site: \(SaveOutcome.brief(error))"))
        }
    }

    /// Settles a refused change: `keepMine` sends it over the colleague's value, otherwise it is dropped. Says
    /// what became of it.
    public func settle(_ id: String, keepMine: Bool) -> Result<String, SettleProblem> {
        do {
            guard try store.settleWaiting(id, keepMine: keepMine) else {
                return .success(
                    "Yours goes in place of theirs as soon as the database answers; it stays listed till then")
            }
            return .success(
                keepMine
                    ? "Sent yours in place of what it met: the database holds your value now"
                    : "Dropped yours: the colleague's value stands")
        } catch {
            return .failure(SettleProblem(text: "Not settled, it stays waiting: \(SaveOutcome.brief(error))"))
        }
    }
}

/// Why what waits could not be read or settled, in words.
public struct SettleProblem: Error, Sendable {
    public var text: String
}
