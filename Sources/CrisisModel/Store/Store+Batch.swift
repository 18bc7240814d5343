import Foundation

extension Store {
    /// New changes checked and applied in order, as one batch: each against the store as those before it left
    /// it, numbered after the store's own. One that changes nothing is left out (the first such reason is
    /// kept); a refused one throws and leaves the store as it was.
    public mutating func applyNew(_ ops: [StoreOperation], by who: String, at time: Date, madeAt: Date? = nil)
        throws(StoreError)
        -> (entries: [JournalEntry], unchanged: String?)
    {
        var next = self
        var entries: [JournalEntry] = []
        var why: String?
        for op in ops {
            switch try next.prepare(op) {
            case .unchanged(let reason): why = why ?? reason
            case .change(let reduced):
                let entry = JournalEntry(seq: next.seq + 1, time: time, operator: who, op: reduced, madeAt: madeAt)
                try next.apply(entry)
                entries.append(entry)
            }
        }
        self = next
        return (entries, why)
    }
}
