import Foundation

/// A typed line cut into words. Quotes ("..." or '...') keep spaces inside one word; each word remembers where
/// it started, so free text (a log entry, a reason) is taken as it was typed, spacing and all.
public struct PlainInput: Equatable, Sendable {
    public struct Word: Equatable, Sendable {
        public var text: String
        /// Offset of the word's first character in the line (of its opening quote when quoted).
        public var start: String.Index
        public var quoted: Bool
    }

    public let line: String
    public private(set) var words: [Word] = []

    public init(_ line: String) {
        self.line = line
        var i = line.startIndex
        while i < line.endIndex {
            while i < line.endIndex, line[i].isWhitespace { i = line.index(after: i) }
            guard i < line.endIndex else { break }
            let start = i
            var text = ""
            var quoted = false
            while i < line.endIndex, !line[i].isWhitespace {
                let c = line[i]
                // Only a word's first character opens a quote: "Karim's call" is one word with an apostrophe.
                if i == start, let close = PlainInput.closing[c] {
                    quoted = true
                    i = line.index(after: i)
                    while i < line.endIndex, line[i] != close {
                        text.append(line[i])
                        i = line.index(after: i)
                    }
                    if i < line.endIndex { i = line.index(after: i) }
                    break
                } else {
                    text.append(c)
                    i = line.index(after: i)
                }
            }
            words.append(Word(text: text, start: start, quoted: quoted))
        }
    }

    /// Straight and typographic quotes, as phones and word processors type them.
    static let closing: [Character: Character] = ["\"": "\"", "'": "'", "“": "”", "‘": "’", "«": "»"]

    public var command: String { words.first?.text.lowercased() ?? "" }
    public var arguments: [Word] { Array(words.dropFirst()) }

    /// The same line without the first unquoted word `flag` (and the spaces after it), cut again into words.
    public func removing(_ flag: String) -> PlainInput {
        guard let word = words.first(where: { $0.text == flag && !$0.quoted }) else { return self }
        var end = line.index(word.start, offsetBy: flag.count)
        while end < line.endIndex, line[end].isWhitespace { end = line.index(after: end) }
        var text = line
        text.removeSubrange(word.start..<end)
        return PlainInput(text)
    }

    /// The line from word `i` to its end, as typed (surrounding quotes removed when that word alone is quoted).
    public func rest(from i: Int) -> String {
        guard i < words.count else { return "" }
        if i == words.count - 1 && words[i].quoted { return words[i].text }
        return String(line[words[i].start...]).trimmingCharacters(in: .whitespaces)
    }
}
