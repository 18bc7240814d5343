import CrisisModel
import Foundation

/// Reading and parsing `journal.jsonl`: one JournalEntry per line, each line ended by a newline.
enum JournalReader {
    struct Result {
        var entries: [(line: Int, entry: JournalEntry)]
        /// Bytes up to the end of the last complete line.
        var goodLength: Int
        /// Set when the file ends in an unfinished line (a crash mid-write): it was never acknowledged.
        var tornTail: Bool
        var lineCount: Int
        /// The last line is whole (a complete, valid entry) but its newline was lost: it is kept, and the next
        /// writer puts the newline back before its own line.
        var missingNewline = false
    }

    /// Parses bytes of the journal starting at `firstLine` (1-based line number of the first byte).
    static func parse(_ data: Data, path: String, firstLine: Int = 1) throws(PersistenceError) -> Result {
        let decoder = JSONCoding.decoder()
        var entries: [(Int, JournalEntry)] = []
        var line = firstLine
        var goodLength = 0
        var torn = false
        var missing = false
        var failure: PersistenceError? = nil
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            var lineStart = 0
            while i < bytes.count {
                if bytes[i] == 10 {
                    if i > lineStart {
                        let slice = Data(bytes: raw.baseAddress! + lineStart, count: i - lineStart)
                        if let f = StrictJSON.validate(slice) {
                            failure = .corruptJournal(
                                path: path, line: line, reason: "column \(f.column): \(f.message)")
                            return
                        }
                        do {
                            let entry = try decoder.decode(JournalEntry.self, from: slice)
                            if let key = entry.unknownKey(inLine: slice) {
                                failure = .corruptJournal(
                                    path: path, line: line,
                                    reason: "'\(key)' is not part of any operation this version knows")
                                return
                            }
                            entries.append((line, entry))
                        } catch {
                            failure = .corruptJournal(path: path, line: line, reason: JSONCoding.describe(error))
                            return
                        }
                    }
                    line += 1
                    lineStart = i + 1
                    goodLength = lineStart
                }
                i += 1
            }
            if lineStart < bytes.count {
                // Only the newline missing from an acknowledged line: the line is whole; keep it.
                let slice = Data(bytes: raw.baseAddress! + lineStart, count: bytes.count - lineStart)
                if StrictJSON.validate(slice) == nil, let entry = try? decoder.decode(JournalEntry.self, from: slice),
                    entry.unknownKey(inLine: slice) == nil
                {
                    entries.append((line, entry))
                    line += 1
                    goodLength = bytes.count
                    missing = true
                } else {
                    torn = true
                }
            }
        }
        if let failure { throw failure }
        var result = Result(entries: entries, goodLength: goodLength, tornTail: torn, lineCount: line - firstLine)
        result.missingNewline = missing
        return result
    }
}

enum JournalWriter {
    static func line(for entry: JournalEntry) throws -> Data {
        var data = try JSONCoding.encoder().encode(entry)
        data.append(10)
        return data
    }
}
