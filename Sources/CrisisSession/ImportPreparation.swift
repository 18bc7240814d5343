import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation

/// A file read and checked for the console's import: what the preview lists and what saving it would commit.
public struct PreparedImport: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var operations: [StoreOperation]
    /// Rows of the file that would change the store (new, changed, merged).
    public var rows: Int
    public var rejected: Int

    public init(title: String, lines: [String], operations: [StoreOperation], rows: Int, rejected: Int) {
        self.title = title
        self.lines = lines
        self.operations = operations
        self.rows = rows
        self.rejected = rejected
    }
}

/// Why a file could not be prepared for import, in one sentence.
public struct ImportProblem: Error, CustomStringConvertible, Sendable {
    public var description: String
}

public enum ImportKind: String, Sendable {
    case contacts, counts
}

extension CellSession {
    /// Reads and checks a file against the store as it is now; nothing is saved.
    public func prepareImport(_ kind: ImportKind, path: String, country: String, now: Date = CellClock.now())
        throws(ImportProblem)
        -> PreparedImport
    {
        let file = (path as NSString).expandingTildeInPath
        let title = (file as NSString).lastPathComponent
        do {
            let text = try TextInput.read(path: file)
            switch kind {
            case .contacts:
                var options = ContactsImport.Options()
                if !country.isEmpty {
                    guard let code = names.code(for: country) else {
                        throw ImportProblem(description: "'\(country)' is not a country")
                    }
                    options.defaultCountry = code
                }
                let format = ContactsImport.guessFormat(path: file, text: text)
                let plan = try ContactsImport.prepare(
                    text: text, file: file, format: format, store: store.store, countries: names,
                    options: options, now: now)
                return PreparedImport(
                    title: title, lines: plan.preview(verbose: true, limit: 100_000).components(separatedBy: "\n"),
                    operations: plan.operations, rows: plan.changingRows, rejected: plan.rejectedCount)
            case .counts:
                let plan = try CountsImport.prepare(
                    text: text, file: file, store: store.store, countries: names, now: now)
                return PreparedImport(
                    title: title,
                    lines: plan.preview(names: names, verbose: true, limit: 100_000).components(separatedBy: "\n"),
                    operations: plan.operations, rows: plan.changingRows, rejected: plan.rejectedCount)
            }
        } catch let problem as ImportProblem {
            throw problem
        } catch {
            throw ImportProblem(description: "\(error)")
        }
    }
}
