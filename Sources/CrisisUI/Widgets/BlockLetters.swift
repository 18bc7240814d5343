/// Letters for a wall read from the back of the room: a 3x5 pixel font drawn with half blocks, three terminal
/// rows tall (about 48 px on a 1080p screen at 240x67, against 16 for one cell). Latin capitals, digits and
/// a few signs only; a name in another script stays text (`canDraw` says which).
public enum BlockLetters {
    /// Each glyph's five rows of three pixels, top first (bit 2 the left pixel).
    static let font: [Character: [UInt8]] = [
        "A": [2, 5, 7, 5, 5], "B": [6, 5, 6, 5, 6], "C": [3, 4, 4, 4, 3], "D": [6, 5, 5, 5, 6],
        "E": [7, 4, 6, 4, 7], "F": [7, 4, 6, 4, 4], "G": [3, 4, 5, 5, 3], "H": [5, 5, 7, 5, 5],
        "I": [7, 2, 2, 2, 7], "J": [1, 1, 1, 5, 2], "K": [5, 5, 6, 5, 5], "L": [4, 4, 4, 4, 7],
        "M": [5, 7, 7, 5, 5], "N": [6, 5, 5, 5, 5], "O": [2, 5, 5, 5, 2], "P": [6, 5, 6, 4, 4],
        "Q": [2, 5, 5, 7, 3], "R": [6, 5, 6, 5, 5], "S": [3, 4, 2, 1, 6], "T": [7, 2, 2, 2, 2],
        "U": [5, 5, 5, 5, 7], "V": [5, 5, 5, 5, 2], "W": [5, 5, 7, 7, 5], "X": [5, 5, 2, 5, 5],
        "Y": [5, 5, 2, 2, 2], "Z": [7, 1, 2, 4, 7],
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [6, 1, 2, 4, 7], "3": [6, 1, 2, 1, 6],
        "4": [5, 5, 7, 1, 1], "5": [7, 4, 6, 1, 6], "6": [3, 4, 7, 5, 7], "7": [7, 1, 2, 4, 4],
        "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 6],
        " ": [0, 0, 0, 0, 0], "-": [0, 0, 7, 0, 0], ".": [0, 0, 0, 0, 2], ",": [0, 0, 0, 2, 4],
        "/": [1, 1, 2, 4, 4], "&": [2, 5, 2, 5, 3], "(": [2, 4, 4, 4, 2], ")": [2, 1, 1, 1, 2],
        "'": [2, 2, 0, 0, 0], ":": [0, 2, 0, 2, 0],
    ]

    /// Rows of terminal cells the letters take.
    public static let height = 3

    /// Whether every character of `text` has a glyph (letters of any case).
    public static func canDraw(_ text: String) -> Bool {
        !text.isEmpty && text.uppercased().allSatisfy { font[$0] != nil }
    }

    /// Columns `text` takes: three a letter and one between letters.
    public static func width(_ text: String) -> Int { max(0, text.uppercased().count * 4 - 1) }

    /// The three rows of `text` in capitals; pixel rows are paired into each cell's upper and lower half.
    public static func lines(_ text: String) -> [String] {
        let glyphs = text.uppercased().map { font[$0] ?? font[" "]! }
        return (0..<height).map { row in
            glyphs.map { g in
                let top = g[row * 2]
                let bottom = row * 2 + 1 < 5 ? g[row * 2 + 1] : 0
                return String(
                    (0..<3).map { col -> Character in
                        let bit = UInt8(4 >> col)
                        switch (top & bit != 0, bottom & bit != 0) {
                        case (true, true): return "█"
                        case (true, false): return "▀"
                        case (false, true): return "▄"
                        case (false, false): return " "
                        }
                    })
            }.joined(separator: " ")
        }
    }
}
