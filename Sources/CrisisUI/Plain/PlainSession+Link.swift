import CrisisModel
import CrisisSession
import Foundation

extension PlainSession {
    /// The database's link going down or coming back, and a waiting change it refused, said as lines. The first
    /// look says nothing: the greeting has said how the link stands.
    public func linkLines(_ news: LinkNews, now: Date) -> [PlainLine] {
        guard !news.first else { return [] }
        var lines: [PlainLine] = []
        if let problem = news.problem {
            lines.append(
                PlainLine(
                    "\(Format.clock(now, .utc)), the database refuses this site: \(PlainWords.spoken(problem)). "
                        + "Changes are kept here until it is mended.", .problem))
        } else if news.wentDown {
            lines.append(
                PlainLine(
                    "\(Format.clock(news.status.since, .utc)), the database cannot be reached: changes are kept at this "
                        + "site and sent when it is back.", .problem))
        } else if news.cameBack {
            lines.append(
                PlainLine(
                    "\(Format.clock(news.status.since, .utc)), the database is back"
                        + (news.status.waiting > 0 ? ": sending \(news.status.waiting) waiting." : "."), .saved))
        }
        for refused in news.newlyRefused {
            lines.append(
                PlainLine("Not sent: \(PlainWords.spoken(refused)). Settle it with \(news.settleCommand).", .problem))
        }
        return lines
    }
}
