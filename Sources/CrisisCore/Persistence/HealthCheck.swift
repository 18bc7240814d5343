import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `crisiscell check`: everything that can be wrong with a data directory, each said plainly.
public struct HealthReport: Sendable {
    public var problems: [String] = []
    public var warnings: [String] = []
    public var summary = ""
}

public enum HealthCheck {
    public static func run(directory: DataDirectory) -> HealthReport {
        var report = HealthReport()
        guard directory.exists else {
            report.problems.append("\(directory.path): no such data directory")
            return report
        }
        do { try directory.checkSafe() } catch { report.problems.append("\(error)") }
        for file in [directory.snapshot, directory.journal] {
            var st = stat()
            guard lstat(file, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFLNK { report.problems.append("\(file): is a symbolic link") }
            else if st.st_mode & 0o077 != 0 {
                report.problems.append("\(file): mode \(String(st.st_mode & 0o777, radix: 8)) lets others read it; run: chmod 600 \(file)")
            }
        }
        let repo: Repository
        do { repo = try Repository(directory: directory, readOnly: true) } catch {
            report.problems.append("\(error)")
            let good = Backups.list(directory: directory).reversed().first { path in
                (try? SnapshotFile.load(path)) != nil
            }
            if let good { report.problems.append("the newest readable backup is \(good)") }
            return report
        }
        report.warnings = repo.warnings
        let world = repo.store.world
        for country in world.countries.values {
            for v in CountRules.violations(country.counts.mapValues(\.value)) {
                report.problems.append("\(country.code): \(v.part.label) \(v.partValue) exceeds \(v.whole.label) \(v.wholeValue)")
            }
        }
        for crisis in world.crises.values {
            for code in crisis.countries where world.countries[code] == nil {
                report.problems.append("crisis \(crisis.id) names country \(code), which has no record")
            }
        }
        let backups = Backups.list(directory: directory).count
        report.summary = "healthy: \(directory.path) · operation \(repo.store.seq) · \(world.crises.count) crises, \(world.countries.count) countries, \(world.contacts.count) contacts, \(world.events.count) log entries · journal \(repo.journalLineCount) lines · \(backups) backups"
        return report
    }
}
