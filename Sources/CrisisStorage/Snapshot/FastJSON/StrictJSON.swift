import CrisisModel
import Foundation

/// RFC 8259 to the letter, for every JSON file the program reads (snapshots, journal lines, exports, pending
/// changes) before anything decodes it: trailing commas, leading zeros, `2.`, unknown escapes, raw control
/// characters in strings, invalid UTF-8, NaN, comments and a byte order mark are refused, and so are two
/// members of one object with the same key (RFC 8259 leaves that open; for a record it is always damage).
/// Foundation's JSONDecoder accepts several of these, so it only ever sees what passed here.
///
/// A refusal names the line and column of the damage.
public enum StrictJSON {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Byte offset of the damage.
        public var offset: Int
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Deeper nesting than any file of ours has; a guard against stack exhaustion by a hostile file.
    public static let maxDepth = 64

    public static func validate(_ data: Data) -> Failure? {
        data.withUnsafeBytes { validate($0) }
    }

    public static func validate(_ raw: UnsafeRawBufferPointer) -> Failure? {
        var v = Validator(raw)
        do throws(Failure) {
            if raw.count >= 3, v.byte(0) == 0xEF, v.byte(1) == 0xBB, v.byte(2) == 0xBF {
                throw v.failure("a byte order mark before the JSON (save the file as UTF-8 without BOM)", at: 0)
            }
            v.skipSpace()
            guard v.pos < v.end else { throw v.failure("no JSON value: the input is empty") }
            try v.value(depth: 0)
            v.skipSpace()
            guard v.pos == v.end else { throw v.failure("unexpected \(v.describe(v.pos)) after the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private struct Validator {
        let base: UnsafePointer<UInt8>?
        let end: Int
        var pos = 0

        init(_ raw: UnsafeRawBufferPointer) {
            base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            end = raw.count
        }

        @inline(__always) func byte(_ i: Int) -> UInt8 { base![i] }

        func failure(_ message: String, at offset: Int? = nil) -> Failure {
            let at = min(offset ?? pos, end)
            var line = 1
            var lineStart = 0
            for i in 0..<at where byte(i) == 0x0A {
                line += 1
                lineStart = i + 1
            }
            // Columns count characters, not bytes: continuation bytes do not start one.
            var column = 1
            for i in lineStart..<at where byte(i) & 0xC0 != 0x80 { column += 1 }
            return Failure(offset: at, line: line, column: column, message: message)
        }

        func describe(_ i: Int) -> String {
            guard i < end else { return "end of input" }
            let b = byte(i)
            if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            return String(format: "byte 0x%02X", b)
        }

        mutating func skipSpace() {
            while pos < end {
                let c = byte(pos)
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                pos += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) {
            guard pos < end else { throw failure("a value is missing at the end of input") }
            switch byte(pos) {
            case 0x7B: try object(depth: depth + 1)
            case 0x5B: try array(depth: depth + 1)
            case 0x22: _ = try string()
            case 0x74: try literal("true")
            case 0x66: try literal("false")
            case 0x6E: try literal("null")
            case 0x2D, 0x30...0x39: try number()
            default: throw failure("a value was expected, not \(describe(pos))")
            }
        }

        mutating func object(depth: Int) throws(Failure) {
            guard depth <= StrictJSON.maxDepth else {
                throw failure("nesting deeper than \(StrictJSON.maxDepth) levels")
            }
            pos += 1
            skipSpace()
            if pos < end, byte(pos) == 0x7D {
                pos += 1
                return
            }
            // Keys compare as their code points, as JSON compares them (Swift's String equality would take a
            // composed and a decomposed "ñ" for the same key).
            var keys = Set<[Unicode.Scalar]>()
            while true {
                skipSpace()
                guard pos < end, byte(pos) == 0x22 else {
                    if pos < end, byte(pos) == 0x7D { throw failure("a comma before '}' (trailing comma)") }
                    throw failure("a key in double quotes was expected, not \(describe(pos))")
                }
                let keyAt = pos
                let key = try string()
                guard keys.insert(Array(key.unicodeScalars)).inserted else {
                    throw failure("the key '\(key)' appears twice in one object", at: keyAt)
                }
                skipSpace()
                guard pos < end, byte(pos) == 0x3A else {
                    throw failure("':' was expected after the key '\(key)', not \(describe(pos))")
                }
                pos += 1
                skipSpace()
                try value(depth: depth)
                skipSpace()
                guard pos < end else { throw failure("the object is not closed: '}' is missing") }
                if byte(pos) == 0x2C {
                    pos += 1
                    continue
                }
                if byte(pos) == 0x7D {
                    pos += 1
                    return
                }
                throw failure("',' or '}' was expected, not \(describe(pos))")
            }
        }

        mutating func array(depth: Int) throws(Failure) {
            guard depth <= StrictJSON.maxDepth else {
                throw failure("nesting deeper than \(StrictJSON.maxDepth) levels")
            }
            pos += 1
            skipSpace()
            if pos < end, byte(pos) == 0x5D {
                pos += 1
                return
            }
            while true {
                skipSpace()
                if pos < end, byte(pos) == 0x5D { throw failure("a comma before ']' (trailing comma)") }
                try value(depth: depth)
                skipSpace()
                guard pos < end else { throw failure("the array is not closed: ']' is missing") }
                if byte(pos) == 0x2C {
                    pos += 1
                    continue
                }
                if byte(pos) == 0x5D {
                    pos += 1
                    return
                }
                throw failure("',' or ']' was expected, not \(describe(pos))")
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let n = word.utf8CodeUnitCount
            guard end - pos >= n, memcmp(base! + pos, word.utf8Start, n) == 0 else {
                throw failure("'\(word)' was expected")
            }
            pos += n
        }

        /// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        mutating func number() throws(Failure) {
            let start = pos
            if byte(pos) == 0x2D { pos += 1 }
            func digits() -> Int {
                let s = pos
                while pos < end, (0x30...0x39).contains(byte(pos)) { pos += 1 }
                return pos - s
            }
            guard pos < end, (0x30...0x39).contains(byte(pos)) else {
                throw failure("a digit was expected in the number", at: pos)
            }
            if byte(pos) == 0x30 {
                pos += 1
                if pos < end, (0x30...0x39).contains(byte(pos)) {
                    throw failure("a number may not start with 0 followed by digits", at: start)
                }
            } else {
                _ = digits()
            }
            if pos < end, byte(pos) == 0x2E {
                pos += 1
                guard digits() > 0 else { throw failure("a digit must follow the decimal point") }
            }
            if pos < end, byte(pos) == 0x65 || byte(pos) == 0x45 {
                pos += 1
                if pos < end, byte(pos) == 0x2B || byte(pos) == 0x2D { pos += 1 }
                guard digits() > 0 else { throw failure("a digit must follow the exponent") }
            }
        }

        /// A string from its opening quote; returns its value (for keys).
        mutating func string() throws(Failure) -> String {
            pos += 1
            var scalars = String.UnicodeScalarView()
            while true {
                guard pos < end else { throw failure("the string is not closed: '\"' is missing") }
                let b = byte(pos)
                if b == 0x22 {
                    pos += 1
                    return String(scalars)
                }
                if b < 0x20 {
                    throw failure(
                        String(format: "a control character (0x%02X) inside a string: write it as an escape", b))
                }
                if b == 0x5C {
                    pos += 1
                    guard pos < end else { throw failure("the string ends inside an escape") }
                    let e = byte(pos)
                    pos += 1
                    switch e {
                    case 0x22: scalars.append("\"")
                    case 0x5C: scalars.append("\\")
                    case 0x2F: scalars.append("/")
                    case 0x62: scalars.append("\u{08}")
                    case 0x66: scalars.append("\u{0C}")
                    case 0x6E: scalars.append("\n")
                    case 0x72: scalars.append("\r")
                    case 0x74: scalars.append("\t")
                    case 0x75:
                        let at = pos - 2
                        var v = try hex4()
                        if (0xD800...0xDBFF).contains(v) {
                            guard end - pos >= 6, byte(pos) == 0x5C, byte(pos + 1) == 0x75 else {
                                throw failure(
                                    "a lone surrogate escape (\\u of a high half without its low half)", at: at)
                            }
                            pos += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else {
                                throw failure("a surrogate escape pair that does not match", at: at)
                            }
                            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(v) {
                            throw failure("a lone surrogate escape (\\u of a low half)", at: at)
                        }
                        scalars.append(Unicode.Scalar(v)!)
                    default:
                        throw failure("'\\\(Character(Unicode.Scalar(e)))' is not a JSON escape", at: pos - 2)
                    }
                    continue
                }
                if b < 0x80 {
                    scalars.append(Unicode.Scalar(b))
                    pos += 1
                    continue
                }
                scalars.append(try utf8Scalar())
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard end - pos >= 4 else { throw failure("\\u must be followed by four hex digits") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = byte(pos)
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw failure("\\u must be followed by four hex digits, not \(describe(pos))")
                }
                v = v << 4 | d
                pos += 1
            }
            return v
        }

        /// One UTF-8 encoded scalar: the shortest form, no surrogates, at most U+10FFFF.
        mutating func utf8Scalar() throws(Failure) -> Unicode.Scalar {
            let start = pos
            let b0 = byte(pos)
            let count: Int
            let minimum: UInt32
            var v: UInt32
            switch b0 {
            case 0xC2...0xDF:
                count = 2
                minimum = 0x80
                v = UInt32(b0 & 0x1F)
            case 0xE0...0xEF:
                count = 3
                minimum = 0x800
                v = UInt32(b0 & 0x0F)
            case 0xF0...0xF4:
                count = 4
                minimum = 0x10000
                v = UInt32(b0 & 0x07)
            default: throw failure(String(format: "invalid UTF-8 (byte 0x%02X)", b0))
            }
            guard end - pos >= count else { throw failure("invalid UTF-8 (a character cut short)") }
            for i in 1..<count {
                let b = byte(pos + i)
                guard b & 0xC0 == 0x80 else {
                    throw failure(String(format: "invalid UTF-8 (byte 0x%02X)", b), at: pos + i)
                }
                v = v << 6 | UInt32(b & 0x3F)
            }
            guard v >= minimum, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v), let s = Unicode.Scalar(v) else {
                throw failure("invalid UTF-8 (an overlong form, a surrogate or a code point past U+10FFFF)", at: start)
            }
            pos += count
            return s
        }
    }
}
