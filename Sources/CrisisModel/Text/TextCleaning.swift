import Foundation

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

    /// Runs of spaces made one, ends trimmed; by scalars (splitting by Character costs grapheme breaking).
    public static func collapse(_ text: String) -> String {
        let u = text.utf8
        var previousSpace = true
        var plain = true
        for b in u {
            if b == 0x20 && previousSpace || b == 0xC2 {
                plain = false
                break
            }
            previousSpace = b == 0x20
        }
        if plain && !previousSpace { return text }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            if s == " " || s == "\u{A0}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
        }
        return String(out)
    }

    /// Text from a feed or another program on one line: no control or bidi character, runs of spaces one.
    public static func oneLine(_ text: String) -> String { collapse(plain(text)) }
}
