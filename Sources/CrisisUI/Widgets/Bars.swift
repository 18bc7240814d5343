/// Bars and sparklines drawn with block elements; the number beside them carries the value without colour.
public enum Bars {
    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let spark = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A horizontal bar `width` columns long, filled to `fraction`, with eighth-block precision.
    public static func bar(_ fraction: Double, width: Int) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let f = max(0, min(1, fraction.isFinite ? fraction : 0))
        let eighthsTotal = Int((f * Double(width * 8)).rounded())
        let full = eighthsTotal / 8
        let part = eighthsTotal % 8
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

    /// A sparkline `width` cells wide: each value spread over the same number of cells.
    public static func sparkline(_ values: [Int], width: Int) -> String {
        guard !values.isEmpty else { return "" }
        let each = max(1, width / values.count)
        return sparkline(values).map { String(repeating: String($0), count: each) }.joined()
    }

    /// One glyph per value, scaled between the series' minimum and maximum.
    public static func sparkline(_ values: [Int]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        if hi == lo { return String(repeating: hi == 0 ? "▁" : "▄", count: values.count) }
        // In Double: a difference of two counts never traps, whatever a file held.
        return values.map { spark[max(0, min(7, Int((Double($0) - Double(lo)) / (Double(hi) - Double(lo)) * 7)))] }
            .joined()
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
        // A stroke with its tail to the lower left: a comma from across the room, not an "i" (a dot over a stem).
        ",": ["  ", "  ", "  ", " █", "▄▀"],
        "—": ["    ", "    ", "████", "    ", "    "],
    ]
    static let short: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▀█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"],
        "3": ["▀▀█", " ▀█", "▀▀▀"], "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"],
        "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"], "8": ["█▀█", "█▀█", "▀▀▀"],
        "9": ["█▀█", "▀▀█", "▀▀▀"], ",": [" ", " ", "▖"], "—": ["   ", "▀▀▀", "   "],
    ]

    /// The lines of `text` (digits, commas, "—") in the chosen font, each cell repeated `scale` times across and
    /// each row `scale` times down (a wall screen wants figures readable from the back of the room).
    public static func lines(_ text: String, tallFont: Bool, scale: Int = 1) -> [String] {
        let font = tallFont ? tall : short
        let height = tallFont ? 5 : 3
        let s = max(1, scale)
        let rows = (0..<height).map { row in
            text.map { ch in (font[ch] ?? font["—"]!)[row] }.joined(separator: " ")
        }
        guard s > 1 else { return rows }
        return rows.flatMap { row in
            Array(repeating: row.map { String(repeating: String($0), count: s) }.joined(), count: s)
        }
    }

    public static func width(_ text: String, tallFont: Bool, scale: Int = 1) -> Int {
        TerminalText.width(lines(text, tallFont: tallFont, scale: scale)[0])
    }

    public static func height(tallFont: Bool, scale: Int = 1) -> Int { (tallFont ? 5 : 3) * max(1, scale) }
}
