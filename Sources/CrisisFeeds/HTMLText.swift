import CrisisModel
import Foundation

/// Feed descriptions carry HTML (in CDATA or escaped): tags dropped, block ends made spaces, the common entities
/// decoded, control characters taken out, runs of space made one, so the text is safe and readable on a terminal.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var out = ""
        var tag: String?
        for ch in html {
            if var t = tag {
                if ch == ">" {
                    tag = nil
                    out.append(" ")
                } else {
                    t.append(ch)
                    tag = t
                }
            } else if ch == "<" {
                tag = ""
            } else {
                out.append(ch)
            }
        }
        return collapse(TextCleaning.plain(entities(out)))
    }

    static func entities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";"), let decoded = entity(String(after[..<semi])) {
                out += decoded
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    private static func entity(_ name: String) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16) {
            return Unicode.Scalar(v).map { String(Character($0)) }
        }
        if name.hasPrefix("#"), let v = UInt32(name.dropFirst()) {
            return Unicode.Scalar(v).map { String(Character($0)) }
        }
        return named[name]
    }

    private static let named = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "hellip": "…", "deg": "°",
    ]

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).joined(separator: " ")
    }
}
