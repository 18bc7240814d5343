import Foundation

/// A colour as a theme names it; brought down to what the terminal can show by `ColorDepth`.
public enum ThemeColor: Equatable, Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0-7 normal, 8-15 bright).
    case ansi(Int)
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)
    /// A colour with hand-picked stand-ins for terminals with fewer colours.
    indirect case fallback(ThemeColor, c256: Int?, c16: Int?, c8: Int?)
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
    public init(
        fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault, attrs: Attributes = [],
        mono: Attributes = []
    ) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
        self.mono = mono
    }
}

public enum ColorDepth: Int, Comparable, Sendable, CaseIterable {
    case none = 0
    case eight = 8
    case sixteen = 16
    case indexed256 = 256
    case truecolor = 16_777_216
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
}

/// Role to style. Every role has a style (a missing one falls back to `normal`).
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: RoleStyle]
    public var description: String
    /// The terminal colours this theme expects behind "default" (for contrast checks and previews).
    public var assumedForeground: ThemeColor
    public var assumedBackground: ThemeColor

    /// Paints the colours it assumes wherever a role says "default", so it reads the same on a dark terminal and
    /// on a light one; off for a theme made to take the terminal's own colours (mono).
    public var paints: Bool

    public init(
        name: String, styles: [Role: RoleStyle], description: String = "",
        assumedForeground: ThemeColor = .rgb(208, 208, 208), assumedBackground: ThemeColor = .rgb(28, 28, 28),
        paints: Bool = true
    ) {
        self.name = name
        self.styles = styles
        self.description = description
        self.assumedForeground = assumedForeground
        self.assumedBackground = assumedBackground
        self.paints = paints
    }

    /// A role as drawn on a colour terminal: "default" replaced by the theme's own colours when it paints them.
    public func screenStyle(_ role: Role) -> RoleStyle {
        var s = style(role)
        guard paints else { return s }
        if s.fg == .terminalDefault { s.fg = assumedForeground }
        if s.bg == .terminalDefault { s.bg = assumedBackground }
        return s
    }

    /// The foreground and background of a role as RGB, with "default" replaced by what the theme assumes.
    public func rgb(_ role: Role) -> (fg: (UInt8, UInt8, UInt8), bg: (UInt8, UInt8, UInt8)) {
        let s = style(role)
        var fg = s.fg.rgbValue ?? assumedForeground.rgbValue ?? (208, 208, 208)
        var bg = s.bg.rgbValue ?? assumedBackground.rgbValue ?? (28, 28, 28)
        if s.attrs.contains(.reverse) { swap(&fg, &bg) }
        return (fg, bg)
    }

    /// WCAG 2 contrast ratio of a role's text against its background (1 to 21).
    public func contrast(_ role: Role) -> Double {
        let (fg, bg) = rgb(role)
        func luminance(_ c: (UInt8, UInt8, UInt8)) -> Double {
            func channel(_ v: UInt8) -> Double {
                let s = Double(v) / 255
                return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
        }
        let a = luminance(fg)
        let b = luminance(bg)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    public func style(_ role: Role) -> RoleStyle { styles[role] ?? styles[.normal] ?? RoleStyle() }
}

extension ThemeColor {
    static let basic: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205),
        (229, 229, 229),
        (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219),
        (255, 255, 255),
    ]

    /// RGB value of a colour (for contrast checks and downsampling); nil for the terminal default.
    public var rgbValue: (UInt8, UInt8, UInt8)? {
        switch self {
        case .terminalDefault: return nil
        case .fallback(let base, _, _, _): return base.rgbValue
        case .rgb(let r, let g, let b): return (r, g, b)
        case .ansi(let n): return Self.basic[max(0, min(15, n))]
        case .indexed(let n):
            if n < 16 { return Self.basic[max(0, n)] }
            if n < 232 {
                let i = n - 16
                let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
                return (steps[i / 36], steps[(i / 6) % 6], steps[i % 6])
            }
            let v = UInt8(8 + (min(n, 255) - 232) * 10)
            return (v, v, v)
        }
    }

    /// The curses colour number at a depth: -1 is the terminal default.
    public func number(at depth: ColorDepth) -> Int {
        if case .fallback(let base, let c256, let c16, let c8) = self {
            switch depth {
            case .none: return -1
            case .eight: if let c8 { return c8 }
            case .sixteen: if let c16 { return c16 }
            case .indexed256, .truecolor: if let c256 { return c256 }
            }
            return base.number(at: depth)
        }
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
        return distance(ThemeColor.indexed(ci).rgbValue!, (r, g, b))
            <= distance(ThemeColor.indexed(gi).rgbValue!, (r, g, b)) ? ci : gi
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        (0..<count).min { distance(basic[$0], (r, g, b)) < distance(basic[$1], (r, g, b)) }!
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0)
        let dg = Int(a.1) - Int(b.1)
        let db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
