import CrisisModel
import Foundation

/// Writes JSON byte for byte as `JSONCoding.encoder(pretty: true)` does (two-space indent, `"key" : value`,
/// keys in order, slashes unescaped), without Codable's boxes: the large store's snapshot is saved in a
/// tenth of the time. Callers give the keys of each object in sorted order; a test holds the output equal to
/// JSONEncoder's. `compact` leaves the layout out (a database row: a third smaller to send and to read).
struct JSONPrettyWriter {
    private(set) var bytes: [UInt8] = []
    private var level = 0
    /// Whether the innermost open object or array has a member yet.
    private var hasMember: [Bool] = []
    /// Where full chunks go when writing to a file, so a large snapshot is never whole in memory.
    private let sink: (([UInt8]) -> Void)?
    private let chunk: Int
    let compact: Bool

    /// Collects everything in `bytes`.
    init(capacity: Int = 0, compact: Bool = false) {
        self.compact = compact
        sink = nil
        chunk = .max
        bytes.reserveCapacity(capacity)
    }

    /// Hands the output to `sink` in pieces of about `chunk` bytes; call `finish()` for the rest.
    init(chunk: Int, sink: @escaping ([UInt8]) -> Void) {
        self.sink = sink
        self.chunk = chunk
        compact = false
        bytes.reserveCapacity(chunk + 64 * 1024)
    }

    mutating func finish() {
        if let sink, !bytes.isEmpty { sink(bytes) }
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: Structure

    mutating func beginObject() {
        bytes.append(0x7B)
        open()
    }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() {
        bytes.append(0x5B)
        open()
    }
    mutating func endArray() { close(0x5D) }

    private mutating func open() {
        level += 1
        hasMember.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let had = hasMember.removeLast()
        level -= 1
        if compact { return bytes.append(bracket) }
        // JSONEncoder writes an empty container with a blank line inside.
        bytes.append(0x0A)
        if !had { bytes.append(0x0A) }
        indent()
        bytes.append(bracket)
    }

    private mutating func indent() {
        for _ in 0..<(level * 2) { bytes.append(0x20) }
    }

    private mutating func member() {
        if bytes.count >= chunk, let sink {
            sink(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        if hasMember[hasMember.count - 1] { bytes.append(0x2C) } else { hasMember[hasMember.count - 1] = true }
        if compact { return }
        bytes.append(0x0A)
        indent()
    }

    /// Starts an object member; its value follows.
    mutating func key(_ name: StaticString) {
        member()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        if compact {
            bytes.append(contentsOf: [0x22, 0x3A])
        } else {
            bytes.append(contentsOf: [0x22, 0x20, 0x3A, 0x20])
        }
    }

    mutating func key(_ name: String) {
        member()
        string(name)
        if compact { bytes.append(0x3A) } else { bytes.append(contentsOf: [0x20, 0x3A, 0x20]) }
    }

    /// A value JSONEncoder wrote on its own (a small part of the file with no fast writer), pretty ones indented
    /// to where they go; blank lines, which JSONEncoder writes inside an empty container, stay blank.
    mutating func pretty(_ encoded: Data) {
        if compact { return bytes.append(contentsOf: encoded) }
        var lineStart = false
        for b in encoded {
            if lineStart && b != 0x0A { indent() }
            lineStart = b == 0x0A
            bytes.append(b)
        }
    }

    /// Ends the file as JSONCoding's snapshots end: with a newline after the value.
    mutating func newline() { bytes.append(0x0A) }

    /// Starts an array element; its value follows.
    mutating func element() { member() }

    // MARK: Values

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func date(_ value: Date) {
        bytes.append(0x22)
        Timestamp.append(value, to: &bytes)
        bytes.append(0x22)
    }

    mutating func string(_ value: String) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == 0x22 || c == 0x5C else { continue }
                if i > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                runStart = i + 1
                switch c {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                }
            }
            if utf8.count > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(0x22)
    }

    mutating func stringArray(_ values: [String]) {
        beginArray()
        for v in values {
            element()
            string(v)
        }
        endArray()
    }
}
