import CrisisFeeds
import XCTest

final class CAPFeedTests: XCTestCase {
    func testASingleMessageIsReadFromItsEnglishInfoWithItsCountryGeocode() throws {
        let doc = try FeedFixtures.read("cap-alert.xml", as: .cap)
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(doc.items.count, 1)
        let flood = doc.items[0]
        XCTAssertEqual(flood.id, "MET-MY-2026-1203-0042")
        XCTAssertEqual(flood.title, "Flood warning: Kelantan & Terengganu, Malaysia")
        XCTAssertEqual(flood.kind, "flood")
        XCTAssertEqual(flood.countries, ["MY"], "from the ISO3166-1 geocode, not the ISO3166-2 one")
        XCTAssertEqual(flood.sourceLevel, "Severe / Immediate / Observed")
        XCTAssertEqual(flood.severity, .severe)
        XCTAssertTrue(flood.isAboveDefaultThreshold, "Severe and Immediate is above the default threshold")
        XCTAssertEqual(flood.time, FeedFixtures.date("2026-12-02T22:00:00Z"), "onset, in UTC")
        XCTAssertEqual(flood.expires, FeedFixtures.date("2026-12-04T22:00:00Z"))
        XCTAssertEqual(flood.link, "https://www.met.gov.my/en/warning/flood")
        XCTAssertEqual(flood.summary, "Rivers above danger level at 14 stations. Evacuate low-lying areas now .")
        XCTAssertEqual(flood.messageType, .alert)
    }

    func testAnAtomFeedGivesAlertsUpdatesCancelsFlatEntriesAndLinksAndLeavesOutTests() throws {
        let doc = try FeedFixtures.read("cap-atom.xml", as: .cap)
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(doc.title, "Regional hazard alerts")
        XCTAssertEqual(
            doc.items.map(\.id),
            [
                "LB-0001", "LB-0002", "JO-0008", "https://api.example.gov/alerts/urn:oid:2.49.0.1.840.0.abc",
                "urn:example:alerts:OM-0003",
            ])
        XCTAssertEqual(doc.notes, ["TEST-1: a test message, not an alert"])
        let first = doc.items[0]
        XCTAssertEqual(first.countries, ["LB"], "from the area's words when there is no geocode")
        XCTAssertEqual(first.time, FeedFixtures.date("2026-12-02T21:00:00Z"), "sent, with CAP's -00:00 for UTC")
        XCTAssertEqual(
            first.link, "https://alerts.example.org/LB-0001", "the entry's link when the message has no <web>")
        XCTAssertFalse(first.isAboveDefaultThreshold, "Severe but only Expected")
        let update = doc.items[1]
        XCTAssertEqual(update.messageType, .update)
        XCTAssertEqual(update.replaces, ["LB-0001"])
        XCTAssertEqual(update.countries, ["LB"], "an alpha-3 geocode")
        XCTAssertTrue(update.isAboveDefaultThreshold)
        let cancel = doc.items[2]
        XCTAssertEqual(cancel.messageType, .cancel)
        XCTAssertEqual(cancel.replaces, ["JO-0007"])
        XCTAssertEqual(cancel.title, "Cancelled: alert")
        XCTAssertFalse(cancel.isAboveDefaultThreshold, "a cancellation never raises a banner")
        let nws = doc.items[3]
        XCTAssertEqual(nws.kind, "tsunami warning")
        XCTAssertEqual(nws.countries, ["US"])
        XCTAssertEqual(nws.severity, .extreme)
        XCTAssertEqual(nws.summary, "A TSUNAMI WARNING IS IN EFFECT FOR THE STATE OF HAWAII & nearby islands.")
        XCTAssertEqual(nws.expires, FeedFixtures.date("2026-12-04T02:00:00Z"))
        let linked = doc.items[4]
        XCTAssertEqual(linked.link, "https://alerts.example.org/OM-0003.xml")
        XCTAssertEqual(linked.countries, ["OM"])
    }

    func testAMessageMissingWhatCAPRequiresIsRefusedNamingTheField() throws {
        func alert(_ body: String) -> String {
            """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>X-1</identifier><sender>s</sender>
            <sent>2026-12-03T00:00:00Z</sent><status>Actual</status>\(body)</alert>
            """
        }
        func problem(_ body: String) throws -> String? {
            try FeedFormat.cap.read(Data(alert(body).utf8), feed: "met", countries: FeedFixtures.countries)
                .problems.first?.description
        }
        let info =
            "<info><category>Met</category><event>Flood</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty></info>"
        XCTAssertNil(try problem("<msgType>Alert</msgType><scope>Public</scope>\(info)"))
        XCTAssertEqual(
            try problem("<msgType>Alert</msgType>\(info)"), "feed met, item 1, field scope (line 1): missing")
        XCTAssertEqual(
            try problem("<msgType>Warning</msgType><scope>Public</scope>\(info)"),
            "feed met, item 1, field msgType (line 2): \"Warning\" is not one of Alert, Update, Cancel, Ack, Error")
        XCTAssertEqual(
            try problem("<msgType>Update</msgType><scope>Public</scope>\(info)"),
            "feed met, item 1, field references (line 1): an Update must name the message it replaces")
        XCTAssertEqual(
            try problem("<msgType>Alert</msgType><scope>Public</scope>"),
            "feed met, item 1, field info (line 1): an Alert carries at least one <info>")
        XCTAssertEqual(
            try problem(
                "<msgType>Alert</msgType><scope>Public</scope>\(info.replacingOccurrences(of: "Severe", with: "Bad"))"),
            "feed met, item 1, field severity (line 2): \"Bad\" is not one of Extreme, Severe, Moderate, Minor, Unknown"
        )
        XCTAssertEqual(
            FeedFixtures.refusal("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.0\"/>", as: .cap),
            "feed test: not CAP 1.2: <alert> is in namespace \"urn:oasis:names:tc:emergency:cap:1.0\", not urn:oasis:names:tc:emergency:cap:1.2"
        )
        XCTAssertEqual(
            FeedFixtures.refusal(String(decoding: FeedFixtures.data("news-atom.xml"), as: UTF8.self), as: .cap),
            "feed test: not CAP: 1 entries, none with a CAP message or link")
    }
}
