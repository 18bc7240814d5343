import Foundation

/// Checks the fields of a patch against a record, one by one: a field is kept when it changes something, dropped
/// when the record already holds it, and a conflict when the record no longer holds what the change expected.
struct FieldCheck {
    let record: String
    let stamps: [String: FieldStamp]
    /// The stamp key of a field of this record.
    let key: (String) -> String
    var conflicts: [Conflict] = []

    init(record: String, stamps: [String: FieldStamp], key: @escaping (String) -> String) {
        self.record = record
        self.stamps = stamps
        self.key = key
    }

    mutating func check<V: Equatable>(
        _ field: String, _ label: String, _ new: V?, _ expected: V?, _ current: V,
        _ show: (V) -> String
    ) -> V? {
        guard let new, new != current else { return nil }
        if let expected, expected != current {
            let s = stamps[key(field)]
            conflicts.append(
                Conflict(
                    record: record, field: field, label: label, expected: show(expected), actual: show(current),
                    by: s?.by, at: s?.at))
            return nil
        }
        return new
    }

    func throwConflicts() throws(StoreError) {
        if !conflicts.isEmpty { throw .conflict(conflicts) }
    }
}
