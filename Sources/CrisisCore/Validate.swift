import Foundation

/// Field rules shared by the store and by forms, so both refuse the same input with the same words.
public enum Validate {
    public static func countryCode(_ code: String) throws(StoreError) {
        guard code.count == 2, code.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) else {
            throw .invalidCountryCode(code)
        }
    }

    public static func nonEmpty(_ text: String, _ field: String) throws(StoreError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .empty(field: field) }
    }

    public static func timeZone(_ id: String) throws(StoreError) {
        guard TimeZone(identifier: id) != nil else { throw .invalidTimeZone(id) }
    }

    public static func crisis(_ c: Crisis) throws(StoreError) {
        try nonEmpty(c.id, "crisis id")
        try nonEmpty(c.title, "title")
        guard (1...4).contains(c.severity) else { throw .outOfRange(field: "severity", value: c.severity, range: 1...4) }
        guard !c.countries.isEmpty else { throw .empty(field: "countries") }
        for code in c.countries { try countryCode(code) }
        var seen = Set<String>()
        for item in c.checklist {
            guard seen.insert(item.id).inserted else { throw .duplicateId(item.id) }
        }
    }

    public static func contact(_ c: Contact) throws(StoreError) {
        try nonEmpty(c.id, "contact id")
        try nonEmpty(c.name, "name")
        try countryCode(c.country)
        try timeZone(c.timeZone)
        guard (0...999).contains(c.callOrder) else { throw .outOfRange(field: "call-down order", value: c.callOrder, range: 0...999) }
        if !c.email.isEmpty, !c.email.contains("@") { throw .invalid(field: "email", reason: "'\(c.email)' has no @") }
        for phone in c.phones where !Phone.isPlausible(phone) {
            throw .invalid(field: "phone", reason: "'\(phone)' is not a phone number (digits, spaces, + ( ) - . only)")
        }
    }
}

public enum Phone {
    public static func isPlausible(_ text: String) -> Bool {
        let digits = text.filter { $0.isASCII && $0.isNumber }.count
        return digits >= 3 && text.allSatisfy { ($0.isASCII && $0.isNumber) || " +()-.".contains($0) }
    }
}

/// Text from files made plain: control characters and bidi overrides taken out (a joiner, which Bengali needs,
/// stays), tabs made spaces; line breaks kept where a field holds several lines.
public enum TextCleaning {
    public static func plain(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A where keepNewlines, 0x0D where keepNewlines: out.append(s)
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(s)
            }
        }
        return String(out)
    }
}

extension TextCleaning {
    /// Text from data made safe for a file a terminal may show (`cat report.md`), keeping what it says: control
    /// characters become their visible pictures (ESC is ␛), C1 controls and bidi overrides become U+FFFD; line
    /// breaks stay when `keepNewlines`, tabs stay.
    public static func visible(_ text: String, keepNewlines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsCare($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A where keepNewlines, 0x0D where keepNewlines, 0x09: out.append(s)
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + s.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: out.append("\u{FFFD}")
            default: out.append(s)
            }
        }
        return String(out)
    }

    static func needsCare(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
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
