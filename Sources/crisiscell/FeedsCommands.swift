import ArgumentParser
import CrisisFeedFetch
import CrisisFeeds
import CrisisModel
import Foundation

extension FeedFormat: ExpressibleByArgument {}

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Hazard alerts, travel advice, disasters and news from the world's feeds.",
        discussion: "Formats: \(FeedFormat.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")).",
        subcommands: [
            FeedsRead.self, FeedsAdd.self, FeedsList.self, FeedsRemove.self, FeedsFetch.self, FeedsThreshold.self,
        ])
}

struct FeedsRead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read one feed document and print its items, without touching the record (how a feed is tried).",
        discussion: """
            Exit 0 when every item was read; 1 when the document is not of the format, or when any item was \
            refused (each is named with its field and line on standard error, and the others are still printed).
            """)

    @Argument(
        help: ArgumentHelp(
            "The document: a file, - for standard input, or an http(s) address (fetched once: gzip, 30 s, 10 MB at most).",
            valueName: "FILE|URL"))
    var source: String
    @Option(help: "The document's format: \(FeedFormat.names).") var format: FeedFormat
    @Flag(help: "Print the items as JSON.") var json = false

    func run() throws {
        try runReporting {
            let data = try Self.load(source)
            let names = CountryNames.load()
            let document: FeedDocument
            do {
                document = try format.read(data, feed: source, countries: names)
            } catch let e as FeedError {
                throw CommandFailure("\(e)")
            }
            if json {
                sayJSON(try FeedReport.json(document))
            } else {
                say(FeedReport.text(document, format: format, names: names), terminator: "")
            }
            for n in document.notes { Output.warn("left out: \(n)") }
            if !document.unmapped.isEmpty {
                Output.warn("no country known for: \(document.unmapped.joined(separator: "; "))")
            }
            for p in document.problems { Output.error(p.description) }
            if !document.problems.isEmpty {
                throw CommandFailure(
                    "\(document.problems.count) of \(document.problems.count + document.items.count) items refused")
            }
        }
    }

    static func load(_ source: String) throws -> Data {
        if source == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let fetcher = FeedFetcher()
            defer { fetcher.shutdown() }
            do {
                guard case .fresh(let data, _) = try fetcher.fetch(source) else {
                    throw CommandFailure("\(source): the server answered 304 Not Modified to a plain request")
                }
                return data
            } catch let e as FeedFetchError {
                throw CommandFailure(e.description)
            }
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw CommandFailure("\(source): cannot be read (no such file, or no permission)")
        }
        return data
    }
}

/// A document said for a person (one block per item) or as JSON (items, refusals, notes).
enum FeedReport {
    static func text(_ d: FeedDocument, format: FeedFormat, names: CountryNames) -> String {
        var out = "\(d.title ?? format.rawValue): \(d.items.count) item\(d.items.count == 1 ? "" : "s")\n"
        for (n, i) in d.items.enumerated() {
            let countries =
                i.countries.isEmpty
                ? (i.place ?? "no country")
                : i.countries.map { "\($0) (\(names.name($0)))" }.joined(separator: ", ")
            var facts = ["\(i.source) \(i.id)", i.kind, countries]
            facts.append("\(i.sourceLevel ?? "no level") (our reading: \(i.severity.word))")
            if let t = i.time { facts.append(Format.dateTime(t, .utc) + " UTC") }
            if i.messageType != .alert {
                facts.append("\(i.messageType.rawValue)s \(i.replaces.joined(separator: ", "))")
            }
            out += "\n\(n + 1). \(i.title)\(i.isAboveDefaultThreshold ? "  [above the banner threshold]" : "")\n"
            out += "   " + facts.joined(separator: " · ") + "\n"
            if let link = i.link { out += "   \(link)\n" }
        }
        return out
    }

    static func json(_ d: FeedDocument) throws -> Data {
        struct Out: Encodable {
            var title: String?
            var items: [FeedItem]
            var refused: [String]
            var unmapped: [String]
            var leftOut: [String]
        }
        let out = Out(
            title: d.title, items: d.items, refused: d.problems.map(\.description), unmapped: d.unmapped,
            leftOut: d.notes)
        return try JSONCoding.encoder(pretty: true).encode(out)
    }
}
