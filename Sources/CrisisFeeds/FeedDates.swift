import Foundation

/// The date forms feeds use: RFC 822 in RSS (with or without seconds, a time or a zone: the US advisories give
/// only the day), ISO 8601 in Atom, CAP and JSON APIs (with or without fractions), and milliseconds in GeoJSON.
enum FeedDates {
    static func rfc822(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for formatter in rfc822Formatters {
            if let d = formatter.date(from: t) { return d }
        }
        return nil
    }

    static func iso8601(_ text: String) -> Date? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // CAP writes UTC as "-00:00", which Foundation's parser does not take.
        if t.hasSuffix("-00:00") { t = String(t.dropLast(6)) + "+00:00" }
        for formatter in isoFormatters {
            if let d = formatter.date(from: t) { return d }
        }
        return nil
    }

    /// Either form, for feeds that mix them.
    static func any(_ text: String) -> Date? { rfc822(text) ?? iso8601(text) }

    // Formatters are costly to make and safe to share once configured (Foundation documents them thread-safe).
    private static let rfc822Formatters: [DateFormatter] = rfc822Formats.map { f in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = f
        return formatter
    }

    nonisolated(unsafe) private static let isoFormatters: [ISO8601DateFormatter] = {
        let options: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ]
        return options.map { o in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = o
            return formatter
        }
    }()

    private static let rfc822Formats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, dd MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss zzz",
        "EEE, d MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm zzz",
        "EEE, dd MMM yyyy HH:mm Z", "EEE, dd MMM yyyy", "EEE, d MMM yyyy", "dd MMM yyyy",
    ]
}
