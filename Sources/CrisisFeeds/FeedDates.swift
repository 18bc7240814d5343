import CrisisModel
import Foundation

/// The date forms feeds use: RFC 822 in RSS (with or without seconds, a named zone or an offset; the US
/// advisories give only the day), ISO 8601 in Atom, CAP and JSON APIs (with or without fractions, Z or an offset,
/// or only the day), and milliseconds in GeoJSON. Read by hand and strictly: Foundation's formatters cost tens of
/// microseconds a date and take "31 November" or a two-digit year without a word.
enum FeedDates {
    static func rfc822(_ text: String) -> Date? { fastRFC822(FeedElement.trimmed(text)) }

    static func iso8601(_ text: String) -> Date? { fastISO(FeedElement.trimmed(text)) }

    /// Either form, for feeds that mix them.
    static func any(_ text: String) -> Date? { rfc822(text) ?? iso8601(text) }
}
