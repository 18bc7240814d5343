import CSV
import CrisisModel
import Foundation

/// One record of a CSV file with the line it starts on (a quoted field may span lines).
public struct CSVRecord: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// True for a line with nothing in it (or only separators), which imports skip.
    public var isBlank: Bool { fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// A CSV file read with CSV.swift (RFC 4180): the header row, the records after it and the separator found.
public struct CSVTable: Sendable {
    public var header: [String]
    public var headerLine: Int
    public var records: [CSVRecord]
    public var delimiter: Character

    /// Header cells folded for matching: lower case, no accents, letters and digits only ("As-of" → "asof").
    public var foldedHeader: [String] { header.map(CSVTable.fold) }

    public static func fold(_ s: String) -> String { TextFolding.fold(s) }

    /// Reads `text` (already decoded). The separator is `,`, `;` or tab: a spreadsheet's `sep=;` first line
    /// says which, else the one under which `score` recognises the most header cells.
    public static func parse(
        _ text: String, file: String, score: ([String]) -> Int,
        progress: ImportProgress? = nil
    ) throws(ExchangeError) -> CSVTable {
        var body = Substring(text)
        var firstLine = 1
        var delimiter: Character? = nil
        // Excel's separator hint: a first line "sep=;" (it is not part of the data).
        let head = body.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        if head.lowercased().hasPrefix("sep="), head.count == 5, let d = head.last {
            delimiter = d
            body = body.dropFirst(head.count)
            if let nl = body.first, nl == "\r\n" || nl == "\n" || nl == "\r" { body = body.dropFirst() }
            firstLine = 2
        }
        let source = String(body)
        try checkQuotes(source, file: file, firstLine: firstLine, delimiter: delimiter)
        if delimiter == nil {
            var best: (score: Int, fields: Int, delimiter: Character) = (-1, 0, ",")
            for candidate: Character in [",", ";", "\t"] {
                guard let header = try firstRow(source, delimiter: candidate) else { continue }
                let s = score(header.map(fold))
                if (s, header.count) > (best.score, best.fields) { best = (s, header.count, candidate) }
            }
            delimiter = best.delimiter
        }
        let sep = delimiter!
        if sep != "," && sep != ";" && sep != "\t" {
            try checkQuotes(source, file: file, firstLine: firstLine, delimiter: sep)
        }
        guard let scalar = sep.unicodeScalars.first, sep.unicodeScalars.count == 1 else {
            throw ExchangeError(file: file, line: 1, "the separator '\(sep)' is not a single character")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: source, hasHeaderRow: false, trimFields: false, delimiter: scalar) } catch {
            throw ExchangeError(file: file, "cannot be read as CSV: \(error)")
        }
        let estimate = max(1, source.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 })
        var line = firstLine
        var rows: [CSVRecord] = []
        while let fields = reader.next() {
            rows.append(CSVRecord(line: line, fields: fields))
            line += 1 + fields.reduce(0) { $0 + lineBreaks(in: $1) }
            if let progress, rows.count % 1000 == 0 { progress("reading", min(rows.count, estimate), estimate) }
        }
        if let error = reader.error { throw ExchangeError(file: file, "cannot be read as CSV: \(error)") }
        progress?("reading", estimate, estimate)
        // Skip blank lines before the header.
        while let first = rows.first, first.isBlank { rows.removeFirst() }
        guard let header = rows.first else { throw ExchangeError(file: file, "is empty: a header row is expected") }
        return CSVTable(
            header: header.fields.map { $0.trimmingCharacters(in: .whitespaces) }, headerLine: header.line,
            records: Array(rows.dropFirst()), delimiter: sep)
    }

    private static func firstRow(_ text: String, delimiter: Character) throws(ExchangeError) -> [String]? {
        guard let scalar = delimiter.unicodeScalars.first else { return nil }
        let scalars = text.unicodeScalars
        let end = scalars.firstIndex { $0 == "\n" || $0 == "\r" } ?? scalars.endIndex
        let firstLines = String(scalars[..<end])
        guard let reader = try? CSVReader(string: firstLines, hasHeaderRow: false, trimFields: false, delimiter: scalar)
        else { return nil }
        return reader.next()
    }

    static func lineBreaks(in field: String) -> Int {
        var n = 0
        var previousCR = false
        for s in field.unicodeScalars {
            if s == "\r" {
                n += 1
                previousCR = true
                continue
            }
            if s == "\n" && !previousCR { n += 1 }
            previousCR = false
        }
        return n
    }

    /// CSV.swift is lenient about broken quoting (it swallows the rest of the file into one field);
    /// check RFC 4180 quoting first so a stray quote is reported at its line instead.
    static func checkQuotes(_ text: String, file: String, firstLine: Int, delimiter: Character?) throws(ExchangeError) {
        let separators: Set<Unicode.Scalar> = delimiter.map { Set($0.unicodeScalars) } ?? [",", ";", "\t"]
        var line = firstLine
        var inQuotes = false
        var quoteLine = 0
        var atFieldStart = true
        var afterClosingQuote = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return scalars.next()
        }
        while let c = next() {
            let isBreak = c == "\n" || c == "\r"
            if c == "\r" {
                if let n = scalars.next() { if n != "\n" { pending = n } }
            }
            if inQuotes {
                if c == "\"" {
                    let n = next()
                    if n == "\"" { continue }
                    inQuotes = false
                    afterClosingQuote = true
                    if let n { pending = n }
                    continue
                }
                if isBreak { line += 1 }
                continue
            }
            if afterClosingQuote {
                afterClosingQuote = false
                if !(isBreak || separators.contains(c)) {
                    throw ExchangeError(
                        file: file, line: line,
                        "text follows a closing quote; a quote inside a quoted field must be doubled (\"\"), as RFC 4180 says"
                    )
                }
            }
            if isBreak {
                line += 1
                atFieldStart = true
                continue
            }
            if separators.contains(c) {
                atFieldStart = true
                continue
            }
            if c == "\"" && atFieldStart {
                inQuotes = true
                quoteLine = line
                atFieldStart = false
                continue
            }
            atFieldStart = false
        }
        if inQuotes {
            throw ExchangeError(
                file: file, line: quoteLine, "a quoted field opened on this line is never closed (a '\"' is missing)")
        }
    }
}

/// CSV out with CSV.swift's writer: RFC 4180 quoting, CRLF line ends, UTF-8 (with a BOM on request, for Excel).
public enum CSVOutput {
    public static func render(header: [String], rows: [[String]], byteOrderMark: Bool = false) -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        var out = Data()
        if byteOrderMark { out.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        do {
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: header)
            for row in rows { try writer.write(row: row) }
            writer.stream.close()
        } catch {
            // Writing to memory does not fail; keep whatever was produced.
        }
        if let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data { out.append(data) }
        out.append(contentsOf: [13, 10])
        return out
    }

    /// Spreadsheets run a cell that starts with = + - @ as a formula: such text (other than a phone number)
    /// is written with a leading apostrophe, which `unprotect` takes off again on import.
    /// A cell for a spreadsheet: never a formula, never a raw control character.
    public static func protect(_ cell: String) -> String {
        let cell = TextCleaning.visible(cell)
        guard let first = cell.first, "=+-@".contains(first) else { return cell }
        if first == "+" || first == "-",
            cell.split(separator: ";").allSatisfy({ Phone.isPlausible($0.trimmingCharacters(in: .whitespaces)) })
        {
            return cell
        }
        return "'" + cell
    }

    public static func unprotect(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.dropFirst().first, "=+-@".contains(second) else { return cell }
        return String(cell.dropFirst())
    }
}
