import CrisisModel
import Foundation

extension HXLCounts {
    /// The figures of an HXL table as count rows (each checked as a counts CSV row is), with the rows refused
    /// and the columns it did not use.
    public static func read(
        text: String, file: String, countries: CountryNames, now: Date
    ) throws(ExchangeError) -> (rows: [CountRow], rejected: [CountsPlan.Line], ignored: [String]) {
        let table = try CSVTable.parse(text, file: file, score: { $0.count })
        let all = [CSVRecord(line: table.headerLine, fields: table.header)] + table.records
        guard
            let tagRow = all.prefix(25).firstIndex(where: { r in
                r.fields.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#country") }
                    && r.fields.allSatisfy {
                        $0.trimmingCharacters(in: .whitespaces).isEmpty
                            || $0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
                    }
            })
        else {
            throw ExchangeError(
                file: file, "no HXL hashtag row with #country+code or #country+name in the first 25 rows")
        }
        let tags = all[tagRow].fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var columns: [(index: Int, meaning: String)] = []
        var ignored: [String] = []
        for (i, t) in tags.enumerated() where !t.isEmpty {
            if let m = meaning(t) {
                columns.append((i, m))
                if m == "admin" { ignored.append(t) }
            } else {
                ignored.append(t)
            }
        }
        let kinds = columns.filter { CountKind(rawValue: $0.meaning) != nil }
        guard !kinds.isEmpty else {
            throw ExchangeError(
                file: file, line: all[tagRow].line,
                "no hashtag names a count of ours (use \(Self.tagList([.affected, .evacuated, .dead])) …)")
        }
        func column(_ m: String) -> Int? { columns.first { $0.meaning == m }?.index }
        let long = CSVTable(
            header: ["country", "kind", "value", "asof", "source"], headerLine: all[tagRow].line, records: [],
            delimiter: table.delimiter)
        let position = ["country": 0, "kind": 1, "value": 2, "asof": 3, "source": 4]
        var rows: [CountRow] = []
        var rejected: [CountsPlan.Line] = []
        for record in all[(tagRow + 1)...] where !record.isBlank {
            func cell(_ i: Int?) -> String {
                guard let i, i < record.fields.count else { return "" }
                return record.fields[i].trimmingCharacters(in: .whitespaces)
            }
            let country = [cell(column("country")), cell(column("countryname"))].first { !$0.isEmpty } ?? ""
            // DTM publishes a row per region: such a row is part of a country, not the country's figure.
            if let admin = columns.first(where: { $0.meaning == "admin" && !cell($0.index).isEmpty }) {
                rejected.append(
                    .init(
                        line: record.line, row: nil,
                        status: .rejected(
                            "\(tags[admin.index]) \(cell(admin.index)): a sub-national row; counts here are per country (add the regions up first)"
                        )))
                continue
            }
            for k in kinds where !cell(k.index).isEmpty {
                let kind = CountKind(rawValue: k.meaning)!
                let fields = [country, kind.label, cell(k.index), cell(column("asof")), cell(column("source"))]
                let one = CSVRecord(line: record.line, fields: fields)
                switch CountsImport.row(one, position: position, table: long, countries: countries, now: now) {
                case .success(let r): rows.append(r)
                case .failure(let problem):
                    rejected.append(
                        .init(line: record.line, row: nil, status: .rejected("\(tags[k.index]): \(problem)")))
                }
            }
        }
        return (rows, rejected, ignored)
    }

    static func tagList(_ kinds: [CountKind]) -> String { kinds.compactMap { Self.tags[$0] }.joined(separator: ", ") }
}
