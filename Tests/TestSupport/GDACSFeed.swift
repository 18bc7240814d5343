import CrisisModel
import Foundation

/// A GDACS RSS document written by a test as the world changes: each event with its level, country and time
/// (dated from the cell's clock, so a moved clock moves the feed with it).
public enum GDACSFeed {
    public struct Event {
        public var id: Int
        public var type: String
        public var level: String
        public var iso3: String
        public var country: String
        public var minutesAgo: Int
        public init(id: Int, type: String = "FL", level: String, iso3: String, country: String, minutesAgo: Int = 30) {
            self.id = id
            self.type = type
            self.level = level
            self.iso3 = iso3
            self.country = country
            self.minutesAgo = minutesAgo
        }
    }

    static func rfc822(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    public static func document(_ events: [Event], now: Date = CellClock.now()) -> String {
        let items = events.map { e in
            let time = rfc822(now.addingTimeInterval(TimeInterval(-60 * e.minutesAgo)))
            let kind = e.type == "FL" ? "flood" : e.type == "EQ" ? "earthquake" : "tropical cyclone"
            return """
                    <item>
                      <title>\(e.level) \(kind) alert in \(e.country)</title>
                      <description>A \(kind) in \(e.country).</description>
                      <link>https://www.gdacs.org/report.aspx?eventid=\(e.id)&amp;eventtype=\(e.type)</link>
                      <pubDate>\(time)</pubDate>
                      <guid isPermaLink="false">\(e.type)\(e.id)</guid>
                      <gdacs:fromdate>\(time)</gdacs:fromdate>
                      <gdacs:eventtype>\(e.type)</gdacs:eventtype>
                      <gdacs:alertlevel>\(e.level)</gdacs:alertlevel>
                      <gdacs:eventid>\(e.id)</gdacs:eventid>
                      <gdacs:episodeid>1</gdacs:episodeid>
                      <gdacs:iso3>\(e.iso3)</gdacs:iso3>
                      <gdacs:country>\(e.country)</gdacs:country>
                    </item>
                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss xmlns:gdacs="http://www.gdacs.org" version="2.0">
              <channel>
                <title>GDACS RSS information</title>
            \(items.joined(separator: "\n"))
              </channel>
            </rss>

            """
    }
}
