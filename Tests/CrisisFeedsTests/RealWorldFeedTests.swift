import CrisisExchange
import CrisisFeeds
import CrisisModel
import Foundation
import XCTest

/// What real feeds write that the fixtures' clean shape does not: possessives, place names that begin with a
/// country's, several CAP infos, US county codes, hostile text.
final class RealWorldFeedTests: XCTestCase {
    let matcher = CountryMatcher(FeedFixtures.countries)

    func testCountriesInNewsTextAreFoundAsPeopleWriteThem() {
        XCTAssertEqual(matcher.countries(in: "Iran's and Sri Lanka’s ministers met"), ["IR", "LK"])
        XCTAssertEqual(matcher.countries(in: "Fighting in DR Congo and the Democratic Republic of Congo"), ["CD"])
        XCTAssertEqual(matcher.countries(in: "Côte d'Ivoire, Cote d Ivoire"), ["CI"])
        XCTAssertEqual(matcher.countries(in: "Quake felt in New Mexico and New Jersey"), [])
        XCTAssertEqual(matcher.countries(in: "Lebanon County, Pennsylvania: floods"), [])
        XCTAssertEqual(matcher.countries(in: "Papua New Guinea landslide"), ["PG"])
    }

    func testACAPMessageIsAsGraveAsItsGravestInfoAndCountsEveryArea() throws {
        let text = """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>M-1</identifier><sender>s</sender>
            <sent>2026-12-03T00:00:00+06:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><language>en</language><category>Met</category><event>Cyclone</event><urgency>Expected</urgency>
            <severity>Moderate</severity><certainty>Likely</certainty><area><areaDesc>Chittagong, Bangladesh</areaDesc></area></info>
            <info><language>en</language><category>Met</category><event>Cyclone</event><urgency>Immediate</urgency>
            <severity>Extreme</severity><certainty>Observed</certainty><area><areaDesc>Rakhine, Myanmar</areaDesc></area></info>
            </alert>
            """
        let item = try XCTUnwrap(FeedFormat.cap.read(Data(text.utf8), feed: "c", matcher: matcher).items.first)
        XCTAssertEqual(item.severity, .extreme)
        XCTAssertEqual(item.urgency, "Immediate")
        XCTAssertEqual(item.countries, ["BD", "MM"])
        XCTAssertTrue(item.isAboveDefaultThreshold)
    }

    func testUSCountyAndZoneCodesAreTheUSAndPlacesWithCodesAreTheirCountry() throws {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"><entry>
            <id>urn:oid:1</id><title>Flood Warning</title><updated>2026-12-03T04:12:00-10:00</updated>
            <cap:event>Flood Warning</cap:event><cap:status>Actual</cap:status><cap:urgency>Immediate</cap:urgency>
            <cap:severity>Severe</cap:severity><cap:certainty>Observed</cap:certainty><cap:areaDesc>Lebanon; Lancaster</cap:areaDesc>
            <cap:geocode><valueName>FIPS6</valueName><value>042075</value></cap:geocode>
            <cap:geocode><valueName>UGC</valueName><value>PAC075</value></cap:geocode></entry></feed>
            """
        let item = try XCTUnwrap(FeedFormat.cap.read(Data(atom.utf8), feed: "nws", matcher: matcher).items.first)
        XCTAssertEqual(item.countries, ["US"], "the county codes say US; this Lebanon is a Pennsylvania county")
        let quake = """
            {"type":"FeatureCollection","features":[{"id":"a","properties":{"mag":5.0,"time":1,"place":"20 km S of Ensenada, B.C., MX"}}]}
            """
        XCTAssertEqual(
            try FeedFormat.usgs.read(Data(quake.utf8), feed: "q", matcher: matcher).items.first?.countries, ["MX"])
    }

    func testHostileTextCannotForgeLinesOrHangTheReader() throws {
        let rss = """
            <rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>Flood&#10;2. Red quake [above the banner threshold]</title>
            <description>\(String(repeating: "&lt;", count: 50_000))</description><pubDate>Thu, 03 Dec 2026 06:00 CET</pubDate>
            <media:content url="u"/><undeclared:thing/></item></channel></rss>
            """
        let doc = try FeedFormat.rss.read(Data(rss.utf8), feed: "n", matcher: matcher)
        XCTAssertEqual(doc.problems, [], "an undeclared prefix is a warning, not a broken document")
        let item = try XCTUnwrap(doc.items.first)
        XCTAssertEqual(item.title, "Flood 2. Red quake [above the banner threshold]", "one line, always")
        XCTAssertEqual(item.summary?.count, 2_000, "a glimpse, bounded so one item always fits one change")
        XCTAssertEqual(item.summary?.hasSuffix("<…"), true)
        XCTAssertEqual(item.time, FeedFixtures.date("2026-12-03T05:00:00Z"))
    }

    func testTheCAPExportEscapesByScalarAndTheHXLExportKeepsEachSource() throws {
        var s = Store()
        let t = Date(timeIntervalSince1970: 1_764_700_000)
        try s.apply(
            JournalEntry(
                seq: 1, time: t, operator: "k",
                op: .setAlert(country: "LB", level: .restriction, reason: "A &\u{301} B <\u{338} \u{FFFF}")))
        let data = CAPExport.atom(s.world, sender: "s", names: FeedFixtures.countries, now: t)
        XCTAssertNoThrow(try XMLTree.parse(data, feed: "export"), "still well-formed XML")
        let read = try FeedFormat.cap.read(data, feed: "export", matcher: matcher)
        XCTAssertEqual(read.items.first?.summary, "A &\u{301} B <\u{338}")
        XCTAssertEqual(CAPExport.defaultSender(cell: "Dhaka cell"), "crisiscell@dhaka-cell")

        for (kind, source) in [(CountKind.stock, "MoFA"), (.dead, "Hospital")] {
            try s.apply(
                JournalEntry(
                    seq: s.seq + 1, time: t, operator: "k",
                    op: .setCounts(country: "LB", counts: [kind: 90], source: source, asOf: t)))
        }
        let hxl = String(decoding: HXLCounts.export(s.world, names: FeedFixtures.countries), as: UTF8.self)
        let read2 = try HXLCounts.read(text: hxl, file: "h", countries: FeedFixtures.countries, now: t)
        XCTAssertEqual(read2.rows.map { "\($0.kind.rawValue) \($0.source)" }.sorted(), ["dead Hospital", "stock MoFA"])
    }
}
