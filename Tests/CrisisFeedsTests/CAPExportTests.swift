import CrisisExchange
import CrisisFeeds
import CrisisModel
import Foundation
import XCTest

/// `export cap`: every message checked against CAP 1.2's schema (each element in the order the OASIS schema sets,
/// required ones present, values from its lists), and read back by the cell's own CAP reader.
final class CAPExportTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_764_700_000) // 2025-12-02T18:26:40Z, fixed

    private func world() throws -> World {
        var s = Store()
        func alert(_ c: String, _ l: AlertLevel, _ minutes: Double, _ why: String) throws {
            try s.apply(
                JournalEntry(
                    seq: s.seq + 1, time: t0.addingTimeInterval(minutes * 60), operator: "karim",
                    op: .setAlert(country: c, level: l, reason: why)))
        }
        try alert("LB", .restriction, 0, "shelling near Tyre & Sidon <south>")
        try alert("LB", .voluntaryReturn, 30, "airport open, \u{1B}[31mflights\u{1B}[0m full")
        try alert("MY", .precautionary, 40, "floods in Kelantan")
        try alert("LB", .mandatoryEvacuation, 90, "ground incursion")
        try alert("MY", .none, 120, "waters receded")
        return s.world
    }

    func testEveryMessageIsValidCAPAndTheChainOfUpdatesAndCancelsHolds() throws {
        let data = CAPExport.atom(try world(), sender: "cell@example.org", names: FeedFixtures.countries, now: t0)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertFalse(text.contains("\u{1B}"), "no control character from a reason reaches the feed")
        let root = try XMLTree.parse(data, feed: "export")
        XCTAssertEqual(root.name, "feed")
        let alerts = root.descendants("alert", in: CAPExport.namespace)
        XCTAssertEqual(alerts.count, 5)
        for a in alerts { try CAPSchema.check(a) }

        let doc = try FeedFormat.cap.read(data, feed: "export", countries: FeedFixtures.countries)
        XCTAssertEqual(doc.problems, [])
        XCTAssertEqual(
            doc.items.map(\.id),
            ["dhaka-cell.MY.2", "dhaka-cell.LB.3", "dhaka-cell.MY.1", "dhaka-cell.LB.2", "dhaka-cell.LB.1"])
        XCTAssertEqual(doc.items.map(\.messageType), [.cancel, .update, .alert, .update, .alert])
        XCTAssertEqual(
            doc.items.map(\.replaces), [["dhaka-cell.MY.1"], ["dhaka-cell.LB.2"], [], ["dhaka-cell.LB.1"], []])
        XCTAssertEqual(doc.items.map(\.countries), [["MY"], ["LB"], ["MY"], ["LB"], ["LB"]])
        XCTAssertEqual(doc.items[1].title, "Lebanon: L4 mandatory evacuation (was L3)")
        XCTAssertEqual(doc.items[1].sourceLevel, "Extreme / Immediate / Observed")
        XCTAssertTrue(doc.items[1].isAboveDefaultThreshold, "a partner's CrisisCell would raise a banner for our L4")
        XCTAssertEqual(doc.items[0].title, "Malaysia: alert lifted (was L1 precautionary)")
        XCTAssertEqual(doc.items[4].summary, "shelling near Tyre & Sidon <south>", "escaped, and read back the same")
        XCTAssertTrue(text.contains("<sent>2025-12-02T19:56:40+00:00</sent>"), "CAP's offset form, never Z")
        XCTAssertTrue(
            text.contains("<references>cell@example.org,dhaka-cell.LB.2,2025-12-02T18:56:40+00:00</references>"), text)
    }

    func testTheSameChangeKeepsItsIdentifierInALaterExport() throws {
        var w = try world()
        let before = CAPExport.messages(w, sender: "s").map(\.identifier)
        w.countries["LB"]?.alertHistory.append(
            AlertChange(
                level: .voluntaryReturn, previous: .mandatoryEvacuation, at: t0.addingTimeInterval(9000), by: "k",
                reason: "calmer"))
        let after = CAPExport.messages(w, sender: "s").map(\.identifier)
        XCTAssertEqual(after.first, "dhaka-cell.LB.4")
        XCTAssertEqual(Array(after.dropFirst()), before)
    }
}

/// CAP 1.2's schema (OASIS, 1 July 2010) as order and lists: each element's children must come in this order,
/// the required ones must be there, and the coded values must be from the standard's lists.
enum CAPSchema {
    struct Violation: Error, CustomStringConvertible { var description: String }

    static let alertOrder = [
        "identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction", "addresses", "code",
        "note",
        "references", "incidents", "info",
    ]
    static let alertRequired = ["identifier", "sender", "sent", "status", "msgType", "scope"]
    static let infoOrder = [
        "language", "category", "event", "responseType", "urgency", "severity", "certainty", "audience", "eventCode",
        "effective", "onset", "expires", "senderName", "headline", "description", "instruction", "web", "contact",
        "parameter", "resource", "area",
    ]
    static let infoRequired = ["category", "event", "urgency", "severity", "certainty"]
    static let areaOrder = ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"]
    static let lists: [String: [String]] = [
        "status": ["Actual", "Exercise", "System", "Test", "Draft"],
        "msgType": ["Alert", "Update", "Cancel", "Ack", "Error"], "scope": ["Public", "Restricted", "Private"],
        "category": [
            "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE",
            "Other",
        ],
        "responseType": [
            "Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None",
        ],
        "urgency": ["Immediate", "Expected", "Future", "Past", "Unknown"],
        "severity": ["Extreme", "Severe", "Moderate", "Minor", "Unknown"],
        "certainty": ["Observed", "Likely", "Possible", "Unlikely", "Unknown"],
    ]

    static func check(_ alert: FeedElement) throws {
        try ordered(alert, alertOrder, required: alertRequired)
        let sent = alert.value("sent") ?? ""
        // CAP's dateTime: "2002-05-24T16:49:00-07:00", no fractions and no "Z".
        guard sent.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"#, options: .regularExpression) != nil
        else {
            throw Violation(description: "sent \(sent) is not CAP's date form")
        }
        if ["Update", "Cancel"].contains(alert.value("msgType")), alert.value("references") == nil {
            throw Violation(description: "an Update or Cancel without references")
        }
        for info in alert.all("info") {
            try ordered(info, infoOrder, required: infoRequired)
            for area in info.all("area") { try ordered(area, areaOrder, required: ["areaDesc"]) }
        }
    }

    static func ordered(_ e: FeedElement, _ order: [String], required: [String]) throws {
        var last = -1
        for c in e.children {
            guard c.namespace == CAPExport.namespace, let i = order.firstIndex(of: c.name) else {
                throw Violation(description: "<\(c.name)> is not allowed in <\(e.name)>")
            }
            guard i >= last else { throw Violation(description: "<\(c.name)> comes too late in <\(e.name)>") }
            last = i
            if let allowed = lists[c.name], !allowed.contains(c.text) {
                throw Violation(description: "<\(c.name)>\(c.text)</\(c.name)> is not in CAP's list")
            }
        }
        for r in required where e.first(r) == nil { throw Violation(description: "<\(e.name)> has no <\(r)>") }
    }
}
