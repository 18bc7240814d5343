import CrisisModel

/// What every import plan offers the command line and the console: the rows it would change,
/// the rows it refuses, and the batch of operations that saving it commits.
public protocol ImportPlan {
    var operations: [StoreOperation] { get }
    var rejectedCount: Int { get }
    /// Rows of the file that would change the store (new, changed or merged).
    var changingRows: Int { get }
    /// What the rows are, for messages: "counts", "contacts".
    var noun: String { get }
    /// A line for the log and the confirmation: "1 new, 2 changed counts".
    var changeSummary: String { get }
}

extension ImportPlan {
    public var changesSomething: Bool { !operations.isEmpty }

    /// Why a preview saves nothing, in words that match the rows listed above it.
    public var nothingToSaveReason: String {
        if rejectedCount > 0 && changingRows == 0 {
            return
                "nothing to save: \(rejectedCount == 1 ? "the one row is" : "every row that would change something is") rejected (listed above)"
        }
        return "nothing to save: the store already holds these \(noun)"
    }
}

extension CountsPlan: ImportPlan {
    public var rejectedCount: Int { rejected.count }
    public var changingRows: Int { count("new") + count("changed") }
    public var noun: String { "counts" }
    public var changeSummary: String { "\(count("new")) new, \(count("changed")) changed counts" }
}

extension ContactsPlan: ImportPlan {
    public var rejectedCount: Int { rejected.count }
    public var changingRows: Int { count("new") + count("merge") }
    public var noun: String { "contacts" }
    public var changeSummary: String { "\(count("new")) new, \(count("merge")) merged contacts" }
}
