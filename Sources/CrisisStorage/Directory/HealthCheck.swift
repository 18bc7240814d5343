import CrisisModel
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
    /// `more` adds what other targets know of the directory (a database site's outbox).
    public static func run(directory: DataDirectory, more: (DataDirectory, inout HealthReport) -> Void = { _, _ in })
        -> HealthReport
    {
        var report = HealthReport()
        guard directory.exists else {
            report.problems.append("\(directory.path): no such data directory")
            return report
        }
        // Looks, and changes nothing: a mode it does not like is said, never reset behind the owner's back.
        do { try directory.checkSafe() } catch { report.problems.append("\(error)") }
        report.warnings += directory.modeNotes
        for (sub, what) in [(directory.backups, "backups"), (directory.presenceDirectory, "presence")] {
            var st = stat()
            guard lstat(sub, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                report.problems.append(
                    "\(sub): \(what) is a symbolic link; the program never follows one it did not make")
            } else if (st.st_mode & S_IFMT) != S_IFDIR {
                report.problems.append("\(sub): \(what) should be a directory, and is a plain file")
            }
        }
        for file in [directory.snapshot, directory.journal] {
            var st = stat()
            guard lstat(file, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                report.problems.append("\(file): is a symbolic link")
            } else if st.st_mode & 0o077 != 0 {
                report.problems.append(
                    "\(file): mode \(String(st.st_mode & 0o777, radix: 8)) lets others read it; run: chmod 600 \(file)")
            }
        }
        more(directory, &report)
        let repo: Repository
        do { repo = try Repository(directory: directory, readOnly: true) } catch {
            // A snapshot refused for what is in it: each problem, at its line.
            if case PersistenceError.corruptSnapshot = error,
                let snap = try? SnapshotFile.load(directory.snapshot, checked: false)
            {
                let data: Data? = (try? PosixFile.read(directory.snapshot)) ?? nil
                for p in WorldCheck.problems(in: snap.world, seq: snap.seq) {
                    let line = data.flatMap { JSONLocator.line(of: p.path, in: $0) }
                    report.problems.append("\(directory.snapshot)\(line.map { ":\($0)" } ?? ""): \(p)")
                }
            } else {
                report.problems.append("\(error)")
            }
            let good = Backups.list(directory: directory).reversed().first { path in
                (try? SnapshotFile.load(path)) != nil
            }
            if let good { report.problems.append("the newest readable backup is \(good)") }
            return report
        }
        report.warnings += repo.warnings
        let world = repo.store.world
        let problems = WorldCheck.problems(in: world, seq: repo.store.seq)
        if !problems.isEmpty {
            let data: Data? = (try? PosixFile.read(directory.snapshot)) ?? nil
            for p in problems {
                let line = data.flatMap { JSONLocator.line(of: p.path, in: $0) }
                report.problems.append("\(directory.snapshot)\(line.map { ":\($0)" } ?? ""): \(p)")
            }
        }
        for crisis in world.crises.values {
            for code in crisis.countries where world.countries[code] == nil {
                report.problems.append("crisis \(crisis.id) names country \(code), which has no record")
            }
        }
        let backups = Backups.list(directory: directory).count
        report.summary =
            "healthy: \(directory.path) · operation \(repo.store.seq) · \(world.crises.count) crises, \(world.countries.count) countries, \(world.contacts.count) contacts, \(world.events.count) log entries · journal \(repo.journalLineCount) lines · \(backups) backups"
        return report
    }

    /// `check --repair`: makes the directory 0700 and its files 0600, and says each thing it changed.
    public static func repairModes(directory: DataDirectory) -> [String] {
        var done: [String] = []
        var st = stat()
        if lstat(directory.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid(),
            st.st_mode & 0o777 != PosixFile.dirMode
        {
            if chmod(directory.path, PosixFile.dirMode) == 0 {
                done.append("\(directory.path): mode \(String(st.st_mode & 0o777, radix: 8)) → 700")
            }
        }
        for file in [directory.snapshot, directory.journal] {
            guard lstat(file, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_mode & 0o777 != PosixFile.fileMode
            else { continue }
            if chmod(file, PosixFile.fileMode) == 0 {
                done.append("\(file): mode \(String(st.st_mode & 0o777, radix: 8)) → 600")
            }
        }
        return done
    }
}
