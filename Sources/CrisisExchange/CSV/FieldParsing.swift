import CrisisModel
import Foundation

/// Dates as spreadsheets and people write them: ISO 8601 with or without a time ("2024-10-18",
/// "2024-10-18 14:00", "2024-10-18T14:00:00Z", "2024-10-18T17:00+03:00") and day first
/// ("18/10/2024", "18.10.2024", "18/10/2024 14:00"). A time without a zone is UTC.
public enum DateText {
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let u = Array(text.utf8)
        var i = 0
        func digits(_ min: Int, _ max: Int) -> Int? {
            var n = 0
            var count = 0
            while i < u.count, count < max, u[i] >= 48, u[i] <= 57 {
                n = n * 10 + Int(u[i] - 48)
                i += 1
                count += 1
            }
            return count >= min ? n : nil
        }
        func eat(_ c: UInt8) -> Bool {
            if i < u.count, u[i] == c {
                i += 1
                return true
            }
            return false
        }
        var year = 0
        var month = 0
        var day = 0
        guard let first = digits(1, 4) else { return nil }
        if i == 4, eat(45) { // YYYY-MM-DD
            year = first
            guard let m = digits(2, 2), eat(45), let d = digits(2, 2) else { return nil }
            month = m
            day = d
        } else if i <= 2, i < u.count, u[i] == 47 || u[i] == 46 { // DD/MM/YYYY or DD.MM.YYYY
            let sep = u[i]
            i += 1
            day = first
            guard let m = digits(1, 2), eat(sep), let y = digits(4, 4) else { return nil }
            month = m
            year = y
        } else {
            return nil
        }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = ""
        var zone = "Z"
        if i < u.count, u[i] == 84 || u[i] == 32 { // T or space, then a time
            i += 1
            while i < u.count, u[i] == 32 { i += 1 }
            guard let h = digits(1, 2), eat(58), let m = digits(2, 2) else { return nil }
            hour = h
            minute = m
            if eat(58) {
                guard let s = digits(2, 2) else { return nil }
                second = s
                if eat(46) || eat(44) {
                    let start = i
                    while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                    fraction = "." + String(decoding: u[start..<i], as: UTF8.self)
                }
            }
            while i < u.count, u[i] == 32 { i += 1 }
            if eat(90) || eat(122) {
                zone = "Z"
            } else if i < u.count, u[i] == 43 || u[i] == 45 {
                let sign = u[i] == 43 ? "+" : "-"
                i += 1
                guard let oh = digits(2, 2) else { return nil }
                _ = eat(58)
                let om = digits(2, 2) ?? 0
                zone = sign + two(oh) + ":" + two(om)
            } else if i < u.count, String(decoding: u[i...], as: UTF8.self).uppercased() == "UTC" {
                i = u.count
            }
        }
        guard i == u.count else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        return Timestamp.parse(
            "\(four(year))-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))\(fraction)\(zone)")
    }

    /// ISO 8601 UTC, without milliseconds when there are none ("2024-10-18T14:00:00Z").
    public static func string(_ date: Date) -> String {
        let s = Timestamp.string(date)
        return s.hasSuffix(".000Z") ? String(s.dropLast(5)) + "Z" : s
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func four(_ n: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n)
    }
}

/// Whole numbers as spreadsheets write them: "1250", "1,250", "1 250", "1.250" (one grouping mark,
/// groups of three), never a fraction.
public enum WholeNumber {
    public enum Failure: Error, Equatable { case empty, negative, notWhole }

    public static func parse(_ raw: String) -> Result<Int, Failure> {
        var t = raw.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .failure(.empty) }
        if t.hasPrefix("+") { t.removeFirst() }
        if t.hasPrefix("-") || t.hasPrefix("\u{2212}") {
            return Int(t.dropFirst().filter { $0.isNumber }).map { _ in .failure(.negative) } ?? .failure(.notWhole)
        }
        if t.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return Int(t).map { .success($0) } ?? .failure(.notWhole)
        }
        let marks = Set(t.filter { !($0.isASCII && $0.isNumber) })
        guard marks.count == 1, let mark = marks.first,
            [",", ".", " ", "'", "\u{00A0}", "\u{202F}", "\u{2009}"].contains(mark)
        else {
            return .failure(.notWhole)
        }
        let groups = t.split(separator: mark, omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.count > 1
        else {
            return .failure(.notWhole)
        }
        return Int(groups.joined()).map { .success($0) } ?? .failure(.notWhole)
    }
}

extension CountKind {
    /// A kind from its JSON key ("atAssembly"), its label ("at assembly point") or its flag ("at-assembly"),
    /// ignoring case, spaces and punctuation.
    public init?(parsing text: String) {
        let key = CSVTable.fold(text)
        guard !key.isEmpty else { return nil }
        for kind in CountKind.allCases where [kind.rawValue, kind.label, kind.flag].map(CSVTable.fold).contains(key) {
            self = kind
            return
        }
        switch key {
        case "arrivedhome", "home": self = .returned
        case "assembly", "assemblypoint": self = .atAssembly
        case "stockestimates", "estimate", "population": self = .stock
        default: return nil
        }
    }
}
