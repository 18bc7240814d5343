import Foundation

/// The JSON settings every file of the data directory uses.
public enum JSONCoding {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.string(date))
        }
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = Timestamp.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(s)' is not an ISO 8601 UTC time")
            }
            return date
        }
        return d
    }

    /// A readable account of a decoding failure: where (the key path) and what.
    public static func describe(_ error: Error) -> String {
        func path(_ p: [CodingKey]) -> String {
            p.isEmpty ? "top level" : p.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.dataCorrupted(let c):
            let under = (c.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return "\(under ?? c.debugDescription) (at \(path(c.codingPath)))"
        case DecodingError.keyNotFound(let k, let c): return "missing field '\(k.stringValue)' at \(path(c.codingPath))"
        case DecodingError.typeMismatch(let t, let c):
            return "wrong type at \(path(c.codingPath)): expected \(t). \(c.debugDescription)"
        case DecodingError.valueNotFound(let t, let c): return "missing value at \(path(c.codingPath)): expected \(t)"
        default: return String(describing: error)
        }
    }
}

extension JSONCoding {
    /// JSON with the characters a terminal acts on, or that reorder text, written as \u escapes: the same data
    /// for any reader, and nothing that steers a terminal when the file is shown. (JSONEncoder escapes C0
    /// controls itself, but leaves C1 controls, bidi overrides and line separators raw.)
    public static func escapingInvisibles(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8) else { return data }
        guard text.unicodeScalars.contains(where: { invisible($0) }) else { return data }
        var out = ""
        for s in text.unicodeScalars {
            if invisible(s) { out += String(format: "\\u%04x", s.value) } else { out.unicodeScalars.append(s) }
        }
        return Data(out.utf8)
    }

    private static func invisible(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x2028 || v == 0x2029 || v == 0x200E || v == 0x200F || v == 0x061C
    }
}
