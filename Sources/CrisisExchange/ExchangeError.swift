import CrisisModel
import CrisisStorage
import Foundation

/// Why a file could not be read or written: names the file and, where it helps, the line.
public struct ExchangeError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reports progress of a long import: a phase ("reading", "checking"), work done and work in all.
public typealias ImportProgress = (_ phase: String, _ done: Int, _ total: Int) -> Void

/// Text files in: UTF-8 with or without a byte-order mark (and UTF-16 with one), anything else refused
/// with the line of the first bad byte and what to do about it.
public enum TextInput {
    public static func read(path: String, name: String? = nil) throws(ExchangeError) -> String {
        let label = name ?? path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ExchangeError(file: label, "no such file")
        }
        if isDir.boolValue { throw ExchangeError(file: label, "is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExchangeError(file: label, "cannot be read (permission denied?)")
        }
        return try decode(data, file: label)
    }

    public static func decode(_ data: Data, file: String) throws(ExchangeError) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(bytes[3...], file: file)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let s = String(data: data, encoding: .utf16) else {
                throw ExchangeError(file: file, "starts as UTF-16 text but is not valid UTF-16: save it as UTF-8")
            }
            return s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw ExchangeError(
                file: file,
                "is a zip archive (an .xlsx or .ods workbook?), not text: save the sheet as \"CSV UTF-8\" and import that"
            )
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ExchangeError(
                file: file, "is an old Excel workbook (.xls), not text: save the sheet as \"CSV UTF-8\" and import that"
            )
        }
        return try utf8(bytes[...], file: file)
    }

    /// What to do about a file in a legacy code page, for the kind of file it is.
    static func advice(for file: String) -> String {
        switch (file as NSString).pathExtension.lowercased() {
        case "vcf", "vcard":
            return
                "the phone or program that wrote it used a legacy code page). Export the contacts again as vCard 3.0 or 4.0, which are UTF-8, and import that"
        case "csv", "tsv", "txt":
            return
                "a spreadsheet saved it in a legacy code page). Save it as \"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8) and import again"
        default: return "it was saved in a legacy code page). Save it as UTF-8 text and import again"
        }
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>, file: String) throws(ExchangeError) -> String {
        if let s = String(validating: bytes, as: UTF8.self) {
            if let nul = s.unicodeScalars.firstIndex(of: "\u{0}") {
                let line = s.unicodeScalars[..<nul].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                throw ExchangeError(file: file, line: line, "holds a NUL byte: this is not a text file")
            }
            return s
        }
        // Find where it goes wrong, to say so.
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = bytes.startIndex
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                break loop
            case .error:
                offset = bytes.startIndex + consumed
                let byte = offset < bytes.endIndex ? bytes[offset] : 0
                throw ExchangeError(
                    file: file, line: line,
                    "is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8; "
                        + advice(for: file))
            }
        }
        throw ExchangeError(file: file, "is not valid UTF-8 text")
    }
}

/// Text files out: written whole to a temp file, fsynced, renamed into place; private (0600),
/// since exports hold personal data.
public enum TextOutput {
    public static func write(_ data: Data, to path: String) throws(ExchangeError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        do { try PosixFile.atomicWrite(data, to: absolute) } catch {
            throw ExchangeError(file: path, "cannot be written: \(error)")
        }
    }
}
