import CrisisModel
import Foundation

/// An operation a shared database holds that this version cannot read or apply (written by a newer or older
/// version, or by hand). Every site replaces it by the same log entry, so all sites converge on one world,
/// the log says what happened once, in words, and nothing after it is held up. An admin sees it in
/// `check --db` and retires it.
public enum SetAside {
    /// Starts every such log line; `check` and the tests find them by it.
    public static let marker = "could not be read by this version and was set aside"

    public static func entry(seq: Int, time: Date, operator who: String, reason: String, madeAt: Date? = nil)
        -> JournalEntry
    {
        let text =
            "Change #\(seq) by \(who) at \(stamp(time)) \(marker) (\(reason)); an admin can see it with crisiscell check --db"
        return JournalEntry(
            seq: seq, time: time, operator: who, op: .log(crisis: nil, kind: .change, text: String(text.prefix(1_000))),
            madeAt: madeAt)
    }

    /// The entry for a row's JSON text: the operation when it reads and has only keys this version knows,
    /// else the set-aside line saying why.
    public static func reading(seq: Int, time: Date, operator who: String, json text: String, madeAt: Date? = nil)
        -> (
            entry: JournalEntry, problem: String?
        )
    {
        let data = Data(text.utf8)
        do {
            let op = try JSONLines.decode(StoreOperation.self, data, path: "operation", line: seq)
            return (JournalEntry(seq: seq, time: time, operator: who, op: op, madeAt: madeAt), nil)
        } catch let PersistenceError.corruptJournal(_, _, reason) {
            return (entry(seq: seq, time: time, operator: who, reason: reason, madeAt: madeAt), reason)
        } catch {
            return (entry(seq: seq, time: time, operator: who, reason: "\(error)", madeAt: madeAt), "\(error)")
        }
    }

    /// The same time on every site, whatever its zone or locale: the line is part of the shared record.
    static func stamp(_ time: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: time)
    }
}
