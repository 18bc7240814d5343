import ArgumentParser
import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Shared pieces

/// A progress bar on standard error for imports of more than 10,000 rows: redrawn in place on a terminal,
/// a line at each quarter otherwise (so logs stay readable).
final class ProgressBar {
    static let threshold = 10_000
    let label: String
    let tty = isatty(STDERR_FILENO) != 0
    var lastShown: [String: Int] = [:]
    var drewInPlace = false

    init(label: String) { self.label = label }

    func update(_ phase: String, _ done: Int, _ total: Int) {
        guard total > Self.threshold || (phase == "checking" && lastShown["reading"] != nil) else { return }
        let pct = total == 0 ? 100 : min(100, done * 100 / total)
        let step = tty ? pct : pct / 25 * 25
        if lastShown[phase] == step { return }
        lastShown[phase] = step
        let width = 30
        let filled = width * pct / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = String(repeating: " ", count: 3 - String(pct).count) + String(pct)
        let text = "\(phase) \(label) [\(bar)] \(percent)% \(done)/\(total)"
        if tty {
            Output.raw("\r" + text + (pct == 100 ? "\n" : ""), to: STDERR_FILENO)
            drewInPlace = pct < 100
        } else {
            Output.raw(text + "\n", to: STDERR_FILENO)
        }
    }

    func finish() {
        if drewInPlace {
            Output.raw("\n", to: STDERR_FILENO)
            drewInPlace = false
        }
    }
}

extension CommonOptions {
    /// The store to compare an import with: the directory's, or an empty one when there is no directory yet.
    func storeForPreview() throws -> Store {
        let dir = directory()
        guard dir.holdsData || dir.exists else { return Store() }
        return try openStore(readOnly: true).store
    }
}

/// Writes an export to `--output FILE` (0600, whole or not at all) or to standard output.
func emit(_ data: Data, output: String?, what: String) throws {
    guard let output, output != "-" else {
        Output.raw(data, to: STDOUT_FILENO)
        return
    }
    do { try TextOutput.write(data, to: output) } catch { throw CommandFailure("\(error)") }
    Output.standardError("wrote \(what) to \(output) (\(data.count) bytes)\n")
}

/// Commits a planned import as one batch and says what was saved.
func commitImport(_ ops: [StoreOperation], repo: any CellStore, common: CommonOptions, what: String) throws {
    let entries: [JournalEntry]
    do {
        switch try repo.save(ops, by: common.operatorName) {
        case .saved(let saved): entries = saved
        case .unchanged(let why):
            say(why)
            return
        case .queued(let why):
            Output.warn(
                "the batch is kept at this site, to send when the database answers (do not import it again): \(why)")
            return
        }
    } catch {
        throw CommandFailure("nothing saved: \(error)")
    }
    guard let first = entries.first, let last = entries.last else { return }
    say(
        ("saved #\(first.seq)–#\(last.seq) (\(entries.count) operations, one batch) \(Timestamp.string(last.time)) \(common.operatorName): \(what)")
    )
    repo.warnAboutSnapshot()
}

/// The end of every import command: a preview stops here; --apply saves the batch unless rows were rejected.
func settle(
    _ plan: some ImportPlan, apply: Bool, skipRejected: Bool, repo: (any CellStore)?, common: CommonOptions,
    file: String
) throws {
    guard apply else {
        if !plan.changesSomething {
            say(plan.nothingToSaveReason)
            return
        }
        if plan.rejectedCount > 0 {
            say(
                "nothing saved yet: run again with --apply --skip-rejected to save \(plan.changeSummary) as one batch, "
                    + "leaving out the \(plan.rejectedCount) rejected row\(plan.rejectedCount == 1 ? "" : "s") (or fix them and run again)"
            )
        } else {
            say("nothing saved yet: run again with --apply to save \(plan.changeSummary) as one batch")
        }
        return
    }
    if plan.rejectedCount > 0 && !skipRejected {
        throw CommandFailure(
            "nothing saved: \(plan.rejectedCount) row\(plan.rejectedCount == 1 ? " is" : "s are") rejected (listed above); "
                + "fix the file, or add --skip-rejected to save the others")
    }
    guard plan.changesSomething, let repo else {
        say(plan.nothingToSaveReason)
        return
    }
    try commitImport(
        plan.operations, repo: repo, common: common,
        what: "\(plan.changeSummary) from \((file as NSString).lastPathComponent)")
}

func readInput(_ path: String) throws -> String {
    do { return try TextInput.read(path: path) } catch { throw CommandFailure("\(error)") }
}

// MARK: - import

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring counts, contacts or a whole store in from files (a preview first; --apply saves).",
        subcommands: [ImportCounts.self, ImportContacts.self, ImportAll.self, ImportPending.self])
}

struct ImportCounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Import counts from a CSV with columns country, kind, value, as-of, source.",
        discussion: """
            The whole file is checked first and a preview lists new, changed, unchanged and rejected rows (with line \
            numbers and reasons). Nothing is saved without --apply, which commits every new and changed row as one \
            batch. Importing the same file twice changes nothing. Countries by ISO code or English name; kinds by name \
            (e.g. "returned home", "at assembly point", evacuated); dates as 2024-10-18, 2024-10-18 14:00 (UTC) or 18/10/2024. \
            Separators: comma, semicolon or tab; UTF-8 with or without BOM.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Save the new and changed rows (as one batch).") var apply = false
    @Flag(name: .customLong("skip-rejected"), help: "With --apply: save the good rows even when some are rejected.")
    var skipRejected = false
    @Flag(help: "List every row, unchanged ones too.") var verbose = false

    func run() throws {
        try runReporting {
            let text = try readInput(file)
            let countries = CountryNames.load()
            let bar = ProgressBar(label: (file as NSString).lastPathComponent)
            let repo = apply ? try common.openStore() : nil
            let store = try repo?.store ?? common.storeForPreview()
            let plan: CountsPlan
            do {
                plan = try CountsImport.prepare(
                    text: text, file: file, store: store, countries: countries, now: CellClock.now(),
                    progress: bar.update)
            } catch {
                bar.finish()
                throw CommandFailure("\(error)")
            }
            bar.finish()
            say(plan.preview(names: countries, verbose: verbose), terminator: "")
            try settle(plan, apply: apply, skipRejected: skipRejected, repo: repo, common: common, file: file)
        }
    }
}

extension ContactsImport.Format: ExpressibleByArgument {}

struct ImportContacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Import contacts from a CSV (with a header row; Google Contacts exports work) or vCards (.vcf).",
        discussion: """
            Contacts are matched on a stable key: the e-mail address, else the phone number in E.164; a match is merged \
            (the file's values win, phones are added) and the preview shows each merge before --apply saves. A contact \
            needs a country: from the address, a country column, or --country.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "The .csv or .vcf file.") var file: String
    @Option(help: "csv or vcf (default: from the file name or its content).") var format: ContactsImport.Format?
    @Option(help: "Country (code or name) for contacts whose file gives none.") var country: String?
    @Flag(help: "Save the new and merged contacts (as one batch).") var apply = false
    @Flag(name: .customLong("skip-rejected"), help: "With --apply: save the good contacts even when some are rejected.")
    var skipRejected = false
    @Flag(help: "List every contact, unchanged ones too.") var verbose = false

    func run() throws {
        try runReporting {
            let text = try readInput(file)
            let countries = CountryNames.load()
            var options = ContactsImport.Options()
            if let country {
                guard let code = countries.code(for: country) else {
                    throw CommandFailure(
                        "--country '\(country)' is not a country: give an ISO 3166 code (e.g. LB) or an English name")
                }
                options.defaultCountry = code
            }
            let repo = apply ? try common.openStore() : nil
            let store = try repo?.store ?? common.storeForPreview()
            let bar = ProgressBar(label: (file as NSString).lastPathComponent)
            let plan: ContactsPlan
            do {
                plan = try ContactsImport.prepare(
                    text: text, file: file, format: format ?? ContactsImport.guessFormat(path: file, text: text),
                    store: store, countries: countries, options: options, now: CellClock.now(), progress: bar.update)
            } catch {
                bar.finish()
                throw CommandFailure("\(error)")
            }
            bar.finish()
            say(plan.preview(verbose: verbose), terminator: "")
            try settle(plan, apply: apply, skipRejected: skipRejected, repo: repo, common: common, file: file)
        }
    }
}

struct ImportAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Restore a whole store from 'crisiscell export all' into an empty data directory.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The JSON file written by 'crisiscell export all'.") var file: String

    func run() throws {
        try runReporting {
            let dir = common.directory()
            if common.databaseText != nil {
                throw CommandFailure(
                    "'import all' fills a directory; to fill a database: import into a directory, then crisiscell db push --data DIR --db URL"
                )
            }
            if dir.holdsData {
                throw CommandFailure(
                    "\(dir.path) already holds data; 'import all' only fills an empty data directory (choose another with --data)"
                )
            }
            let text = try readInput(file)
            let store: Store
            do { store = try StoreExport.read(text, file: file) } catch { throw CommandFailure("\(error)") }
            let repo = try common.openRepository()
            guard !repo.directory.holdsData, repo.store.seq == 0 else {
                throw CommandFailure("\(dir.path) already holds data; 'import all' only fills an empty data directory")
            }
            do { try repo.replaceAll(with: store) } catch { throw CommandFailure("nothing saved: \(error)") }
            let w = repo.store.world
            say(
                "imported \(file) into \(dir.path): \(w.crises.count) crises, \(w.countries.count) countries, \(w.contacts.count) contacts, "
                    + "\(w.events.count) log entries (operation #\(repo.store.seq))")
        }
    }
}

struct ImportPending: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "Apply changes a console kept in a file because the data directory refused them when it quit.",
        discussion: """
            Each change is checked against the store as it is now, in order: saved, already there (nothing written), or \
            refused, when someone changed the values it expected to replace since (a conflict, said with who and what). \
            The file is then left holding only the changes not applied, or removed when none are left. Exit status 3 \
            when any change conflicts, 1 when any other is refused.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "The file the console named when it quit (under $XDG_STATE_HOME/crisiscell).") var file: String

    func run() throws {
        try runReporting {
            let changes: [PendingFile.Change]
            do { changes = try PendingFile.read(file) } catch { throw CommandFailure("\(error)") }
            let repo = try common.openStore()
            if let other = changes.first(where: { DataDirectory(path: $0.data) != repo.directory })?.data {
                Output.warn("these changes were made for \(other); applying them to \(repo.directory.path)")
            }
            var kept: [PendingFile.Change] = []
            var conflicts = 0
            var refused = 0
            for change in changes {
                do {
                    // Dated when the operator made it; the record says when it arrived as well.
                    switch try repo.save([change.op], by: change.operator, madeAt: change.time) {
                    case .saved(let entries):
                        guard let entry = entries.first else { continue }
                        let text = repo.store.world.events.last(where: { $0.seq == entry.seq })?.text ?? "done"
                        let made = entry.madeAt.map { " (made \(Timestamp.string($0)))" } ?? ""
                        say(("saved #\(entry.seq) \(Timestamp.string(entry.time))\(made) \(change.operator): \(text)"))
                    case .unchanged(let why):
                        say(("already there: \(why)"))
                    case .queued(let why):
                        say(("kept at this site, to send when the database is back: \(why)"))
                    }
                } catch let error as StoreError {
                    if case .conflict = error { conflicts += 1 } else { refused += 1 }
                    say(("not applied (\(change.operator), \(Timestamp.string(change.time))): \(error)"))
                    kept.append(change)
                } catch {
                    throw CommandFailure(
                        "stopped, nothing more applied: \(error) (the file still holds what is not applied)")
                }
            }
            do { try PendingFile.rewrite(file, keeping: kept) } catch { throw CommandFailure("\(error)") }
            if kept.isEmpty {
                say("all \(changes.count) applied; \(file) removed")
            } else {
                say(
                    "\(kept.count) of \(changes.count) not applied and kept in \(file): change them by hand, or remove the file"
                )
            }
            if conflicts > 0 { throw ExitCode(3) }
            if refused > 0 { throw ExitCode(1) }
        }
    }
}
