/// A colour as a theme names it; brought down to what the terminal can show by `ColorDepth`.
public enum ThemeColor: Equatable, Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0-7 normal, 8-15 bright).
    case ansi(Int)
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)
}

public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let underline = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let dim = Attributes(rawValue: 8)
    public static let italic = Attributes(rawValue: 16)
}

public struct RoleStyle: Equatable, Sendable {
    public var fg: ThemeColor
    public var bg: ThemeColor
    public var attrs: Attributes
    /// Attributes used instead when there is no colour, so no state is told by colour alone.
    public var mono: Attributes
    public init(fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault, attrs: Attributes = [], mono: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attrs = attrs; self.mono = mono
    }
}

public enum ColorDepth: Int, Comparable, Sendable, CaseIterable {
    case none = 0, eight = 8, sixteen = 16, indexed256 = 256, truecolor = 16_777_216
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
}

/// Role to style. Every role has a style (a missing one falls back to `normal`).
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: RoleStyle]

    public init(name: String, styles: [Role: RoleStyle]) { self.name = name; self.styles = styles }

    public func style(_ role: Role) -> RoleStyle { styles[role] ?? styles[.normal] ?? RoleStyle() }
}

extension ThemeColor {
    static let basic: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
        (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
    ]

    /// RGB value of a colour (for contrast checks and downsampling); nil for the terminal default.
    public var rgbValue: (UInt8, UInt8, UInt8)? {
        switch self {
        case .terminalDefault: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .ansi(let n): return Self.basic[max(0, min(15, n))]
        case .indexed(let n):
            if n < 16 { return Self.basic[max(0, n)] }
            if n < 232 {
                let i = n - 16, steps: [UInt8] = [0, 95, 135, 175, 215, 255]
                return (steps[i / 36], steps[(i / 6) % 6], steps[i % 6])
            }
            let v = UInt8(8 + (min(n, 255) - 232) * 10)
            return (v, v, v)
        }
    }

    /// The curses colour number at a depth: -1 is the terminal default.
    public func number(at depth: ColorDepth) -> Int {
        guard depth != .none, let (r, g, b) = rgbValue else { return -1 }
        switch self {
        case .ansi(let n) where n < depth.rawValue: return n
        case .indexed(let n) where n < depth.rawValue && depth >= .indexed256: return n
        default: break
        }
        if depth >= .indexed256 { return Self.nearest256(r, g, b) }
        return Self.nearestBasic(r, g, b, count: depth == .sixteen ? 16 : 8)
    }

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func cube(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let ci = 16 + 36 * cube(r) + 6 * cube(g) + cube(b)
        let grey = (Int(r) + Int(g) + Int(b)) / 3
        let gi = grey > 238 ? 255 : grey < 8 ? 232 : 232 + (grey - 8) / 10
        return distance(ThemeColor.indexed(ci).rgbValue!, (r, g, b)) <= distance(ThemeColor.indexed(gi).rgbValue!, (r, g, b)) ? ci : gi
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        (0..<count).min { distance(basic[$0], (r, g, b)) < distance(basic[$1], (r, g, b)) }!
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
