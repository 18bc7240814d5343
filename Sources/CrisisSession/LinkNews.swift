import CrisisModel
import CrisisStorage
import Foundation

/// What changed in the link to a shared store since the last look, for a loop to say: the new status, and each
/// thing worth a word (a refusal, the writers' lock held, the database refusing this site, down, back).
public struct LinkNews: Equatable, Sendable {
    public var status: LinkStatus
    /// Waiting changes the store refused since the last look: each says what.
    public var newlyRefused: [String] = []
    /// The writers' lock held by another login, when that is new.
    public var busy: String?
    /// The database refuses this site (a certificate, a password, a role), when that is new.
    public var problem: String?
    public var wentDown = false
    public var cameBack = false
    /// The first look: everything in the status is news (a loop that greets with it says it there instead).
    public var first = false
    /// The command that settles a refused change at this site.
    public var settleCommand: String

    package init(status: LinkStatus, newlyRefused: [String] = [], settleCommand: String) {
        self.status = status
        self.newlyRefused = newlyRefused
        self.settleCommand = settleCommand
    }
}

extension CellSession {
    /// The link as it stands, and what is new in it since the last call; nil for a directory, which has none.
    public func linkNews() -> LinkNews? {
        guard let link = store.link else { return nil }
        let before = lastLink
        lastLink = link
        var news = LinkNews(status: link, settleCommand: "crisiscell outbox --data \(store.directory.path)")
        news.first = before == nil
        news.newlyRefused = Array(link.refused.dropFirst(before?.refused.count ?? 0))
        if let busy = link.busy, busy != before?.busy { news.busy = busy }
        if let problem = link.problem, problem != before?.problem { news.problem = problem }
        if let before {
            news.wentDown = before.online && !link.online
            news.cameBack = !before.online && link.online
        }
        return news
    }
}
