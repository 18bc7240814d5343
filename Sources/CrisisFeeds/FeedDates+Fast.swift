import CrisisModel
import Foundation

extension FeedDates {
    /// "2026-12-03", "2026-12-03T05:00:00Z", "…T05:00:00.250+08:00", "…T05:00:00-00:00".
    static func fastISO(_ t: String) -> Date? {
        let b = Array(t.utf8)
        guard b.count >= 10, let y = num(b, 0, 4), b[4] == 45, let mo = num(b, 5, 2), b[7] == 45, let d = num(b, 8, 2)
        else { return nil }
        if b.count == 10 { return date(y, mo, d, 0, 0, 0, 0) }
        guard b.count >= 19, b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(b, 11, 2), b[13] == 58,
            let mi = num(b, 14, 2), b[16] == 58, let s = num(b, 17, 2)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            var scale = 0.1
            i += 1
            while i < b.count, (48...57).contains(b[i]) {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, b.count == i + 6 || b.count == i + 5, let oh = num(b, i + 1, 2),
            let om = num(b, b.count - 2, 2), b.count == i + 5 || b[i + 3] == 58, oh < 24, om < 60
        {
            offset = (b[i] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
            i = b.count
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return date(y, mo, d, h, mi, s, offset).map { $0.addingTimeInterval(fraction) }
    }

    /// "Thu, 03 Dec 2026 06:00:00 GMT", "3 Dec 2026 06:00 +0600", "Mon, 30 Nov 2026" (no time: midnight UTC).
    static func fastRFC822(_ t: String) -> Date? {
        var words = t.split(separator: " ").map(String.init)
        if let first = words.first, first.hasSuffix(",") { words.removeFirst() }
        // A time without a zone is read as UTC (a lax feed; RFC 822 asks for one).
        if words.count == 4 { words.append("UTC") }
        guard words.count == 3 || words.count == 5, let d = Int(words[0]), let y = Int(words[2]), words[2].count == 4,
            let mo = months[words[1].lowercased()]
        else { return nil }
        if words.count == 3 { return date(y, mo, d, 0, 0, 0, 0) }
        let time = words[3].split(separator: ":").map { Int($0) }
        guard time.count == 2 || time.count == 3, let h = time[0], let mi = time[1] else { return nil }
        let s = time.count == 3 ? time[2] : 0
        guard let s else { return nil }
        let zone = words[4]
        var offset: Int
        if let z = zones[zone.uppercased()] {
            offset = z
        } else if zone.count == 5 || zone.count == 6, let sign = zone.first, sign == "+" || sign == "-",
            let v = Int(zone.dropFirst().filter { $0 != ":" }), zone.count == 5 || zone.dropFirst(3).first == ":",
            v % 100 < 60, v / 100 < 24
        {
            offset = (sign == "-" ? -1 : 1) * ((v / 100) * 3600 + (v % 100) * 60)
        } else {
            return nil
        }
        return date(y, mo, d, h, mi, s, offset)
    }

    private static let months = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11,
        "dec": 12,
    ]
    /// RFC 822's named zones.
    private static let zones = [
        "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
        "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600, "CET": 3600, "CEST": 7200,
        "EET": 7200, "EEST": 10800, "BST": 3600, "MSK": 10800, "IST": 19800, "PKT": 18000, "JST": 32400,
        "KST": 32400, "AEST": 36000, "AEDT": 39600, "SGT": 28800, "HKT": 28800,
    ]

    private static func num(_ b: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at + n <= b.count else { return nil }
        var v = 0
        for i in at..<(at + n) {
            guard (48...57).contains(b[i]) else { return nil }
            v = v * 10 + Int(b[i] - 48)
        }
        return v
    }

    /// A civil date and time at an offset from UTC, checked (no 31 November, no hour 25).
    private static func date(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ offset: Int) -> Date? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi),
            (0...60).contains(s)
        else { return nil }
        let days = daysFromCivil(y, mo, d)
        guard daysFromCivil(y, mo, 1) + (d - 1) == days, d <= daysIn(y, mo) else { return nil }
        return Date(timeIntervalSince1970: Double(days * 86_400 + h * 3600 + mi * 60 + s - offset))
    }

    private static func daysIn(_ y: Int, _ m: Int) -> Int {
        let next = m == 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1)
        return next - daysFromCivil(y, m, 1)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
