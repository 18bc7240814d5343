import CrisisModel
import CrisisStorage
import Foundation

/// What an operator had typed in a form when the console was stopped from outside (an SSH drop, a hang-up, a
/// SIGTERM): kept in the state directory (0600), one a data directory and operator, and offered back the next
/// time that operator opens the same form there.
public struct FormDraft: Codable, Equatable, Sendable {
    /// The form it belongs to, as `FormTarget` describes itself ("editCrisis(\"lb-escalation\")").
    public var form: String
    public var title: String
    /// The fields the operator had changed, by key.
    public var values: [String: String]
    public var keptAt: Date
    /// The data directory it was typed against.
    public var data: String

    public init(form: String, title: String, values: [String: String], keptAt: Date, data: String) {
        self.form = form
        self.title = title
        self.values = values
        self.keptAt = keptAt
        self.data = data
    }
}

extension CellSession {
    private var draftPath: String {
        let safe = LastSeen.fileName(operatorName)
        // One file a data directory and operator: the directory's path hashed, so two cells never share one.
        var hash: UInt32 = 2_166_136_261
        for byte in store.directory.path.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return PendingFile.directory() + "/draft-\(safe)-\(String(hash, radix: 16)).json"
    }

    /// Keeps what was typed; says why it could not be kept, if it could not (the caller says so on stderr).
    public func keepDraft(form: String, title: String, values: [String: String], now: Date = CellClock.now()) -> String?
    {
        let draft = FormDraft(form: form, title: title, values: values, keptAt: now, data: store.directory.path)
        do {
            try PendingFile.makePrivateDirectory(PendingFile.directory())
            try PendingFile.replacePrivateFile(try JSONCoding.encoder().encode(draft), at: draftPath)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The draft this operator left on this data directory, if any.
    public func draft() -> FormDraft? {
        guard let data = FileManager.default.contents(atPath: draftPath),
            let draft = try? JSONCoding.decoder().decode(FormDraft.self, from: data), draft.data == store.directory.path
        else { return nil }
        return draft
    }

    public func dropDraft() { unlink(draftPath) }
}
