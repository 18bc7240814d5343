/// One terminal column unit: a spacing character with the zero-width marks that ride on it.
public struct TextCell: Equatable, Sendable {
    public var text: String
    public var width: Int
}

/// Display width and sanitising of text from data, so nothing from a record can steer the terminal
/// and columns line up for Bengali, Arabic and CJK alike.
public enum TerminalText {
    /// A flood of combining marks collapses to this many per character.
    static let maxMarks = 4
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"

    /// Columns a code point advances the cursor by, as glibc's wcwidth says; -1 for non-printables.
    public static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return -1 }
        if v < 0x300 { return v == 0xAD ? 1 : 1 }
        if contains(WidthTable.zero, v) { return 0 }
        if contains(WidthTable.wide, v) { return 2 }
        if contains(WidthTable.nonPrintable, v) { return -1 }
        return 1
    }

    /// What a scalar from data becomes on screen: controls turn into visible pictures, bidi overrides
    /// and other non-printables into U+FFFD, tabs and newlines into spaces.
    public static func sanitize(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        switch v {
        case 0x09, 0x0A, 0x0D: return " "
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + v)!
        case 0x7F: return "\u{2421}"
        case 0x80..<0xA0: return placeholder
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return placeholder
        default: return width(scalar) < 0 ? placeholder : scalar
        }
    }

    /// Text from data made safe to print on a terminal line by line (command output): every scalar as `sanitize`
    /// makes it, except that line breaks stay when `keepNewlines` (a report printed whole).
    public static func printable(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if keepNewlines && s == "\n" {
                out.append(s)
                continue
            }
            out.append(sanitize(s))
        }
        return String(out)
    }

    /// Splits text into column cells after sanitising.
    public static func cells(_ text: String) -> [TextCell] {
        var out: [TextCell] = []
        out.reserveCapacity(text.utf8.count)
        var marks = 0
        for raw in drawable(text) {
            let s = sanitize(raw)
            let w = width(s)
            if w == 0 {
                guard !out.isEmpty, marks < maxMarks else { continue }
                out[out.count - 1].text.unicodeScalars.append(s)
                marks += 1
            } else {
                out.append(TextCell(text: String(Character(s)), width: w))
                marks = 0
            }
        }
        return out
    }

    /// Display width of text as it will be drawn.
    public static func width(_ text: String) -> Int {
        var total = 0
        for raw in drawable(text) { total += max(0, width(sanitize(raw))) }
        return total
    }

    /// The scalars as they are drawn. Emoji joined into one picture (👨‍👩‍👧 by zero-width joiners, a skin tone, a
    /// variation selector) are drawn one by one: a terminal shows a joined cluster as one 2-column glyph while
    /// ncurses advances by each code point's width, and the columns after it would drift. Apart, every emoji is
    /// 2 columns to both. A joiner between letters (Bengali needs it) stays.
    static func drawable(_ text: String) -> String.UnicodeScalarView {
        let scalars = text.unicodeScalars
        // By value, not by property lookup: this runs on every piece of text drawn.
        guard scalars.contains(where: { joinsPictures($0) }) else { return scalars }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        var it = scalars.makeIterator()
        var next = it.next()
        while let s = next {
            next = it.next()
            let afterPicture = previous.map(isPicture) ?? false
            if s.value == 0xFE0F || ((0x1F3FB...0x1F3FF).contains(s.value) && afterPicture) { continue }
            if s.value == 0x200D, afterPicture, let n = next, isPicture(n) { continue }
            out.append(s)
            previous = s
        }
        return out
    }

    /// A joiner, the emoji variation selector or a skin tone: what can join pictures into one.
    @inline(__always) private static func joinsPictures(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v == 0x200D || v == 0xFE0F || (v >= 0x1F3FB && v <= 0x1F3FF)
    }

    /// An emoji picture (not a digit or # that can start a keycap).
    private static func isPicture(_ s: Unicode.Scalar) -> Bool {
        s.properties.isEmojiPresentation || (s.properties.isEmoji && s.value >= 0x2000)
    }

    /// Text cut to at most `columns` wide, with "…" when it was cut.
    public static func clip(_ text: String, to columns: Int, ellipsis: Bool = true) -> String {
        guard columns > 0 else { return "" }
        if width(text) <= columns { return cells(text).map(\.text).joined() }
        var out = ""
        var used = 0
        let limit = ellipsis ? columns - 1 : columns
        for cell in cells(text) {
            if used + cell.width > limit { break }
            out += cell.text
            used += cell.width
        }
        return ellipsis ? out + "…" : out
    }

    /// Text padded with spaces (or cut) to exactly `columns`; right-aligned when asked.
    public static func fit(_ text: String, _ columns: Int, right: Bool = false) -> String {
        let clipped = clip(text, to: columns)
        let pad = String(repeating: " ", count: max(0, columns - width(clipped)))
        return right ? pad + clipped : clipped + pad
    }

    private static func contains(_ table: [(UInt32, UInt32)], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < table[mid].0 { hi = mid - 1 } else if v > table[mid].1 { lo = mid + 1 } else { return true }
        }
        return false
    }
}
