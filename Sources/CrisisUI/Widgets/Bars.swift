/// Bars and sparklines drawn with block elements; the number beside them carries the value without colour.
public enum Bars {
    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let spark = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A horizontal bar `width` columns long, filled to `fraction`, with eighth-block precision.
    public static func bar(_ fraction: Double, width: Int) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let f = max(0, min(1, fraction.isFinite ? fraction : 0))
        let eighthsTotal = Int((f * Double(width * 8)).rounded())
        let full = eighthsTotal / 8, part = eighthsTotal % 8
        var filled = String(repeating: "█", count: full)
        if part > 0 { filled += eighths[part] }
        let used = full + (part > 0 ? 1 : 0)
        return (filled, String(repeating: " ", count: max(0, width - used)))
    }

    /// A progress bar with a light track, e.g. "██████░░░░".
    public static func progress(_ fraction: Double, width: Int) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let n = Int((max(0, min(1, fraction.isFinite ? fraction : 0)) * Double(width)).rounded())
        return (String(repeating: "█", count: n), String(repeating: "░", count: width - n))
    }

    /// One glyph per value, scaled between the series' minimum and maximum.
    public static func sparkline(_ values: [Int]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        if hi == lo { return String(repeating: hi == 0 ? "▁" : "▄", count: values.count) }
        // In Double: a difference of two counts never traps, whatever a file held.
        return values.map { spark[max(0, min(7, Int((Double($0) - Double(lo)) / (Double(hi) - Double(lo)) * 7)))] }.joined()
    }
}

/// Large digits for a projector: a 5-line font and a 3-line one for smaller screens.
public enum BigDigits {
    static let tall: [Character: [String]] = [
        "0": ["████", "█  █", "█  █", "█  █", "████"],
        "1": [" ██ ", "  █ ", "  █ ", "  █ ", " ███"],
        "2": ["████", "   █", "████", "█   ", "████"],
        "3": ["████", "   █", " ███", "   █", "████"],
        "4": ["█  █", "█  █", "████", "   █", "   █"],
        "5": ["████", "█   ", "████", "   █", "████"],
        "6": ["████", "█   ", "████", "█  █", "████"],
        "7": ["████", "   █", "  █ ", " █  ", " █  "],
        "8": ["████", "█  █", "████", "█  █", "████"],
        "9": ["████", "█  █", "████", "   █", "████"],
        ",": ["  ", "  ", "  ", "▄ ", "▌ "],
        "—": ["    ", "    ", "████", "    ", "    "],
    ]
    static let short: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▀█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"],
        "3": ["▀▀█", " ▀█", "▀▀▀"], "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"],
        "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"], "8": ["█▀█", "█▀█", "▀▀▀"],
        "9": ["█▀█", "▀▀█", "▀▀▀"], ",": [" ", " ", "▖"], "—": ["   ", "▀▀▀", "   "],
    ]

    /// The lines of `text` (digits, commas, "—") in the chosen font.
    public static func lines(_ text: String, tallFont: Bool) -> [String] {
        let font = tallFont ? tall : short
        let height = tallFont ? 5 : 3
        return (0..<height).map { row in
            text.map { ch in (font[ch] ?? font["—"]!)[row] }.joined(separator: " ")
        }
    }

    public static func width(_ text: String, tallFont: Bool) -> Int {
        TerminalText.width(lines(text, tallFont: tallFont)[0])
    }
}
