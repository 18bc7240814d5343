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

// MARK: - export

enum ContactsExportFormat: String, ExpressibleByArgument, CaseIterable { case csv, vcf }
enum CountsExportFormat: String, ExpressibleByArgument, CaseIterable { case csv, hxl }
enum AllExportFormat: String, ExpressibleByArgument, CaseIterable { case json }

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write contacts, counts or the whole store to a file (or standard output).",
        subcommands: [ExportContacts.self, ExportCounts.self, ExportAll.self, ExportCAP.self])
}

struct ExportContacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Export the contact roster as CSV or vCard 3.0.")
    @OptionGroup var common: CommonOptions
    @Option(help: "csv or vcf.") var format: ContactsExportFormat
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to FILE (mode 0600) instead of standard output.", valueName: "FILE")) var output:
        String?
    @Option(help: "Only contacts in these countries (codes or names, comma-separated).") var country: String?
    @Flag(help: "Start the CSV with a byte-order mark (for Excel).") var bom = false

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let countries = CountryNames.load()
            var contacts = Export.orderedContacts(repo.store.world)
            if let country {
                var codes = Set<String>()
                for part in country.split(separator: ",") {
                    guard let code = countries.code(for: String(part)) else {
                        throw CommandFailure("--country: '\(part)' is not a country")
                    }
                    codes.insert(code)
                }
                contacts = contacts.filter { codes.contains($0.country) }
            }
            switch format {
            case .csv:
                try emit(
                    Export.contactsCSV(contacts, byteOrderMark: bom), output: output, what: "\(contacts.count) contacts"
                )
            case .vcf:
                try emit(
                    Export.contactsVCF(contacts, names: countries), output: output, what: "\(contacts.count) contacts")
            }
        }
    }
}

struct ExportCounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Export counts as CSV (country, country name, kind, value, as-of, source), ready for 'import counts'."
    )
    @OptionGroup var common: CommonOptions
    @Option(
        help:
            "csv, or hxl (HXL hashtags under the header, one row per country and as-of date, as HDX and IOM's DTM publish)."
    )
    var format: CountsExportFormat = .csv
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to FILE (mode 0600) instead of standard output.", valueName: "FILE")) var output:
        String?
    @Flag(help: "Every recorded change, oldest first, instead of the figures held now.") var history = false
    @Flag(help: "Start the CSV with a byte-order mark (for Excel).") var bom = false

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            if format == .hxl {
                if history || bom { throw CommandFailure("--history and --bom are for the csv format") }
                return try emit(
                    HXLCounts.export(repo.store.world, names: CountryNames.load()), output: output, what: "counts (HXL)"
                )
            }
            try emit(
                Export.countsCSV(repo.store.world, names: CountryNames.load(), history: history, byteOrderMark: bom),
                output: output, what: history ? "count history" : "counts")
        }
    }
}

struct ExportAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract:
            "Export the whole store as JSON; 'import all' brings it back into an empty directory with nothing lost.")
    @OptionGroup var common: CommonOptions
    @Option(help: "json.") var format: AllExportFormat = .json
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to FILE (mode 0600) instead of standard output.", valueName: "FILE")) var output:
        String?

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let data: Data
            do { data = try Export.allJSON(repo.store, now: CellClock.now()) } catch {
                throw CommandFailure("cannot encode the store: \(error)")
            }
            try emit(data, output: output, what: "the whole store")
        }
    }
}

struct ExportCAP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cap",
        abstract: "Write the cell's alert-level changes as CAP 1.2 messages in an Atom feed, for partners to follow.",
        discussion: """
            One entry per change, newest first: a country's first raise is an Alert, later changes Updates that \
            reference the message before, a return to no alert a Cancel. The same change keeps its identifier in \
            every export, so a subscriber sees each once.
            """)
    @OptionGroup var common: CommonOptions
    @Option(
        help: ArgumentHelp(
            "CAP's sender: a unique address for the cell, the same from every machine (default: crisiscell@CELL-NAME).",
            valueName: "ID"))
    var sender: String?
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to FILE (mode 0600) instead of standard output.", valueName: "FILE")) var output:
        String?

    func validate() throws {
        if let sender,
            sender.isEmpty
                || sender.unicodeScalars.contains(where: {
                    $0 == "," || $0 == "<" || $0 == "&" || $0.properties.isWhitespace || $0.value < 0x20
                        || $0.value == 0x7F
                })
        {
            throw ValidationError("--sender must not be empty nor hold spaces, commas, < or & (CAP forbids them)")
        }
    }

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let world = repo.store.world
            let data = CAPExport.atom(
                world, sender: sender ?? CAPExport.defaultSender(cell: world.cell.name), names: CountryNames.load(),
                now: CellClock.now())
            let count = CAPExport.messages(world, sender: "").count
            try emit(data, output: output, what: "\(count) CAP messages")
        }
    }
}

// MARK: - report

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write a crisis's after-action report in Markdown: timeline, decisions, alert levels, checklist, counts over time."
    )
    @OptionGroup var common: CommonOptions
    @Argument(help: "Crisis id (as 'crisiscell brief' lists them).") var crisis: String
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to FILE (mode 0600) instead of standard output.", valueName: "FILE")) var output:
        String?

    func run() throws {
        try runReporting {
            let repo = try common.openStore(readOnly: true)
            let world = repo.store.world
            guard
                let c = world.crises[crisis]
                    ?? world.crises.values.first(where: { $0.title.lowercased() == crisis.lowercased() })
            else {
                let ids = world.crisesByUrgency().map(\.id).joined(separator: ", ")
                throw CommandFailure("no crisis '\(crisis)'. Crises: \(ids.isEmpty ? "none" : ids)")
            }
            let text = AfterActionReport(world: world, crisis: c, names: CountryNames.load(), now: CellClock.now())
                .render()
            // Markdown for a file or the screen: data in it never carries a raw control character.
            try emit(
                Data(TerminalText.printable(text, keepNewlines: true).utf8), output: output,
                what: "the after-action report of \(c.id)")
        }
    }
}

extension SitrepSMS.Language: ExpressibleByArgument {}
