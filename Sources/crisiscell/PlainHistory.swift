import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import CrisisUI
import Foundation

/// The line mode's command history, kept between sessions per operator beside the pending-changes files
/// (`$XDG_STATE_HOME/crisiscell`, 0600): the up arrow brings back yesterday's commands too.
enum PlainHistory {
    static func path(operator who: String) -> String {
        let safe = String(
            who.unicodeScalars.map {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_"
            })
        return PendingFile.directory() + "/line-history-\(safe)"
    }

    static func read(operator who: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path(operator: who)) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Best effort: a history that cannot be written costs the next session its up arrow, nothing more.
    static func write(_ lines: [String], operator who: String) {
        guard !lines.isEmpty else { return }
        let text =
            lines.suffix(LineEditor.historyLimit).map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(
                separator: "\n") + "\n"
        do {
            try PendingFile.makePrivateDirectory(PendingFile.directory())
            try PendingFile.replacePrivateFile(Data(text.utf8), at: path(operator: who))
        } catch {
            Output.warn("the command history was not kept: \(error)")
        }
    }
}
