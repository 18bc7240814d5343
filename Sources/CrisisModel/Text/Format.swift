import Foundation

/// Formatting shared by reports and screens. Unknown is "—", never 0.
public enum Format {
    public static let unknown = "—"

    public static func number(_ n: Int?) -> String {
        guard let n else { return unknown }
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A number written by `number` or `signed` (perhaps after an arrow) made to fit `width` columns:
    /// unchanged when it fits, else shortened to "4.11M", "821.7k" rather than clipped to wrong digits.
    /// Anything that is not such a number comes back unchanged.
    public static func fitNumber(_ text: String, width: Int) -> String {
        guard text.count > width else { return text }
        let prefix = String(text.prefix { !$0.isASCII || $0 == "+" || $0 == "-" })
        let digits = text.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ",") }),
            let value = Double(digits.filter(\.isNumber))
        else { return text }
        for (unit, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] where value >= unit {
            for decimals in [2, 1, 0] {
                var shown = String(format: "%.\(decimals)f", value / unit)
                if shown.contains(".") {
                    while shown.hasSuffix("0") { shown.removeLast() }
                    if shown.hasSuffix(".") { shown.removeLast() }
                }
                let candidate = prefix + shown + suffix
                if candidate.count <= width { return candidate }
            }
            break
        }
        return text
    }

    /// "+54", "-3", "0"; nil stays unknown.
    public static func signed(_ n: Int?) -> String {
        guard let n else { return unknown }
        return n > 0 ? "+" + number(n) : number(n)
    }

    private static func calendar(_ tz: TimeZone) -> Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = tz
        return c
    }

    /// "14:02" in a time zone. From the zone's offset at that moment rather than a Calendar, which costs
    /// more than the rest of a contact row put together.
    public static func clock(_ date: Date, _ tz: TimeZone) -> String {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(tz.secondsFromGMT(for: date))
        let minutes = local >= 0 ? local / 60 : (local - 59) / 60
        let minuteOfDay = Int((minutes % 1440 + 1440) % 1440)
        return two(minuteOfDay / 60) + ":" + two(minuteOfDay % 60)
    }

    /// "Sat" in a time zone.
    public static func weekday(_ date: Date, _ tz: TimeZone) -> String {
        let w = calendar(tz).component(.weekday, from: date)
        return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][(w - 1) % 7]
    }

    /// "2026-11-29 14:02" in a time zone.
    public static func dateTime(_ date: Date, _ tz: TimeZone) -> String {
        let p = calendar(tz).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(p.year ?? 0)-\(two(p.month ?? 0))-\(two(p.day ?? 0)) \(two(p.hour ?? 0)):\(two(p.minute ?? 0))"
    }

    /// A moment said with its day, so a time from another day never reads as now: "14:02" today, "Mon 08:54"
    /// within six days either way (a due time tomorrow is "Tue 15:00"), "25 Nov 08:54" further off.
    public static func when(_ date: Date, now: Date, _ tz: TimeZone = .utc) -> String {
        let day = dayNumber(date, tz)
        let today = dayNumber(now, tz)
        if day == today { return clock(date, tz) }
        // A weekday alone always means the past six days (a log entry, an item overdue since Tue); ahead of today,
        // "tomorrow", then the date: "due Tue" must never stand for last and next Tuesday alike.
        if day == today + 1 { return "tomorrow " + clock(date, tz) }
        if day < today && today - day <= 6 { return weekday(date, tz) + " " + clock(date, tz) }
        let p = calendar(tz).dateComponents([.month, .day], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(p.day ?? 0) \(months[((p.month ?? 1) - 1) % 12]) " + clock(date, tz)
    }

    /// When a log entry's change was made, and when it arrived when that was later: "09:35, sent 10:41".
    public static func made(_ e: Event, now: Date, _ tz: TimeZone = .utc) -> String {
        when(e.time, now: now, tz) + (e.arrivedLate.map { ", sent " + when($0, now: now, tz) } ?? "")
    }

    /// Days since 1970 in a zone (for "is it today").
    static func dayNumber(_ date: Date, _ tz: TimeZone) -> Int64 {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(tz.secondsFromGMT(for: date))
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// An age for what happened today, else the day: "14:02", else "18 h" within a day, else "6 d".
    public static func ago(_ date: Date, now: Date) -> String {
        dayNumber(date, .utc) == dayNumber(now, .utc) ? clock(date, .utc) : age(now.timeIntervalSince(date))
    }

    /// "12 s", "5 min", "3 h", "2 d".
    public static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86_400 { return "\(s / 3600) h" }
        return "\(s / 86_400) d"
    }

    /// `age` to the minute: "< 1 min", "5 min", "3 h". For lines redrawn every second on a slow link, where
    /// counting seconds would send a few bytes a second for nothing an operator acts on.
    public static func coarseAge(_ seconds: TimeInterval) -> String {
        seconds < 60 ? "< 1 min" : age(seconds)
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension TimeZone {
    public static let utc = TimeZone(identifier: "UTC")!
    /// A zone by IANA name, or UTC when the name is unknown.
    public static func named(_ id: String) -> TimeZone { TimeZone(identifier: id) ?? .utc }
}
