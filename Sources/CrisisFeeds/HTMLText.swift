import CrisisModel
import Foundation

/// Feed descriptions carry HTML (in CDATA or escaped): tags dropped, block ends made spaces, the common entities
/// decoded, control characters taken out, runs of space made one, so the text is safe and readable on a terminal.
enum HTMLText {
    static func plain(_ html: String) -> String {
        if !html.utf8.contains(where: { $0 == 60 || $0 == 38 }) { return collapse(clean(html)) }
        var out = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            // A tag closes within a few hundred characters; looking further would make a text of a million
            // "<" without ">" cost a million squared.
            let window = after.prefix(512)
            if let close = window.firstIndex(of: ">"), isTag(window[..<close]) {
                out += " "
                rest = after[after.index(after: close)...]
            } else {
                out += "<"
                rest = after
            }
        }
        out += rest
        return collapse(clean(entities(out)))
    }

    /// TextCleaning.plain, skipped when no byte could be a control, a C1 control or a bidi override (most text).
    private static func clean(_ text: String) -> String {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 } ? TextCleaning.plain(text) : text
    }

    /// "b", "/p", "br/", "a href=…": an HTML tag, not text such as "<south>" or "a < b".
    private static func isTag(_ inside: Substring) -> Bool {
        let name = inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
        return htmlTags.contains(name) || inside.hasPrefix("!--")
    }

    private static let htmlTags: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt", "em", "figcaption",
        "figure", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s",
        "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
    ]

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

    static func collapse(_ text: String) -> String { TextCleaning.collapse(text) }
}
