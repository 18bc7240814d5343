import CrisisModel
import Foundation

/// JSON documents read loosely into Foundation values, then checked field by field, so a refusal can say which
/// item and which field (a Decodable model would stop at the first missing key with a coding path).
enum FeedJSON {
    static func parse(_ data: Data, feed: String) throws -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String
            let reason = data.isEmpty ? "empty document" : "not JSON: \(detail ?? "\(error)")"
            throw FeedError(feed: feed, line: line(of: detail), reason: reason)
        }
        guard let object = value as? [String: Any] else {
            throw FeedError(feed: feed, reason: "not the expected JSON: the top level is not an object")
        }
        return object
    }

    /// "around line 3, column 5" in Foundation's message, when it has one.
    private static func line(of detail: String?) -> Int? {
        guard let d = detail, let r = d.range(of: "line ") else { return nil }
        return Int(d[r.upperBound...].prefix { $0.isNumber })
    }

    static func string(_ o: [String: Any], _ key: String) -> String? {
        if let s = o[key] as? String { return s.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let n = o[key] as? NSNumber, !(o[key] is Bool) { return n.stringValue }
        return nil
    }

    static func number(_ o: [String: Any], _ key: String) -> Double? {
        guard let v = o[key], !(v is NSNull) else { return nil }
        if let n = v as? NSNumber { return n.doubleValue }
        return nil
    }
}
