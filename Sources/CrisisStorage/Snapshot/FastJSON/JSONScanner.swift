import CrisisModel
import Foundation

/// A strict pull reader over JSON bytes for the snapshot's known shape, written because Foundation's
/// JSONDecoder (a value tree, then Codable boxes) takes three times as long as Python to load a large
/// snapshot and holds several times its size in memory.
///
/// It reads a subset of what JSONDecoder accepts. Anything outside it (escaped keys, duplicate keys, numbers
/// with fractions, deep nesting, a value of the wrong type) throws `Unsupported`, and the caller hands the
/// same bytes to JSONDecoder, whose answer (a value, or an error naming the line) stands. So this reader only
/// has to be right when it succeeds, and the fuzz tests check exactly that against JSONDecoder.
struct JSONScanner {
    struct Unsupported: Error {}

    /// An object key as it appears in the bytes (never unescaped: a key with an escape is unsupported).
    struct Key {
        let start: UnsafePointer<UInt8>
        let count: Int

        @inline(__always)
        func `is`(_ name: StaticString) -> Bool {
            name.utf8CodeUnitCount == count && memcmp(start, name.utf8Start, count) == 0
        }

        var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var pos = 0
    private var depth = 0
    static let maxDepth = 64
    /// Told, every few megabytes, the offset below which the input will not be read again.
    private let passed: ((Int) -> Void)?
    private var reportedPassed = 0
    private static let passedStep = 4 << 20

    init(_ bytes: UnsafeRawBufferPointer, passed: ((Int) -> Void)? = nil) {
        base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        end = bytes.count
        self.passed = passed
    }

    // MARK: - Structure

    @inline(__always)
    private mutating func skipSpace() {
        while pos < end {
            let c = base[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws(Unsupported) {
        skipSpace()
        guard pos < end, base[pos] == byte else { throw Unsupported() }
        pos += 1
    }

    @inline(__always)
    private mutating func peek() -> UInt8? {
        skipSpace()
        return pos < end ? base[pos] : nil
    }

    /// The end of the input: only white space may follow the top-level value.
    func atEnd() -> Bool {
        var p = pos
        while p < end {
            let c = base[p]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return false }
            p += 1
        }
        return true
    }

    mutating func beginObject() throws(Unsupported) {
        try expect(0x7B)
        depth += 1
        guard depth <= Self.maxDepth else { throw Unsupported() }
        if !skippedKeys.isEmpty { skippedKeys[depth] = nil }
    }

    /// Keys of unknown members skipped so far, per open object (by depth): a key given twice is damage even
    /// where the reader does not look (known keys are checked by the readers themselves).
    private var skippedKeys: [Int: Set<[UInt8]>] = [:]

    /// Skips the value of a member whose key the reader does not know, refusing a key given twice.
    mutating func skipUnknown(_ key: Key) throws(Unsupported) {
        guard
            skippedKeys[depth, default: []].insert(Array(UnsafeBufferPointer(start: key.start, count: key.count)))
                .inserted
        else { throw Unsupported() }
        try skipValue()
    }

    /// The next key of the object being read, or nil at its closing brace. `first` starts true.
    mutating func nextKey(_ first: inout Bool) throws(Unsupported) -> Key? {
        guard let c = peek() else { throw Unsupported() }
        if c == 0x7D {
            pos += 1
            depth -= 1
            return nil
        }
        if first { first = false } else { try expect(0x2C) }
        try expect(0x22)
        let scan = try scanString()
        guard !scan.escaped else { throw Unsupported() }
        let key = Key(start: base + scan.start, count: pos - scan.start)
        if !scan.ascii,
            String(validating: UnsafeBufferPointer(start: key.start, count: key.count), as: UTF8.self) == nil
        {
            throw Unsupported()
        }
        pos += 1
        try expect(0x3A)
        return key
    }

    mutating func beginArray() throws(Unsupported) {
        try expect(0x5B)
        depth += 1
        guard depth <= Self.maxDepth else { throw Unsupported() }
    }

    /// True while the array being read has another element. `first` starts true.
    mutating func nextElement(_ first: inout Bool) throws(Unsupported) -> Bool {
        // Between elements nothing before `pos` is looked at again (a string's escapes are re-read from its
        // start, which lies ahead).
        if let passed, pos - reportedPassed > Self.passedStep {
            passed(pos)
            reportedPassed = pos
        }
        guard let c = peek() else { throw Unsupported() }
        if c == 0x5D {
            pos += 1
            depth -= 1
            return false
        }
        if first { first = false } else { try expect(0x2C) }
        return true
    }

    /// Consumes `null` if it comes next.
    mutating func takeNull() throws(Unsupported) -> Bool {
        guard peek() == 0x6E else { return false }
        guard end - pos >= 4, base[pos + 1] == 0x75, base[pos + 2] == 0x6C, base[pos + 3] == 0x6C else {
            throw Unsupported()
        }
        pos += 4
        return true
    }

    // MARK: - Values

    /// Calls `body` with the raw bytes of a string value; the fast path for ASCII without escapes.
    /// Strings with escapes or non-ASCII bytes are decoded and validated, then passed as their UTF-8.
    mutating func withStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws(Unsupported) -> T) throws(Unsupported)
        -> T
    {
        try expect(0x22)
        let scan = try scanString()
        if scan.escaped {
            try decodeEscaped(from: scan.start)
            return try scratch.withUnsafeBufferPointer { bytes throws(Unsupported) in try body(bytes) }
        }
        let bytes = UnsafeBufferPointer(start: base + scan.start, count: pos - scan.start)
        pos += 1
        if !scan.ascii, String(validating: bytes, as: UTF8.self) == nil { throw Unsupported() }
        return try body(bytes)
    }

    /// Scans a string from after its opening quote to its closing quote (left at `pos`) or its first
    /// backslash. Control bytes and the end of input are unsupported.
    @inline(__always)
    private mutating func scanString() throws(Unsupported) -> (start: Int, ascii: Bool, escaped: Bool) {
        let start = pos
        var ascii = true
        // Eight bytes at a time while none of them is a quote, a backslash, a control byte or non-ASCII: the
        // texts of a large store are most of its bytes. Any such byte leaves the rest to the loop below.
        while pos + 8 <= end {
            let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
            if Self.plain(w) { pos += 8 } else { break }
        }
        while pos < end {
            let b = base[pos]
            if b == 0x22 { return (start, ascii, false) }
            if b == 0x5C { return (start, ascii, true) }
            guard b >= 0x20 else { throw Unsupported() }
            if b >= 0x80 { ascii = false }
            pos += 1
        }
        throw Unsupported()
    }

    /// True when no byte of `w` is `"`, `\\`, below 0x20 or above 0x7F (the zero-byte and less-than tests of
    /// "Bit Twiddling Hacks", exact as yes-or-no answers).
    @inline(__always)
    static func plain(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let special = hasZero(w ^ (ones &* 0x22)) | hasZero(w ^ (ones &* 0x5C)) | ((w &- ones &* 0x20) & ~w & high)
        return special | (w & high) == 0
    }

    mutating func string() throws(Unsupported) -> String {
        try withStringBytes { bytes throws(Unsupported) in String(decoding: bytes, as: UTF8.self) }
    }

    mutating func optionalString() throws(Unsupported) -> String? {
        try takeNull() ? nil : string()
    }

    mutating func stringArray() throws(Unsupported) -> [String] {
        var out: [String] = []
        var first = true
        try beginArray()
        while try nextElement(&first) { out.append(try string()) }
        return out
    }

    mutating func date() throws(Unsupported) -> Date {
        try withStringBytes { bytes throws(Unsupported) in
            guard let d = Timestamp.parse(utf8: bytes) else { throw Unsupported() }
            return d
        }
    }

    mutating func optionalDate() throws(Unsupported) -> Date? {
        try takeNull() ? nil : date()
    }

    mutating func enumValue<E: RawRepresentable>(_ type: E.Type) throws(Unsupported) -> E where E.RawValue == String {
        guard let v = E(rawValue: try string()) else { throw Unsupported() }
        return v
    }

    /// An integer written plainly: no fraction, no exponent, no leading zeros, within Int's range.
    mutating func int() throws(Unsupported) -> Int {
        skipSpace()
        var negative = false
        if pos < end, base[pos] == 0x2D {
            negative = true
            pos += 1
        }
        let start = pos
        var value = 0
        while pos < end {
            let c = base[pos]
            guard c >= 0x30, c <= 0x39 else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
            guard !o1, !o2 else { throw Unsupported() }
            value = a
            pos += 1
        }
        let digits = pos - start
        guard digits > 0, !(digits > 1 && base[start] == 0x30) else { throw Unsupported() }
        if pos < end, base[pos] == 0x2E || base[pos] == 0x65 || base[pos] == 0x45 { throw Unsupported() }
        return negative ? -value : value
    }

    mutating func optionalInt() throws(Unsupported) -> Int? {
        try takeNull() ? nil : int()
    }

    /// The bytes of the next value, skipped over, for a part of the file read with JSONDecoder.
    mutating func rawValue() throws(Unsupported) -> Data {
        skipSpace()
        let start = pos
        try skipValue()
        return Data(bytes: base + start, count: pos - start)
    }

    /// Skips a value of a key this reader does not know (Codable ignores unknown keys too).
    mutating func skipValue() throws(Unsupported) {
        guard let c = peek() else { throw Unsupported() }
        switch c {
        case 0x22: _ = try withStringBytes { _ throws(Unsupported) in 0 }
        case 0x7B:
            try beginObject()
            var first = true
            while let k = try nextKey(&first) { try skipUnknown(k) }
        case 0x5B:
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: _ = try takeNull()
        default: _ = try int()
        }
    }

    private mutating func literal(_ word: StaticString) throws(Unsupported) {
        let n = word.utf8CodeUnitCount
        guard end - pos >= n, memcmp(base + pos, word.utf8Start, n) == 0 else { throw Unsupported() }
        pos += n
    }

    // MARK: - Escapes

    private var scratch: [UInt8] = []

    /// Decodes a string holding escapes into `scratch`, starting after its opening quote; leaves `pos` after
    /// the closing one.
    private mutating func decodeEscaped(from start: Int) throws(Unsupported) {
        scratch.removeAll(keepingCapacity: true)
        pos = start
        while true {
            guard pos < end else { throw Unsupported() }
            let b = base[pos]
            pos += 1
            if b == 0x22 { break }
            guard b >= 0x20 else { throw Unsupported() }
            guard b == 0x5C else {
                scratch.append(b)
                continue
            }
            guard pos < end else { throw Unsupported() }
            let e = base[pos]
            pos += 1
            switch e {
            case 0x22, 0x5C, 0x2F: scratch.append(e)
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one; a lone half is left to JSONDecoder.
                    guard end - pos >= 6, base[pos] == 0x5C, base[pos + 1] == 0x75 else { throw Unsupported() }
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Unsupported() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw Unsupported()
                }
                guard let u = Unicode.Scalar(scalar) else { throw Unsupported() }
                scratch.append(contentsOf: UTF8.encode(u)!)
            default: throw Unsupported()
            }
        }
        guard String(validating: scratch, as: UTF8.self) != nil else { throw Unsupported() }
    }

    private mutating func hex4() throws(Unsupported) -> UInt32 {
        guard end - pos >= 4 else { throw Unsupported() }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw Unsupported()
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }
}
