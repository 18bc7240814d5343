import CrisisModel
import Foundation

/// Files of one JSON value a line besides the journal (the outbox, files of changes a console kept): each line
/// checked strictly before it is decoded, a problem named by file and line.
package enum JSONLines {
    package static func decode<T: Decodable>(_ type: T.Type, _ line: Data, path: String, line number: Int) throws -> T {
        if let f = StrictJSON.validate(line) {
            throw PersistenceError.corruptJournal(path: path, line: number, reason: "column \(f.column): \(f.message)")
        }
        let value: T
        do { value = try JSONCoding.decoder().decode(T.self, from: line) } catch {
            throw PersistenceError.corruptJournal(path: path, line: number, reason: JSONCoding.describe(error))
        }
        if let checked = value as? KeyChecked, let key = checked.unknownKey(inLine: line) {
            throw PersistenceError.corruptJournal(
                path: path, line: number, reason: "'\(key)' is not part of any operation this version knows")
        }
        return value
    }

    /// Every value in `data`. `tornTail`: a last line without its newline that does not parse was being
    /// appended when the writer stopped, never acknowledged, and is left out.
    package static func read<T: Decodable>(_ type: T.Type, _ data: Data, path: String, tornTail: Bool = false) throws
        -> [T]
    {
        let lines = data.split(separator: 10, omittingEmptySubsequences: false)
        var out: [T] = []
        for (i, line) in lines.enumerated() where !line.isEmpty {
            if tornTail && i == lines.count - 1 && data.last != 10 && StrictJSON.validate(Data(line)) != nil { break }
            out.append(try decode(T.self, Data(line), path: path, line: i + 1))
        }
        return out
    }

    package static func encode<T: Encodable>(_ values: [T]) throws -> Data {
        var bytes = Data()
        for v in values {
            bytes.append(try JSONCoding.encoder().encode(v))
            bytes.append(10)
        }
        return bytes
    }
}

extension StoreOperation {
    /// An operation from its JSON, strictly (duplicate keys and the like refused), naming `source` and `line`.
    package static func decoded(json text: String, source: String, line: Int) throws -> StoreOperation {
        try JSONLines.decode(StoreOperation.self, Data(text.utf8), path: source, line: line)
    }
}
