import CrisisModel
import Foundation

/// One figure read from a counts file.
public struct CountRow: Equatable, Sendable {
    public var line: Int
    public var country: String
    public var kind: CountKind
    public var value: Int
    /// nil: the file gave no date; the figure is taken as of the import.
    public var asOf: Date?
    public var source: String
    /// The file gave a date without a time: `asOf` is the end of that day (or the import, if that is sooner).
    public var dateOnly = false
}

/// What an import would do with one line of the file.
public enum ImportStatus: Equatable, Sendable {
    case new
    case changed(from: Int)
    case unchanged
    case rejected(String)

    public var word: String {
        switch self {
        case .new: return "new"
        case .changed: return "changed"
        case .unchanged: return "unchanged"
        case .rejected: return "rejected"
        }
    }
}

/// The whole counts file checked against the store before anything is applied.
public struct CountsPlan: Sendable {
    public struct Line: Equatable, Sendable {
        public var line: Int
        public var row: CountRow?
        public var status: ImportStatus
    }
    public var file: String
    public var lines: [Line]
    /// Columns the file has that the import does not use.
    public var ignoredColumns: [String]
    /// What `--apply` commits, in order, as one batch (the summary log entry last); empty when nothing changes.
    public var operations: [StoreOperation]

    public func count(_ word: String) -> Int { lines.filter { $0.status.word == word }.count }
    public var rejected: [Line] { lines.filter { if case .rejected = $0.status { return true } else { return false } } }

    public var summary: String {
        "\(lines.count) row\(lines.count == 1 ? "" : "s"): \(count("new")) new, \(count("changed")) changed, "
            + "\(count("unchanged")) unchanged, \(count("rejected")) rejected"
    }

    /// The preview a person reads before `--apply`: rejected rows (up to 200), new and changed up to `limit` each
    /// (everything with `verbose`), unchanged rows only with `verbose`.
    public func preview(names: CountryNames, verbose: Bool = false, limit: Int = 20) -> String {
        var out = ["\(file): \(summary)"]
        if !ignoredColumns.isEmpty { out.append("ignored columns: " + ignoredColumns.joined(separator: ", ")) }
        let width = String(lines.map(\.line).max() ?? 0).count
        for word in ["rejected", "new", "changed", "unchanged"] {
            let group = lines.filter { $0.status.word == word }
            if group.isEmpty || (word == "unchanged" && !verbose) { continue }
            // Rejected rows are what a person must fix: up to 200 of them, the others up to `limit`.
            let shown = verbose ? group : Array(group.prefix(word == "rejected" ? max(limit, 200) : limit))
            for l in shown { out.append(describe(l, names: names, width: width)) }
            if shown.count < group.count {
                out.append("  … and \(group.count - shown.count) more \(word) rows (--verbose lists them)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func describe(_ l: Line, names: CountryNames, width: Int) -> String {
        let number = String(l.line)
        let head =
            "  line " + String(repeating: " ", count: max(0, width - number.count)) + number + "  "
            + l.status.word.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
        if case .rejected(let reason) = l.status { return head + reason }
        guard let r = l.row else { return head }
        var value = Format.number(r.value)
        if case .changed(let from) = l.status { value = "\(Format.number(from)) → \(value)" }
        let date = r.asOf.map { " as of " + DateText.string($0) } ?? ""
        let source = r.source.isEmpty ? "" : " (\(r.source))"
        return head + "\(r.country) \(names.name(r.country)): \(r.kind.label) \(value)\(date)\(source)"
    }
}

/// Counts from a spreadsheet: columns country, kind, value, as-of, source (header names in any case;
/// `as_of`, `as-of`, `asof` and `date` all name the date column).
public enum CountsImport {
    static let columns: [String: [String]] = [
        "country": ["country", "countrycode", "code", "iso", "iso2", "iso3166"],
        "kind": ["kind", "countkind", "type", "category"],
        "value": ["value", "number", "count", "figure", "total"],
        "asof": ["asof", "date", "asofdate", "asat", "dated"],
        "source": ["source", "sources", "from"],
        // Shown for people (CrisisCell's own export has it); the code column is what counts.
        "countryName": ["countryname", "name"],
    ]

    static func column(for folded: String) -> String? {
        columns.first { $0.value.contains(folded) }?.key
    }

    /// Why a row of a file is refused, in one sentence.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ text: String) { description = text }
    }

    /// One record of a counts CSV as a row, or why it is refused.
    static func row(_ record: CSVRecord, position: [String: Int], table: CSVTable, countries: CountryNames, now: Date)
        -> Result<CountRow, Refusal>
    {
        let f = record.fields
        if f.count > table.header.count,
            f[table.header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        {
            return .failure(
                Refusal(
                    "\(f.count) fields but the header has \(table.header.count) (an unquoted '\(table.delimiter)' inside a value?)"
                ))
        }
        func cell(_ name: String) -> String {
            guard let i = position[name], i < f.count else { return "" }
            return CSVOutput.unprotect(f[i].trimmingCharacters(in: .whitespaces))
        }
        let countryText = cell("country")
        let kindText = cell("kind")
        let valueText = cell("value")
        guard !countryText.isEmpty else {
            return .failure(Refusal("no country"))
        }
        guard let code = countries.code(for: countryText) else {
            return .failure(
                Refusal(
                    "'\(countryText)' is not a country (give an ISO code such as LB or an English name such as Lebanon)"
                ))
        }
        guard let kind = CountKind(parsing: kindText) else {
            let known = CountKind.allCases.map(\.label).joined(separator: ", ")
            return .failure(
                Refusal(
                    kindText.isEmpty
                        ? "no kind (one of: \(known))" : "'\(kindText)' is not a kind of count (one of: \(known))"))
        }
        let value: Int
        switch WholeNumber.parse(valueText) {
        case .success(let v): value = v
        case .failure(.empty):
            return .failure(Refusal("no value for \(kind.label)"))
        case .failure(.negative):
            return .failure(Refusal("\(kind.label) cannot be negative (got \(valueText))"))
        case .failure(.notWhole):
            return .failure(Refusal("'\(valueText)' is not a whole number"))
        }
        var asOf: Date? = nil
        let dateText = cell("asof")
        if !dateText.isEmpty {
            guard let d = DateText.parse(dateText) else {
                return .failure(
                    Refusal("'\(dateText)' is not a date (write 2024-10-18, 2024-10-18 14:00 or 18/10/2024)"))
            }
            guard d <= now.addingTimeInterval(36 * 3600) else {
                return .failure(Refusal("as-of date \(dateText) is in the future"))
            }
            // "As of 18/10" is the state at the end of that day; today's date means now.
            asOf = Timestamp.rounded(dateOnly(dateText) ? min(d.addingTimeInterval(86_400 - 0.001), now) : d)
        }
        return .success(
            CountRow(
                line: record.line, country: code, kind: kind, value: value, asOf: asOf,
                source: TextCleaning.plain(cell("source")),
                dateOnly: asOf != nil && dateOnly(dateText)))
    }

    /// Reads and checks the file's rows (each good row or the reason it is refused); nothing is compared yet.
    public static func read(
        text: String, file: String, countries: CountryNames, now: Date,
        progress: ImportProgress? = nil
    ) throws(ExchangeError) -> (rows: [CountRow], rejected: [CountsPlan.Line], ignored: [String]) {
        let table = try CSVTable.parse(
            text, file: file, score: { header in header.filter { column(for: $0) != nil }.count }, progress: progress)
        var position: [String: Int] = [:]
        var ignored: [String] = []
        for (i, h) in table.foldedHeader.enumerated() {
            if let c = column(for: h), position[c] == nil {
                position[c] = i
            } else if column(for: h) == nil, !table.header[i].isEmpty {
                ignored.append(table.header[i])
            }
        }
        let missing = ["country", "kind", "value"].filter { position[$0] == nil }
        if !missing.isEmpty {
            let found = table.header.joined(separator: String(table.delimiter))
            var message =
                "no column " + missing.map { "'\($0)'" }.joined(separator: ", ")
                + " in the header row (found: \(found))"
            if table.header.count == 1 { message += "; the separator must be a comma, a semicolon or a tab" }
            throw ExchangeError(
                file: file, line: table.headerLine, message + ". Expected columns: country, kind, value, as-of, source")
        }
        var rows: [CountRow] = []
        var rejected: [CountsPlan.Line] = []
        for record in table.records where !record.isBlank {
            switch row(record, position: position, table: table, countries: countries, now: now) {
            case .success(let r): rows.append(r)
            case .failure(let problem):
                rejected.append(CountsPlan.Line(line: record.line, row: nil, status: .rejected(problem.description)))
            }
        }
        return (rows, rejected, ignored)
    }

    static func dateOnly(_ text: String) -> Bool { !text.contains(":") }

    /// Compares the rows with the store and checks the batch against a copy of it (the part ≤ whole rule),
    /// so what `--apply` commits is known to pass. Rows that break a rule are rejected with the reason.
    public static func plan(
        file: String, rows: [CountRow], rejected: [CountsPlan.Line], ignored: [String], store: Store,
        now: Date, progress: ImportProgress? = nil
    ) -> CountsPlan {
        var lines = rejected
        let time = Timestamp.rounded(now)
        let accepted = firstOfEach(rows, lines: &lines)
        let toApply = againstTheStore(accepted, store: store, time: time, lines: &lines)
        let (operations, applied) = batches(toApply, store: store, time: time, lines: &lines, progress: progress)
        lines += applied
        lines.sort { $0.line < $1.line }
        var all = operations
        if !all.isEmpty {
            let n = applied.filter { $0.status == .new }.count
            let c = applied.count - n
            all.append(
                .log(
                    crisis: nil, kind: .change,
                    text: "imported counts from \((file as NSString).lastPathComponent): \(n) new, \(c) changed"))
        }
        return CountsPlan(file: file, lines: lines, ignoredColumns: ignored, operations: all)
    }

    /// The rows to consider: same country, kind and date twice in the file, the first wins, and a different second
    /// value is refused.
    private static func firstOfEach(_ rows: [CountRow], lines: inout [CountsPlan.Line]) -> [CountRow] {
        var seen: [String: CountRow] = [:]
        var accepted: [CountRow] = []
        for r in rows {
            let key = "\(r.country)|\(r.kind.rawValue)|\(r.asOf.map(Timestamp.string) ?? "-")"
            if let first = seen[key] {
                if first.value == r.value {
                    lines.append(.init(line: r.line, row: r, status: .unchanged))
                } else {
                    lines.append(
                        .init(
                            line: r.line, row: r,
                            status: .rejected(
                                "line \(first.line) already gives \(r.country) \(r.kind.label) \(first.value)\(r.asOf == nil ? "" : " for the same date")"
                            )))
                }
                continue
            }
            seen[key] = r
            accepted.append(r)
        }
        return accepted
    }

    /// Each row against the figure held: unchanged, refused when older than it, or to apply (new or changed).
    private static func againstTheStore(_ rows: [CountRow], store: Store, time: Date, lines: inout [CountsPlan.Line])
        -> [CountsPlan.Line]
    {
        var accepted = rows
        accepted.sort { ($0.asOf ?? time, $0.line) < ($1.asOf ?? time, $1.line) }
        var current: [String: CountValue] = [:]
        for (code, country) in store.world.countries {
            for (k, v) in country.counts { current["\(code)|\(k.rawValue)"] = v }
        }
        var toApply: [CountsPlan.Line] = []
        for r in accepted {
            let key = "\(r.country)|\(r.kind.rawValue)"
            let when = r.asOf ?? time
            if let now = current[key] {
                if now.value == r.value {
                    lines.append(.init(line: r.line, row: r, status: .unchanged))
                    continue
                }
                if when < now.asOf {
                    let day = DateText.string(when).prefix(10)
                    let recorded =
                        store.world.countries[r.country]?.countHistory.contains {
                            $0.kind == r.kind && $0.value == r.value
                                && ($0.at == when || (r.dateOnly && DateText.string($0.at).prefix(10) == day))
                        } ?? false
                    if recorded {
                        lines.append(.init(line: r.line, row: r, status: .unchanged))
                        continue
                    }
                    lines.append(
                        .init(
                            line: r.line, row: r,
                            status: .rejected(
                                "older than the figure held (\(Format.number(now.value)) as of \(DateText.string(now.asOf))); an import never puts an older figure back"
                            )))
                    continue
                }
                toApply.append(.init(line: r.line, row: r, status: .changed(from: now.value)))
            } else {
                toApply.append(.init(line: r.line, row: r, status: .new))
            }
            current[key] = CountValue(value: r.value, asOf: when, source: r.source)
        }
        return toApply
    }

    /// The rows to apply grouped into operations by country, date and source, oldest first, each tried on a copy
    /// of the store; a group refused is tried row by row so only the rows at fault are rejected.
    private static func batches(
        _ toApply: [CountsPlan.Line], store: Store, time: Date, lines: inout [CountsPlan.Line],
        progress: ImportProgress?
    ) -> ([StoreOperation], [CountsPlan.Line]) {
        struct GroupKey: Hashable {
            var country: String
            var asOf: Date?
            var source: String
        }
        var order: [GroupKey] = []
        var groups: [GroupKey: [CountsPlan.Line]] = [:]
        for l in toApply {
            let r = l.row!
            let k = GroupKey(country: r.country, asOf: r.asOf, source: r.source)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(l)
        }
        var copy = store
        var operations: [StoreOperation] = []
        var applied: [CountsPlan.Line] = []
        // Each change expects the figures the preview saw: should someone change one before the import is
        // applied, the batch is refused as a conflict rather than overwrite it.
        func attempt(_ op: inout StoreOperation) -> StoreError? {
            if case .setCounts(let code, let counts, let source, let asOf, nil) = op {
                var seen: [CountKind: Int?] = [:]
                for k in counts.keys { seen.updateValue(copy.world.countries[code]?.count(k), forKey: k) }
                op = .setCounts(country: code, counts: counts, source: source, asOf: asOf, expected: seen)
            }
            do {
                guard case .change(let reduced) = try copy.prepare(op) else { return nil }
                try copy.apply(JournalEntry(seq: copy.seq + 1, time: time, operator: "import", op: reduced))
                return nil
            } catch { return error }
        }
        for (done, k) in order.enumerated() {
            let group = groups[k]!
            var counts: [CountKind: Int] = [:]
            for l in group { counts[l.row!.kind] = l.row!.value }
            var op = StoreOperation.setCounts(country: k.country, counts: counts, source: k.source, asOf: k.asOf)
            if attempt(&op) == nil {
                operations.append(op)
                applied += group
            } else {
                // Find the rows to blame: wholes before their parts, one at a time.
                for l in group.sorted(by: { depth($0.row!.kind) < depth($1.row!.kind) }) {
                    var single = StoreOperation.setCounts(
                        country: k.country, counts: [l.row!.kind: l.row!.value], source: k.source, asOf: k.asOf)
                    if let error = attempt(&single) {
                        lines.append(.init(line: l.line, row: l.row, status: .rejected("\(error)")))
                    } else {
                        operations.append(single)
                        applied.append(l)
                    }
                }
            }
            if let progress, done % 500 == 0 { progress("checking", done, order.count) }
        }
        progress?("checking", order.count, order.count)
        return (operations, applied)
    }

    /// Wholes first, then their parts (see `CountRules`).
    static func depth(_ kind: CountKind) -> Int { CountRules.depth(kind) }

    /// Reads and plans in one go.
    public static func prepare(
        text: String, file: String, store: Store, countries: CountryNames, now: Date,
        progress: ImportProgress? = nil
    ) throws(ExchangeError) -> CountsPlan {
        // An HXL table (IOM's DTM, HDX) is known by its hashtag row, whatever its header says.
        let read =
            HXLCounts.isHXL(text)
            ? try HXLCounts.read(text: text, file: file, countries: countries, now: now)
            : try read(text: text, file: file, countries: countries, now: now, progress: progress)
        return plan(
            file: file, rows: read.rows, rejected: read.rejected, ignored: read.ignored, store: store, now: now,
            progress: progress)
    }
}
