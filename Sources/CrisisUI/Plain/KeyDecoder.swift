/// Turns the bytes a terminal sends in raw mode into keys for the line editor: UTF-8 text, control keys, and the
/// arrow, Home, End and Delete sequences of xterm, VT100 and the Linux console. An escape sequence cut between two
/// reads waits for the rest; one the editor does not know is dropped whole, never typed as text.
public struct KeyDecoder {
    private var pending: [UInt8] = []

    public init() {}

    /// True when bytes wait for the rest of a sequence (a lone Esc, if nothing follows soon, is dropped by `flush`).
    public var isWaiting: Bool { !pending.isEmpty }

    public mutating func flush() { pending.removeAll() }

    /// The control characters the editor takes, as Emacs and readline bind them.
    static let controls: [UInt8: EditKey] = [
        0x7f: .backspace, 0x08: .backspace, 0x09: .tab, 0x01: .home, 0x05: .end, 0x02: .left, 0x06: .right,
        0x10: .up, 0x0e: .down, 0x0b: .killToEnd, 0x15: .killToStart, 0x17: .killWord, 0x0c: .redraw,
        0x03: .interrupt, 0x04: .endOfInput,
    ]

    public mutating func feed(_ bytes: [UInt8]) -> [EditKey] {
        pending += bytes
        var keys: [EditKey] = []
        var text: [UInt8] = []
        func endText() {
            if !text.isEmpty {
                keys.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
        }
        var i = 0
        loop: while i < pending.count {
            let b = pending[i]
            switch b {
            case 0x1b:
                endText()
                guard let (key, length) = Self.escape(pending[i...]) else { break loop }
                if let key { keys.append(key) }
                i += length
                continue
            case 0x0d, 0x0a:
                endText()
                keys.append(.enter)
                // CR LF from a terminal that sends both is one Enter.
                if b == 0x0d, i + 1 < pending.count, pending[i + 1] == 0x0a { i += 1 }
            case let c where Self.controls[c] != nil:
                endText()
                keys.append(Self.controls[c]!)
            case 0x00..<0x20: endText()
            default:
                // A UTF-8 sequence cut between reads waits for its last bytes.
                let need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
                if i + need > pending.count {
                    endText()
                    break loop
                }
                text += pending[i..<(i + need)]
                i += need
                continue
            }
            i += 1
        }
        endText()
        pending.removeFirst(min(i, pending.count))
        return keys
    }

    /// The key an escape sequence stands for (nil for one that is dropped) and its length; nil when incomplete.
    static func escape(_ s: ArraySlice<UInt8>) -> (EditKey?, Int)? {
        let b = Array(s)
        guard b.count >= 2 else { return nil }
        if b[1] == UInt8(ascii: "[") || b[1] == UInt8(ascii: "O") {
            // CSI: parameters and intermediates up to a final byte in @...~.
            var j = 2
            while j < b.count, !(0x40...0x7e).contains(b[j]) { j += 1 }
            guard j < b.count else { return b.count > 16 ? (nil, b.count) : nil }
            let params = String(decoding: b[2..<j], as: UTF8.self)
            let key: EditKey?
            switch (b[j], params) {
            case (UInt8(ascii: "A"), _): key = .up
            case (UInt8(ascii: "B"), _): key = .down
            case (UInt8(ascii: "C"), _): key = .right
            case (UInt8(ascii: "D"), _): key = .left
            case (UInt8(ascii: "H"), _): key = .home
            case (UInt8(ascii: "F"), _): key = .end
            case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): key = .home
            case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): key = .end
            case (UInt8(ascii: "~"), "3"): key = .delete
            default: key = nil
            }
            return (key, j + 1)
        }
        // Alt and a key: the key alone.
        return (nil, 2)
    }
}
