import Foundation

/// ISO 8601 UTC timestamps with milliseconds ("2026-11-29T14:02:03.120Z"), formatted and parsed by hand:
/// Foundation's ISO8601 strategy drops fractions (dates would not round-trip) and its formatter is slow.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of `string(date)`, for writers that build bytes.
    package static func append(_ date: Date, to out: inout [UInt8]) {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, msOfDay) = floorDivMod(ms, 86_400_000)
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000
        let mi = msOfDay / 60_000 % 60
        let s = msOfDay / 1000 % 60
        let f = msOfDay % 1000
        pad(y, 4, &out)
        out.append(0x2D)
        pad(m, 2, &out)
        out.append(0x2D)
        pad(d, 2, &out)
        out.append(0x54)
        pad(h, 2, &out)
        out.append(0x3A)
        pad(mi, 2, &out)
        out.append(0x3A)
        pad(s, 2, &out)
        out.append(0x2E)
        pad(f, 3, &out)
        out.append(0x5A)
    }

    /// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and "+HH:MM" offsets; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    package static func parse(utf8 u: UnsafeBufferPointer<UInt8>) -> Date? {
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 32, u[13] == 58, u[16] == 58 else {
            return nil
        }
        func num(_ a: Int, _ n: Int) -> Int64? {
            var v: Int64 = 0
            for i in a..<(a + n) {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2), (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var ms: Int64 = 0
        if i < u.count, u[i] == 46 {
            i += 1
            var digits = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                if digits < 3 { ms = ms * 10 + Int64(u[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in 0..<max(0, 3 - digits) { ms *= 10 }
        }
        var offset: Int64 = 0
        if i < u.count, u[i] == 90 {
            i += 1
        } else if i + 6 == u.count, u[i] == 43 || u[i] == 45, u[i + 3] == 58,
            let oh = num(i + 1, 2), let om = num(i + 4, 2)
        {
            offset = (oh * 60 + om) * 60_000 * (u[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        let days = days(fromCivil: y, mo, d)
        let total = days * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    /// A date rounded to the millisecond, so it survives a round trip through the files unchanged.
    public static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(Int64((date.timeIntervalSince1970 * 1000).rounded())) / 1000)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Zero-padded decimal; a year outside 0...9999 keeps its sign and all its digits, as before.
    private static func pad(_ v: Int64, _ width: Int, _ out: inout [UInt8]) {
        let s = String(v).utf8
        if s.count < width { out.append(contentsOf: repeatElement(0x30, count: width - s.count)) }
        out.append(contentsOf: s)
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    // Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
