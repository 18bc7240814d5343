import CrisisModel
import Foundation

/// A contact as a file gives it: nil fields were not in the file (a merge leaves them as they are).
public struct ContactDraft: Equatable, Sendable {
    public var line: Int
    public var id: String?
    public var name: String?
    public var organisation: String?
    public var organisationKind: OrganisationKind?
    public var role: String?
    /// As written: a code or a name.
    public var country: String?
    public var city: String?
    public var phones: [String] = []
    public var emails: [String] = []
    public var messaging: String?
    public var timeZone: String?
    public var languages: [String]?
    public var duty: DutyStatus?
    public var callOrder: Int?
    public var lastVerified: Date?
    public var notes: String?
    /// A card's N parts (family, given, additional, prefix, suffix) when they say more than the whole name.
    public var nameParts: [String]?
    /// "HOME" or "WORK" from the card's address (the roster keeps work as no type at all).
    public var addressType: String?
    /// Why the line cannot be taken (a bad duty, a date that is no date, …).
    public var problems: [String] = []
    /// How the line was read where the file left it open, for the preview (a charset guessed, …).
    public var notices: [String] = []

    public init(line: Int) { self.line = line }
}

/// What an import would do with one contact of the file.
public enum ContactImportStatus: Equatable, Sendable {
    case new(Contact)
    /// Merged into a contact the store holds; the fields that change.
    case merge(into: Contact, result: Contact, changes: [String])
    /// Same as a contact the store holds.
    case unchanged(id: String)
    /// Folded into an earlier line of the same file.
    case duplicate(ofLine: Int, reason: String)
    case rejected(String)

    public var word: String {
        switch self {
        case .new: return "new"
        case .merge: return "merge"
        case .unchanged: return "unchanged"
        case .duplicate: return "duplicate"
        case .rejected: return "rejected"
        }
    }
}

public struct ContactsPlan: Sendable {
    public struct Line: Sendable {
        public var line: Int
        public var status: ContactImportStatus
        /// What the preview should say besides: a country read from the phone's calling code, a charset
        /// guessed, control characters taken out.
        public var notes: [String] = []
        public init(line: Int, status: ContactImportStatus, notes: [String] = []) {
            self.line = line
            self.status = status
            self.notes = notes
        }
    }
    public var file: String
    public var lines: [Line]
    public var ignoredColumns: [String]
    public var operations: [StoreOperation]

    public func count(_ word: String) -> Int { lines.filter { $0.status.word == word }.count }
    public var rejected: [Line] { lines.filter { $0.status.word == "rejected" } }

    public var summary: String {
        "\(lines.count) contact\(lines.count == 1 ? "" : "s"): \(count("new")) new, \(count("merge")) merged into existing, "
            + "\(count("unchanged")) unchanged, \(count("duplicate")) duplicates within the file, \(count("rejected")) rejected"
    }

    public func preview(verbose: Bool = false, limit: Int = 50) -> String {
        var out = ["\(file): \(summary)"]
        if !ignoredColumns.isEmpty { out.append("ignored columns: " + ignoredColumns.joined(separator: ", ")) }
        let width = String(lines.map(\.line).max() ?? 0).count
        for word in ["rejected", "merge", "new", "duplicate", "unchanged"] {
            let group = lines.filter { $0.status.word == word }
            if group.isEmpty || (word == "unchanged" && !verbose) { continue }
            // Rejected rows are what a person must fix: up to 200 of them, the others up to `limit`.
            let shown = verbose ? group : Array(group.prefix(word == "rejected" ? max(limit, 200) : limit))
            for l in shown { out.append(describe(l, width: width)) }
            if shown.count < group.count {
                out.append("  … and \(group.count - shown.count) more (--verbose lists them)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func describe(_ l: Line, width: Int) -> String {
        let notes = l.notes.isEmpty ? "" : " · " + l.notes.joined(separator: " · ")
        return describeStatus(l, width: width) + notes
    }

    private func describeStatus(_ l: Line, width: Int) -> String {
        let number = String(l.line)
        let head =
            "  line " + String(repeating: " ", count: max(0, width - number.count)) + number + "  "
            + l.status.word.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
        switch l.status {
        case .new(let c):
            let org = c.organisation.isEmpty ? "" : " (\(c.organisation))"
            return head + "\(c.name)\(org), \(c.country), id \(c.id)"
        case .merge(let old, _, let changes):
            return head + "into \(old.id) \(old.name): " + changes.joined(separator: "; ")
        case .unchanged(let id): return head + "same as \(id)"
        case .duplicate(let line, let reason): return head + "merged with line \(line) (\(reason))"
        case .rejected(let reason): return head + reason
        }
    }
}
