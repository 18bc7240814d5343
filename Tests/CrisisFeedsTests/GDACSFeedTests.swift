import CrisisFeeds
import XCTest

final class GDACSFeedTests: XCTestCase {
    func testEveryItemOfTheFeedIsReadWithItsLevelCountriesDatesAndPopulation() throws {
        XCTAssertTrue(FeedFixtures.countries.isLoaded, "iso-codes must be installed for these tests")
        let doc = try FeedFixtures.read("gdacs.xml", as: .gdacs)
        XCTAssertEqual(doc.title, "GDACS RSS information")
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(doc.items.map(\.id), ["FL1102931", "TC1001234", "EQ1500777", "DR1017000"])
        let flood = doc.items[0]
        XCTAssertEqual(flood.kind, "flood")
        XCTAssertEqual(flood.countries, ["MY"])
        XCTAssertEqual(flood.sourceLevel, "Orange")
        XCTAssertEqual(flood.severity, .severe)
        XCTAssertEqual(flood.glide, "FL-2026-000190-MYS")
        XCTAssertEqual(flood.population, 28000)
        XCTAssertEqual(flood.time, FeedFixtures.date("2026-11-28T00:00:00Z"))
        XCTAssertEqual(flood.expires, FeedFixtures.date("2026-12-03T00:00:00Z"))
        XCTAssertEqual(flood.link, "https://www.gdacs.org/report.aspx?eventtype=FL&eventid=1102931")
        // CDATA with HTML and an entity: tags gone, the entity a space, nothing a terminal would act on.
        XCTAssertEqual(
            flood.summary,
            "On 28/11/2026, a flood started in Malaysia , lasting until 03/12/2026 (last update). The flood caused 4 deaths and 28 000 displaced."
        )
        XCTAssertFalse(flood.isAboveDefaultThreshold, "orange is not above the default threshold")

        let cyclone = doc.items[1]
        XCTAssertEqual(cyclone.countries, ["PH", "VN"], "several countries in one item, in the feed's order")
        XCTAssertEqual(cyclone.severity, .extreme)
        XCTAssertEqual(cyclone.population, 4_200_000)
        XCTAssertNil(cyclone.glide, "an empty <gdacs:glide /> is no GLIDE")
        XCTAssertTrue(cyclone.isAboveDefaultThreshold, "GDACS red is")

        let atSea = doc.items[2]
        XCTAssertEqual(atSea.countries, [])
        XCTAssertEqual(atSea.place, "at sea / unknown")
        XCTAssertEqual(atSea.kind, "earthquake")

        let drought = doc.items[3]
        XCTAssertEqual(drought.countries, ["SD"])
        XCTAssertNil(drought.population, "missing optional fields stay empty")
        XCTAssertNil(drought.summary)
        XCTAssertNil(drought.expires)
    }

    func testABadItemIsNamedWithItsFieldAndLineAndTheOthersStand() throws {
        let text = """
            <rss xmlns:gdacs="http://www.gdacs.org"><channel>
            <item><title>ok</title><guid>EQ1</guid><gdacs:eventtype>EQ</gdacs:eventtype><gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:eventid>1</gdacs:eventid><gdacs:iso3>TUR</gdacs:iso3></item>
            <item><title>bad</title><guid>EQ2</guid><gdacs:eventtype>EQ</gdacs:eventtype>
            <gdacs:alertlevel>Purple</gdacs:alertlevel><gdacs:eventid>2</gdacs:eventid></item>
            <item><title>bad</title><guid>XX3</guid><gdacs:eventtype>XX</gdacs:eventtype><gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:eventid>3</gdacs:eventid></item>
            <item><title>bad</title><guid>FL4</guid><gdacs:eventtype>FL</gdacs:eventtype><gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:eventid>4</gdacs:eventid><gdacs:iso3>ZZZ, MYS</gdacs:iso3></item>
            <item><title>bad</title><guid>FL7</guid><gdacs:eventtype>FL</gdacs:eventtype><gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:eventid>7</gdacs:eventid><gdacs:iso3>M1S</gdacs:iso3></item>
            <item><title>two</title><guid>TC6</guid><gdacs:eventtype>TC</gdacs:eventtype><gdacs:alertlevel>Orange</gdacs:alertlevel><gdacs:eventid>6</gdacs:eventid><gdacs:iso3>BGD</gdacs:iso3><gdacs:country>Bangladesh, Myanmar</gdacs:country></item>
            <item><title>bad</title><guid>FL5</guid><gdacs:eventtype>FL</gdacs:eventtype><gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:eventid>5</gdacs:eventid><gdacs:fromdate>yesterday</gdacs:fromdate></item>
            </channel></rss>
            """
        let doc = try FeedFormat.gdacs.read(Data(text.utf8), feed: "world", countries: FeedFixtures.countries)
        XCTAssertEqual(
            doc.items.map(\.countries), [["TR"], ["MY"], ["BD", "MM"]],
            "an unknown code keeps the item; one ISO3 code with two countries named gives both")
        XCTAssertEqual(doc.unmapped, ["ZZZ"])
        XCTAssertEqual(
            doc.problems.map(\.description),
            [
                "feed world, item 2 (EQ2), field gdacs:alertlevel (line 4): \"Purple\" is not Green, Orange or Red",
                "feed world, item 3 (XX3), field gdacs:eventtype (line 5): \"XX\" is not one of DR, EQ, FL, TC, TS, VO, WF",
                "feed world, item 5 (FL7), field gdacs:iso3 (line 7): M1S is not an alpha-3 code",
                "feed world, item 7 (FL5), field gdacs:fromdate (line 9): \"yesterday\" is not a date",
            ])
    }

    func testADocumentThatIsNotGDACSOrNotXMLIsRefusedWithThePlace() {
        XCTAssertEqual(
            FeedFixtures.refusal("<rss><channel>\n<item><title>x</title>\n</channel></rss>", as: .gdacs),
            "feed test: not well-formed XML (inside <item> from line 2) at line 3, column 11")
        XCTAssertEqual(FeedFixtures.refusal("", as: .gdacs), "feed test: empty document at line 0, column 0")
        XCTAssertEqual(FeedFixtures.refusal("{\"data\": []}", as: .gdacs), "feed test: not XML at line 1, column 1")
        XCTAssertEqual(
            FeedFixtures.refusal("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", as: .gdacs),
            "feed test: not GDACS RSS: the document is <feed>, not <rss>")
        let news = String(decoding: FeedFixtures.data("news-rss.xml"), as: UTF8.self)
        XCTAssertEqual(
            FeedFixtures.refusal(news, as: .gdacs),
            "feed test: not GDACS RSS: no item has a gdacs:eventtype (is this feed of another format?)")
    }
}
