import CrisisFeeds
import XCTest

final class AdvisoryAndDisasterFeedTests: XCTestCase {
    func testUSAdvisoriesAreMappedByNameAndTheTitlesThatDoNotMapAreSaid() throws {
        let doc = try FeedFixtures.read("us-advisories.xml", as: .usTravelAdvisories)
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(
            doc.items.map(\.countries), [["LB"], ["MY"], ["MM"], ["KP"], ["IL", "PS"], ["CN"], ["CI"], []],
            "the feed's own tags (LE, BM, KN, IS, IV) are not ISO codes and are not used")
        XCTAssertEqual(doc.unmapped, ["Kosovo"])
        let lebanon = doc.items[0]
        XCTAssertEqual(lebanon.sourceLevel, "Level 4: Do Not Travel")
        XCTAssertEqual(lebanon.severity, .extreme)
        XCTAssertTrue(lebanon.isAboveDefaultThreshold)
        XCTAssertEqual(lebanon.kind, "travel advice")
        XCTAssertEqual(lebanon.time, FeedFixtures.date("2026-11-30T00:00:00Z"), "the feed gives only the day")
        XCTAssertEqual(
            lebanon.summary,
            "Do not travel to Lebanon due to crime, terrorism, civil unrest, kidnapping & armed conflict.")
        XCTAssertEqual(doc.items.map(\.severity.rawValue), [4, 1, 4, 4, 3, 2, 2, 2])
    }

    func testAnAdvisoryTitleThatDoesNotReadAsOneIsNamed() throws {
        let text = """
            <rss><channel><item><title>Lebanon - Level 4: Do Not Travel</title></item>
            <item><title>Lebanon: do not travel</title></item><item><title>Peru - Level 7: Panic</title></item></channel></rss>
            """
        let doc = try FeedFormat.usTravelAdvisories.read(Data(text.utf8), feed: "us", countries: FeedFixtures.countries)
        XCTAssertEqual(
            doc.problems.map(\.description),
            [
                "feed us, item 2 (Lebanon: do not travel), field title (line 2): does not read \"COUNTRY - Level N: ADVICE\"",
                "feed us, item 3 (Peru - Level 7: Panic), field title (line 2): Level 7 is not 1-4",
            ])
        XCTAssertEqual(
            FeedFixtures.refusal(
                String(decoding: FeedFixtures.data("gdacs.xml"), as: UTF8.self), as: .usTravelAdvisories),
            "feed test: not US travel advisories: no title reads \"COUNTRY - Level N: ADVICE\"")
    }

    func testReliefWebDisastersCarryGlideStatusTypeAndEveryCountry() throws {
        let doc = try FeedFixtures.read("reliefweb.json", as: .reliefweb)
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(doc.items.map(\.id), ["52101", "52099", "50012"])
        XCTAssertEqual(doc.items.map(\.countries), [["MY"], ["PH", "VN"], ["SD"]])
        XCTAssertEqual(doc.items.map(\.kind), ["flood", "tropical cyclone", "epidemic"])
        XCTAssertEqual(doc.items.map(\.severity), [.severe, .moderate, .minor])
        XCTAssertEqual(doc.items[0].glide, "FL-2026-000190-MYS")
        XCTAssertEqual(
            doc.items[0].time, FeedFixtures.date("2026-11-27T00:00:00Z"), "the event's date before the record's")
        XCTAssertEqual(doc.items[1].time, FeedFixtures.date("2026-12-01T00:00:00Z"))
        XCTAssertNil(doc.items[2].link, "no url and no href: no link")
        XCTAssertEqual(doc.items[0].link, "https://reliefweb.int/disaster/fl-2026-000190-mys")
    }

    func testReliefWebRefusalsNameTheItemAndTheFieldPath() {
        XCTAssertEqual(
            FeedFixtures.refusal(
                "{\"data\": [{\"id\": \"1\", \"fields\": {\"name\": \"x\", \"status\": \"current\"", as: .reliefweb)?
                .hasPrefix("feed test: not JSON: "), true)
        XCTAssertEqual(
            FeedFixtures.refusal("{\"items\": []}", as: .reliefweb),
            "feed test, field data: not a ReliefWeb API answer: no \"data\" list")
        let bad = """
            {"data": [{"id": "1", "fields": {"name": "A", "status": "maybe"}},
                      {"id": "2", "fields": {"name": "B", "status": "past", "country": [{"iso3": "x1x"}]}},
                      {"id": "4", "fields": {"name": "K", "status": "past", "country": [{"iso3": "xkx"}, {"iso3": "alb"}]}},
                      {"id": "3"}]}
            """
        let doc = try? FeedFormat.reliefweb.read(Data(bad.utf8), feed: "rw", countries: FeedFixtures.countries)
        XCTAssertEqual(
            doc?.problems.map(\.description),
            [
                "feed rw, item 1 (1), field fields.status: \"maybe\" is not alert, current or past",
                "feed rw, item 2 (2), field fields.country[0].iso3: \"x1x\" is not an alpha-3 code",
                "feed rw, item 4 (3), field fields: missing (ask the API for profile=full or the fields you need)",
            ])
        XCTAssertEqual(doc?.items.map(\.countries), [["AL"]], "Kosovo's code is not in iso-codes: said, the item kept")
        XCTAssertEqual(doc?.unmapped, ["xkx"])
    }

    func testUSGSQuakesTakeTheirCountryFromThePlaceAndTheSeaNamesNone() throws {
        let doc = try FeedFixtures.read("usgs.geojson", as: .usgs)
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(doc.title, "USGS Significant Earthquakes, Past Week")
        XCTAssertEqual(doc.items.map(\.countries), [["ID"], ["US"], [], ["NZ"]])
        XCTAssertEqual(
            doc.items.map(\.sourceLevel),
            ["M6.8, PAGER orange, tsunami", "M5.9, PAGER yellow", "M6.1", "M7.6, tsunami"])
        XCTAssertEqual(
            doc.items.map(\.severity), [.severe, .moderate, .moderate, .extreme],
            "PAGER's colour first, else the magnitude")
        XCTAssertEqual(doc.items[2].place, "central Mid-Atlantic Ridge (at sea / unknown)")
        XCTAssertEqual(doc.items[0].time, Date(timeIntervalSince1970: 1_764_720_000))
        XCTAssertEqual(doc.items[0].link, "https://earthquake.usgs.gov/earthquakes/eventpage/us7000r001")
        XCTAssertEqual(
            FeedFixtures.refusal("{\"type\": \"Feature\"}", as: .usgs),
            "feed test, field type: not a USGS GeoJSON feed: no FeatureCollection with \"features\"")
        let bad =
            "{\"type\": \"FeatureCollection\", \"features\": [{\"id\": \"a\", \"properties\": {\"mag\": \"big\", \"time\": 1}}]}"
        XCTAssertEqual(
            try FeedFormat.usgs.read(Data(bad.utf8), feed: "q", countries: FeedFixtures.countries).problems.map(
                \.description),
            ["feed q, item 1 (a), field properties.mag: missing or not a number"])
    }

    func testNewsIsMatchedToCountriesByWholeNamesInEnglishAndBengali() throws {
        let rss = try FeedFixtures.read("news-rss.xml", as: .rss)
        XCTAssertEqual(rss.problems, [])
        XCTAssertEqual(rss.items.map(\.countries), [["MY", "TH"], ["LB"], [], ["NG", "NE"]])
        XCTAssertEqual(
            rss.items[0].title,
            "Floods in Kelantan: Bangladeshi workers moved to shelters as Malaysia & Thailand brace for more rain")
        XCTAssertEqual(rss.items[0].summary, "About 300 workers in Kota Bharu were moved overnight.")
        XCTAssertEqual(rss.items[0].time, FeedFixtures.date("2026-12-03T01:45:00Z"))
        XCTAssertEqual(
            rss.items[2].id, "https://news.example.org/2026/12/02/remittances", "no guid: the link is the id")
        let atom = try FeedFixtures.read("news-atom.xml", as: .rss)
        XCTAssertEqual(atom.items.map(\.countries), [["KW", "SA", "AE"]])
        XCTAssertEqual(atom.items[0].title, "Kuwait & Saudi Arabia tighten visa rules")
        XCTAssertEqual(atom.items[0].link, "https://example.org/gulf/101")
        XCTAssertEqual(
            FeedFixtures.refusal("<html><body>404</body></html>", as: .rss),
            "feed test: not RSS or Atom: the document is <html>")
    }
}
