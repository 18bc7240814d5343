import CrisisModel
import CrisisStorage
import Foundation

extension Outbox {
    /// What `crisiscell check` says of a database site's waiting changes: damaged lines as problems, waiting and
    /// refused ones as warnings.
    public static func report(_ directory: DataDirectory, into report: inout HealthReport) {
        guard let outbox = Outbox.inspect(directory: directory) else { return }
        for d in outbox.damaged {
            report.problems.append(
                "\(directory.path)/outbox.jsonl:\(d.line): a change waiting to send cannot be read (\(d.reason)); "
                    + "the others still go. crisiscell outbox lists it, and --drop \(d.id) removes it")
        }
        let refused = outbox.changes.filter { $0.refused != nil }.count
        if outbox.changes.count > refused {
            report.warnings.append(
                "\(outbox.changes.count - refused) change(s) wait at this site to be sent to the database")
        }
        if refused > 0 {
            report.warnings.append(
                "\(refused) waiting change(s) were refused by the database: settle them with crisiscell outbox")
        }
    }
}
