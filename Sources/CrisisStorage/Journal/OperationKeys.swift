import CrisisModel
import Foundation

/// Refuses keys an operation does not have. Swift's synthesised decoding ignores unknown keys, so
/// `{"deleteCrisis":{...},"x":null}` would read as a deletion whatever a server took its kind to be; every
/// operation read from a file or a database passes through here after decoding. The top level must be exactly
/// one known kind, its fields those the kind has (`OperationShape`), and any key deeper in must be one the
/// decoded value writes back (a null there is what an absent optional is, and is let be).
public enum OperationKeys {
    /// The first key that does not belong, as a path ("deleteCrisis.x"), or nil when every key belongs.
    public static func unknownKey(in json: Any, decoded op: StoreOperation) -> String? {
        guard let top = json as? [String: Any] else { return "(not an object)" }
        guard top.count == 1, let (kind, payload) = top.first else {
            let names = top.keys.sorted().joined(separator: ", ")
            return top.isEmpty ? "(no kind)" : "(\(top.count) kinds: \(names))"
        }
        guard let allowed = OperationShape.fields[kind] else { return kind }
        guard let fields = payload as? [String: Any] else { return kind }
        if let extra = fields.keys.sorted().first(where: { !allowed.contains($0) }) { return kind + "." + extra }
        guard let written = try? JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(op)) else { return nil }
        return unknown(json, in: written, path: "")
    }

    /// The same for an operation's JSON text.
    public static func unknownKey(inText text: Data, decoded op: StoreOperation) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: text, options: [.fragmentsAllowed]) else {
            return "(not JSON)"
        }
        return unknownKey(in: json, decoded: op)
    }

    /// A journal line or an outbox line: its own keys, then its operations'.
    package static func unknownKey(inLine data: Data, own: Set<String>, operations: [StoreOperation], key: String)
        -> String?
    {
        // Strict JSON that Foundation cannot hold (a number beyond a double): its keys cannot be vouched for.
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return "(a value this version cannot read)"
        }
        if let extra = json.keys.sorted().first(where: { !own.contains($0) }) { return extra }
        if let one = json[key], let op = operations.first, operations.count == 1, !(one is [Any]) {
            return unknownKey(in: one, decoded: op).map { key + "." + $0 }
        }
        if let many = json[key] as? [Any] {
            for (i, (value, op)) in zip(many, operations).enumerated() {
                if let bad = unknownKey(in: value, decoded: op) { return "\(key)[\(i)].\(bad)" }
            }
        }
        return nil
    }

    private static func unknown(_ given: Any, in written: Any, path: String) -> String? {
        if let object = given as? [String: Any] {
            let known = written as? [String: Any] ?? [:]
            for key in object.keys.sorted() {
                let value = object[key]!
                if value is NSNull { continue }
                let here = path.isEmpty ? key : path + "." + key
                guard let counterpart = known[key] else { return here }
                if let bad = unknown(value, in: counterpart, path: here) { return bad }
            }
        } else if let array = given as? [Any] {
            let known = written as? [Any] ?? []
            for (i, value) in array.enumerated() where i < known.count {
                if let bad = unknown(value, in: known[i], path: path + "[\(i)]") { return bad }
            }
        }
        return nil
    }
}

/// A value read from a line of a file whose keys are checked after decoding (operations and what carries them).
/// A record read from a file of changes that can say which of its keys this version does not know.
package protocol KeyChecked {
    func unknownKey(inLine data: Data) -> String?
}

extension StoreOperation: KeyChecked {
    package func unknownKey(inLine data: Data) -> String? { OperationKeys.unknownKey(inText: data, decoded: self) }
}

extension JournalEntry: KeyChecked {
    package func unknownKey(inLine data: Data) -> String? {
        OperationKeys.unknownKey(
            inLine: data, own: ["seq", "time", "operator", "op", "madeAt"], operations: [op], key: "op")
    }
}

extension PendingFile.Change: KeyChecked {
    package func unknownKey(inLine data: Data) -> String? {
        OperationKeys.unknownKey(inLine: data, own: ["operator", "time", "data", "op"], operations: [op], key: "op")
    }
}
