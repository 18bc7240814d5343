import Foundation

/// GNU gettext .mo catalogues (for iso-codes' translations of country names).
enum MessageCatalog {
    static func parse(_ data: Data) -> [String: String] {
        let b = [UInt8](data)
        guard b.count >= 28 else { return [:] }
        func u32(_ at: Int, _ little: Bool) -> Int? {
            guard at >= 0, at + 4 <= b.count else { return nil }
            let v =
                little
                ? UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
                : UInt32(b[at + 3]) | UInt32(b[at + 2]) << 8 | UInt32(b[at + 1]) << 16 | UInt32(b[at]) << 24
            return Int(v)
        }
        let little: Bool
        if u32(0, true) == 0x9504_12de {
            little = true
        } else if u32(0, false) == 0x9504_12de {
            little = false
        } else {
            return [:]
        }
        guard let n = u32(8, little), let originals = u32(12, little), let translations = u32(16, little) else {
            return [:]
        }
        func string(_ table: Int, _ i: Int) -> String? {
            guard let length = u32(table + 8 * i, little), let offset = u32(table + 8 * i + 4, little),
                offset + length <= b.count
            else { return nil }
            return String(validating: b[offset..<(offset + length)], as: UTF8.self)
        }
        var out: [String: String] = [:]
        for i in 0..<min(n, 100_000) {
            guard let key = string(originals, i), let value = string(translations, i), !key.isEmpty else { continue }
            out[key] = value
        }
        return out
    }
}
