import CrisisModel
import Foundation

/// One content line of a vCard: `[group.]NAME;PARAM=VALUE:value`, unfolded and (for quoted-printable) decoded.
public struct VCardProperty: Equatable, Sendable {
    public var group: String
    /// Upper case: "TEL", "EMAIL", "X-ABLABEL".
    public var name: String
    /// Upper-case keys; a vCard 2.1 bare parameter ("TEL;CELL") is a TYPE. TYPE values are upper-cased and split on commas.
    public var parameters: [String: [String]]
    /// After quoted-printable decoding, before backslash unescaping.
    public var rawValue: String
    public var line: Int
    /// vCard 2.1 knows no backslash escapes but `\;`: its backslashes are text.
    public var version21 = false
    /// Said in the preview: how a value was read when the card did not say (a quoted-printable value without
    /// CHARSET read as Windows-1252 because it is not UTF-8), or why it cannot be.
    public var notice: String?

    public var types: [String] { parameters["TYPE"] ?? [] }

    /// The value as text, escapes (\, \; \n \\) undone (in vCard 2.1, only \;).
    public var text: String { version21 ? VCard.unescape21(rawValue) : VCard.unescape(rawValue) }

    /// A structured value (N, ADR, ORG): split on unescaped semicolons, then unescaped.
    public var components: [String] {
        VCard.splitUnescaped(rawValue, on: ";").map { version21 ? VCard.unescape21($0) : VCard.unescape($0) }
    }
}

/// A vCard (2.1, 3.0 or 4.0) and the line its BEGIN:VCARD stands on.
public struct VCard: Equatable, Sendable {
    public var line: Int
    public var properties: [VCardProperty]

    public func all(_ name: String) -> [VCardProperty] { properties.filter { $0.name == name } }
    public func first(_ name: String) -> VCardProperty? { properties.first { $0.name == name } }
    public var version: String { first("VERSION")?.text ?? "" }

    // MARK: - Reading

    /// Parses every card in a file: folded lines (RFC 6350 3.2), vCard 2.1 quoted-printable with soft line breaks,
    /// CHARSET, quoted parameter values, group prefixes (item1.TEL), backslash escapes.
    /// The text's physical lines with their numbers (CR, LF or CR LF ending each).
    static func physicalLines(_ text: String) -> [(Int, Substring)] {
        var physical: [(Int, Substring)] = []
        var n = 1
        var start = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\r" || c == "\n" {
                physical.append((n, Substring(scalars[start..<i])))
                n += 1
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                i = next
                start = i
                continue
            }
            i = scalars.index(after: i)
        }
        if start < scalars.endIndex { physical.append((n, Substring(scalars[start...]))) }
        return physical
    }

    /// Logical lines: continuation lines (leading space or tab) and quoted-printable soft breaks (trailing =)
    /// unfolded. By scalars, never by characters: a continuation that starts with a combining mark or a ZWJ (a
    /// Bengali name folded mid-word, as vobject writes them) makes one character with the space before it.
    static func unfold(_ physical: [(Int, Substring)]) -> [(Int, String)] {
        var logical: [(Int, String)] = []
        var k = 0
        while k < physical.count {
            let (line, first) = physical[k]
            var value = String.UnicodeScalarView(first.unicodeScalars)
            let quotedPrintable = isQuotedPrintable(String(first))
            k += 1
            while k < physical.count {
                let next = physical[k].1.unicodeScalars
                if quotedPrintable, value.last == "=" {
                    value.removeLast()
                    value.append(contentsOf: next)
                    k += 1
                    continue
                }
                if let c = next.first, c == " " || c == "\t" {
                    value.append(contentsOf: next.dropFirst())
                    k += 1
                    continue
                }
                break
            }
            logical.append((line, String(value)))
        }
        return logical
    }

    public static func parse(_ text: String, file: String) throws(ExchangeError) -> [VCard] {
        let logical = unfold(physicalLines(text))
        var cards: [VCard] = []
        var current: VCard? = nil
        for (line, raw) in logical {
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let property = parseLine(raw, line: line) else {
                if current != nil { continue } // a stray line inside a card (base64 tail of a 2.1 photo): skip it
                throw ExchangeError(file: file, line: line, "expected BEGIN:VCARD, found '\(raw.prefix(40))'")
            }
            if property.name == "BEGIN", property.rawValue.uppercased() == "VCARD" {
                if let open = current {
                    throw ExchangeError(
                        file: file, line: open.line,
                        "this card has no END:VCARD before the next BEGIN:VCARD (line \(line))")
                }
                current = VCard(line: line, properties: [])
                continue
            }
            guard current != nil else {
                throw ExchangeError(file: file, line: line, "expected BEGIN:VCARD, found '\(raw.prefix(40))'")
            }
            if property.name == "END", property.rawValue.uppercased() == "VCARD" {
                var card = current!
                if card.version == "2.1" { for i in card.properties.indices { card.properties[i].version21 = true } }
                cards.append(card)
                current = nil
                continue
            }
            current!.properties.append(property)
        }
        if let open = current {
            throw ExchangeError(file: file, line: open.line, "the card that starts here has no END:VCARD")
        }
        if cards.isEmpty { throw ExchangeError(file: file, "holds no vCard (no BEGIN:VCARD line)") }
        return cards
    }

    private static func isQuotedPrintable(_ line: String) -> Bool {
        guard let colon = firstUnquoted(":", in: line) else { return false }
        return line[..<colon].uppercased().contains("QUOTED-PRINTABLE")
    }

    static func firstUnquoted(_ target: Character, in s: String) -> String.Index? {
        var quoted = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "\"" { quoted.toggle() } else if c == target && !quoted { return i }
            i = s.index(after: i)
        }
        return nil
    }

    static func parseLine(_ raw: String, line: Int) -> VCardProperty? {
        guard let colon = firstUnquoted(":", in: raw) else { return nil }
        let head = String(raw[..<colon])
        var value = String(raw[raw.index(after: colon)...])
        var parts = splitUnescaped(head, on: ";", respectQuotes: true)
        guard !parts.isEmpty else { return nil }
        var nameWithGroup = parts.removeFirst().trimmingCharacters(in: .whitespaces)
        var group = ""
        if let dot = nameWithGroup.lastIndex(of: ".") {
            group = String(nameWithGroup[..<dot])
            nameWithGroup = String(nameWithGroup[nameWithGroup.index(after: dot)...])
        }
        let name = nameWithGroup.uppercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            return nil
        }
        var params: [String: [String]] = [:]
        for p in parts {
            let kv = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv.count == 2 {
                let key = kv[0].trimmingCharacters(in: .whitespaces).uppercased()
                var v = String(kv[1])
                let values: [String]
                if key == "TYPE" {
                    values = v.replacingOccurrences(of: "\"", with: "").split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces).uppercased()
                    }
                } else {
                    if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                    values = [v]
                }
                params[key, default: []] += values
            } else {
                let bare = p.trimmingCharacters(in: .whitespaces).uppercased()
                switch bare {
                case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT": params["ENCODING", default: []].append(bare)
                default: params["TYPE", default: []].append(bare)
                }
            }
        }
        let encoding = params["ENCODING"]?.first?.uppercased()
        var notice: String? = nil
        if encoding == "QUOTED-PRINTABLE" {
            let decoded = decodeQuotedPrintable(value, charset: params["CHARSET"]?.first)
            value = decoded.text
            notice = decoded.notice
        }
        var property = VCardProperty(group: group, name: name, parameters: params, rawValue: value, line: line)
        property.notice = notice
        return property
    }

    /// Decodes quoted-printable in one pass. Without a CHARSET the bytes are read as UTF-8 when they are UTF-8,
    /// else as Windows-1252 (what phones of the vCard 2.1 days wrote), and the preview says so; bytes that are not
    /// valid in the charset a card names are never turned silently into U+FFFD.
    static func decodeQuotedPrintable(_ s: String, charset: String?) -> (text: String, notice: String?) {
        let bytes = quotedPrintableBytes(s)
        let data = Data(bytes)
        switch charset?.uppercased() {
        case "ISO-8859-1", "LATIN1", "ISO8859-1": return (String(data: data, encoding: .isoLatin1) ?? "", nil)
        case "WINDOWS-1252", "CP1252": return (String(data: data, encoding: .windowsCP1252) ?? "", nil)
        case nil:
            if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
            return (
                String(data: data, encoding: .windowsCP1252) ?? "",
                "read as Windows-1252: the card gives no CHARSET and the text is not UTF-8"
            )
        default:
            if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
            return (
                String(decoding: bytes, as: UTF8.self),
                "not valid \(charset!) text: characters that could not be read show as \u{FFFD}"
            )
        }
    }

    static func quotedPrintableBytes(_ s: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        bytes.reserveCapacity(u.count)
        while i < u.count {
            if u[i] == 61, i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return bytes
    }

    /// Splits on `separator` where it is not backslash-escaped (nor, optionally, inside double quotes).
    static func splitUnescaped(_ s: String, on separator: Character, respectQuotes: Bool = false) -> [String] {
        var out: [String] = []
        var field = ""
        var escaped = false
        var quoted = false
        for c in s {
            if escaped {
                field.append("\\")
                field.append(c)
                escaped = false
                continue
            }
            if c == "\\" {
                escaped = true
                continue
            }
            if respectQuotes && c == "\"" {
                quoted.toggle()
                field.append(c)
                continue
            }
            if c == separator && !quoted {
                out.append(field)
                field = ""
                continue
            }
            field.append(c)
        }
        if escaped { field.append("\\") }
        out.append(field)
        return out
    }

    /// vCard 2.1: a backslash escapes only a semicolon; any other backslash is text (a Windows path, a note).
    static func unescape21(_ s: String) -> String {
        s.contains("\\;") ? s.replacingOccurrences(of: "\\;", with: ";") : s
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                switch c {
                case "n", "N": out.append("\n")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    // MARK: - Writing

    /// Escapes text for a vCard value (RFC 6350 3.4).
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in TextCleaning.visible(s) {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets without splitting a character (RFC 6350 3.2), CRLF-terminated.
    public static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        var first = true
        for c in line {
            let w = String(c).utf8.count
            if width + w > (first ? 75 : 74) {
                out += "\r\n "
                width = 0
                first = false
            }
            out.append(c)
            width += w
        }
        return out + "\r\n"
    }
}
