import CrisisModel
import Foundation

/// Tab in the line mode: completes a command, a crisis id, a country's name (several words and all) or a kind
/// of count, from what is typed up to the cursor.
public enum PlainCompletion {
    public struct Result: Equatable, Sendable {
        /// Where the text being completed starts (a character offset in the line).
        public var start: Int
        public var candidates: [String]
        /// What replaces the text from `start`: the whole candidate when it is the only one, else what they share.
        public var replacement: String?
    }

    static let countryCommands: Set<String> = ["country", "count", "counts", "alert", "contacts"]
    static let crisisCommands: Set<String> = [
        "crisis", "checklist", "list", "tick", "done", "untick", "reopen", "countries",
    ]

    public static func complete(_ line: [Character], cursor: Int, world: World, names: CountryNames) -> Result {
        let before = Array(line[..<cursor])
        let typed = String(before)
        let firstSpace = before.firstIndex(of: " ")
        guard let commandEnd = firstSpace else {
            return finish(start: 0, partial: typed, PlainHelp.commands.map(\.name), trailingSpace: true)
        }
        let command = String(before[..<commandEnd]).lowercased()
        var argStart = commandEnd
        while argStart < before.count, before[argStart] == " " { argStart += 1 }
        let args = String(before[argStart...])
        let wordStart = (before.lastIndex(of: " ").map { $0 + 1 }) ?? 0
        let word = String(before[wordStart...])
        let earlier = args.split(separator: " ").map(String.init)
        let previous =
            wordStart > argStart ? String(before[..<wordStart]).split(separator: " ").last.map(String.init) : nil

        if command == "help" {
            return finish(start: wordStart, partial: word, PlainHelp.commands.map(\.name), trailingSpace: false)
        }
        let crisisIds = world.crisesByUrgency().map(\.id)
        if previous == "--crisis" { return finish(start: wordStart, partial: word, crisisIds, trailingSpace: true) }
        if command == "log" && word.hasPrefix("-") {
            return finish(start: wordStart, partial: word, ["--crisis", "--kind"], trailingSpace: true)
        }
        if previous == "--kind" {
            return finish(start: wordStart, partial: word, ["sitrep", "decision", "call"], trailingSpace: true)
        }
        if crisisCommands.contains(command) && wordStart == argStart {
            // The first argument: a crisis id, or (for a checklist) a country code for its preparedness list.
            let codes = command == "crisis" || command == "countries" ? [] : world.countries.keys.sorted()
            return finish(start: wordStart, partial: word, crisisIds + codes, trailingSpace: true)
        }
        if countryCommands.contains(command) {
            let kindTyped = earlier.dropLast(word.isEmpty ? 0 : 1).contains {
                $0.hasPrefix("--") || PlainSession.countKind($0) != nil
            }
            if (command == "count" || command == "counts") && (word.hasPrefix("-") || kindTyped) {
                return finish(
                    start: wordStart, partial: word, CountKind.allCases.map { "--" + $0.flag } + ["--source"],
                    trailingSpace: true)
            }
            // A country's name may be several words: what is typed since the command is matched as one.
            guard !kindTyped, !args.contains(where: \.isNumber) else { return Result(start: cursor, candidates: []) }
            let watched = world.countries.keys.map(names.name).sorted()
            let fold: (String) -> String = {
                $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            }
            var pool = watched.filter { fold($0).hasPrefix(fold(args)) }
            if pool.isEmpty { pool = names.names.values.sorted().filter { fold($0).hasPrefix(fold(args)) } }
            return finish(start: argStart, partial: args, pool, trailingSpace: true)
        }
        return Result(start: cursor, candidates: [])
    }

    private static func finish(start: Int, partial: String, _ pool: [String], trailingSpace: Bool) -> Result {
        let fold: (String) -> String = { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let key = fold(partial)
        var seen = Set<String>()
        let candidates = pool.filter { fold($0).hasPrefix(key) && seen.insert($0).inserted }
        guard let first = candidates.first else { return Result(start: start, candidates: []) }
        if candidates.count == 1 {
            return Result(start: start, candidates: candidates, replacement: first + (trailingSpace ? " " : ""))
        }
        // What they all share, in the first candidate's spelling, if it is longer than what is typed.
        var shared = Array(first)
        for c in candidates.dropFirst() {
            let other = Array(c)
            var n = 0
            while n < min(shared.count, other.count), fold(String(shared[n])) == fold(String(other[n])) { n += 1 }
            shared = Array(shared.prefix(n))
        }
        let replacement = shared.count > partial.count ? String(shared) : nil
        return Result(start: start, candidates: candidates, replacement: replacement)
    }
}
