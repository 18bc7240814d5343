import CrisisFeedFetch
import CrisisFeeds
import CrisisModel
import Foundation

/// Feed figures: parsing a GDACS feed of the real one's size (300 KB) and a 1 MB CAP Atom feed, and the memory a
/// process gains fetching and parsing ten such feeds from a local server.
enum FeedsBench {
    static func measure(root: String) {
        let names = CountryNames.load()
        let matcher = CountryMatcher(names)
        let gdacs = gdacsFeed(bytes: 300_000)
        let cap = capFeed(bytes: 1_000_000)
        for (label, data, format) in [("GDACS RSS", gdacs, FeedFormat.gdacs), ("CAP Atom", cap, .cap)] {
            var items = 0
            let s = Clock.samples(15) {
                items = (try? format.read(data, feed: "bench", matcher: matcher).items.count) ?? -1
            }
            // No goal in the issue: a fetcher's thread parses, never the console's; the figure is for watching.
            Table.add(
                "parse a \(data.count / 1000) KB \(label) feed (\(items) items), median", Clock.ms(Clock.median(s)))
        }
        fetchTen(root: root, gdacs: gdacs, cap: cap, matcher: matcher)
        IncomingBench.measure()
    }

    /// Ten feeds served by Python's http.server on 127.0.0.1, fetched and parsed one after another.
    static func fetchTen(root: String, gdacs: Data, cap: Data, matcher: CountryMatcher) {
        let dir = root + "/feeds"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for i in 0..<10 {
            FileManager.default.createFile(atPath: "\(dir)/\(i).xml", contents: i % 2 == 0 ? gdacs : cap)
        }
        let port = 20_000 + Int(getpid() % 20_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir, String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        guard (try? server.run()) != nil else { return Table.add("fetch 10 feeds", "python3 missing") }
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let fetcher = FeedFetcher()
        defer { fetcher.shutdown() }
        // The server is up when it answers: a state, not a wait.
        for _ in 0..<100 where (try? fetcher.fetch("http://127.0.0.1:\(port)/0.xml")) == nil { usleep(50_000) }
        let before = residentKB()
        var items = 0
        // Every document and its items kept to the end, as a fetcher holds them until they are recorded: the worst case.
        var kept: [(Data, FeedDocument)] = []
        let t = Clock.time {
            for i in 0..<10 {
                if case .fresh(let data, _) = try? fetcher.fetch("http://127.0.0.1:\(port)/\(i).xml") {
                    let format: FeedFormat = i % 2 == 0 ? .gdacs : .cap
                    if let doc = try? format.read(data, feed: "\(i)", matcher: matcher) {
                        items += doc.items.count
                        kept.append((data, doc))
                    }
                }
            }
        }
        let grown = max(0, residentKB() - before)
        withExtendedLifetime(kept) {}
        Table.add("fetch and parse 10 feeds (6.5 MB, \(items) items)", Clock.ms(t))
        Table.add("memory gained fetching 10 feeds, every document and item kept", "\(grown / 1024) MB")
    }

    static func residentKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    static func gdacsFeed(bytes: Int) -> Data {
        let countries = [("MYS", "Malaysia"), ("PHL, VNM", "Philippines, Viet Nam"), ("LBN", "Lebanon"), ("", "")]
        var x = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss xmlns:gdacs="http://www.gdacs.org" xmlns:georss="http://www.georss.org/georss" version="2.0"><channel>
            <title>GDACS RSS information</title>

            """
        var n = 0
        while x.utf8.count < bytes {
            let (iso, name) = countries[n % countries.count]
            let level = ["Green", "Orange", "Red"][n % 3]
            x += """
                <item><title>\(level) flood alert in \(name)</title>
                <description><![CDATA[<p>On 28/11/2026, a flood started in <b>\(name)</b> &amp; nearby. The flood caused \(n) deaths and 28&nbsp;000 displaced.</p>]]></description>
                <link>https://www.gdacs.org/report.aspx?eventtype=FL&amp;eventid=\(100_000 + n)</link>
                <pubDate>Thu, 03 Dec 2026 06:00:00 GMT</pubDate><guid isPermaLink="false">FL\(100_000 + n)</guid>
                <georss:point>3.9 102.5</georss:point><gdacs:fromdate>Sat, 28 Nov 2026 00:00:00 GMT</gdacs:fromdate>
                <gdacs:todate>Thu, 03 Dec 2026 00:00:00 GMT</gdacs:todate><gdacs:eventtype>FL</gdacs:eventtype>
                <gdacs:alertlevel>\(level)</gdacs:alertlevel><gdacs:alertscore>2</gdacs:alertscore>
                <gdacs:eventid>\(100_000 + n)</gdacs:eventid><gdacs:episodeid>3</gdacs:episodeid>
                <gdacs:population unit="Pop" value="28000">28000 displaced</gdacs:population>
                <gdacs:iso3>\(iso)</gdacs:iso3><gdacs:country>\(name)</gdacs:country><gdacs:glide>FL-2026-000190-MYS</gdacs:glide>
                </item>

                """
            n += 1
        }
        return Data((x + "</channel></rss>\n").utf8)
    }

    static func capFeed(bytes: Int) -> Data {
        var x = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><id>urn:bench</id><title>Bench alerts</title>
            <updated>2026-12-03T09:00:00Z</updated>

            """
        var n = 0
        while x.utf8.count < bytes {
            x += """
                <entry><id>urn:bench:\(n)</id><title>Flood \(n)</title><updated>2026-12-03T05:00:00Z</updated>
                <content type="text/xml"><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>B-\(n)</identifier>
                <sender>alerts@example.org</sender><sent>2026-12-03T05:00:00-00:00</sent><status>Actual</status>
                <msgType>\(n == 0 ? "Alert" : "Update")</msgType><scope>Public</scope>
                \(n == 0 ? "" : "<references>alerts@example.org,B-\(n - 1),2026-12-03T04:00:00-00:00</references>")
                <info><category>Met</category><event>Flood</event><urgency>Immediate</urgency><severity>Severe</severity>
                <certainty>Observed</certainty><headline>Flood warning \(n): Kelantan &amp; Terengganu</headline>
                <description>Rivers above danger level at \(n % 40) stations. Evacuate low-lying areas now.</description>
                <area><areaDesc>Kelantan; Terengganu, Malaysia</areaDesc><geocode><valueName>ISO3166-1</valueName><value>MY</value></geocode></area>
                </info></alert></content></entry>

                """
            n += 1
        }
        return Data((x + "</feed>\n").utf8)
    }
}
