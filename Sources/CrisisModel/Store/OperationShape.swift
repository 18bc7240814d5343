/// What an operation may look like on the wire: the one top-level key naming its kind, the fields each kind
/// carries, which kinds only an admin may send, and how large a change may be. The database's write function
/// is generated from this table and refuses anything else; clients refuse unknown keys by the same table (and
/// by decoding every nested value strictly), so what the server stores and what every site reads agree.
public enum OperationShape {
    /// Each kind's fields, as the synthesised coding writes them (`_0` for an unlabelled value).
    /// A test holds this table equal to what `StoreOperation` encodes.
    public static let fields: [String: [String]] = [
        "addCountry": ["code"],
        "setAlert": ["country", "level", "reason", "expected"],
        "setCounts": ["country", "counts", "source", "asOf", "expected"],
        "addCrisis": ["_0"],
        "updateCrisis": ["id", "patch", "expected"],
        "deleteCrisis": ["id", "expected"],
        "setItemStatus": ["owner", "item", "status", "expected"],
        "addItem": ["owner", "item"],
        "updateItem": ["owner", "item", "patch", "expected"],
        "deleteItem": ["owner", "item", "expected"],
        "addContact": ["_0"],
        "updateContact": ["_0"],
        "patchContact": ["id", "patch", "expected"],
        "deleteContact": ["id", "expected"],
        "log": ["crisis", "kind", "text"],
        "setCell": ["_0", "expected"],
        "followFeed": ["_0", "expected"],
        "unfollowFeed": ["name", "expected"],
        "receiveItems": ["feed", "items"],
        "triageIncoming": ["key", "status", "reason", "crisis", "expected"],
    ]

    /// Kinds only a member of the cell's admin role may send, however they are spelled.
    /// Following a feed sends the cell's fetcher to a public service: the cell's admins choose which.
    public static let adminOnly: Set<String> = ["deleteCrisis", "setCell", "followFeed", "unfollowFeed"]

    /// One operation's JSON text at most (a log entry of a few pages fits many times over).
    public static let maxOperationBytes = 65_536
    /// One batch (an import) at most.
    public static let maxBatchBytes = 10 * 1_048_576
}

/// The limits the database enforces, checked at the site first so a change is refused there in the same words
/// (and a change made offline is not acknowledged only to be refused later).
public enum OperationLimits {
    public static func problem(in ops: [StoreOperation]) -> String? {
        var total = 0
        for op in ops {
            guard let text = try? op.jsonText() else { return "the change cannot be written as JSON" }
            let size = text.utf8.count
            total += size
            if size > OperationShape.maxOperationBytes {
                return
                    "a change of \(size) bytes is larger than the \(OperationShape.maxOperationBytes) bytes the database takes"
            }
            if holdsNUL(text) { return "the change holds a NUL character, which the database does not store" }
        }
        if total > OperationShape.maxBatchBytes {
            return
                "a batch of \(total) bytes is larger than the \(OperationShape.maxBatchBytes) bytes the database takes at once"
        }
        return nil
    }

    /// A `\u0000` escape in JSON text (not an escaped backslash followed by "u0000").
    static func holdsNUL(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") {
                if i + 5 < bytes.count, bytes[i + 1] == UInt8(ascii: "u"),
                    bytes[(i + 2)...(i + 5)].allSatisfy({ $0 == UInt8(ascii: "0") })
                {
                    return true
                }
                i += 2
                continue
            }
            i += 1
        }
        return false
    }
}
