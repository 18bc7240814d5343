import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Sitreps as HTML and SMS (English and Bangla), and the after-action report.
final class ExchangeReportTests: XCTestCase {
    let names = CountryNames(names: [
        "LB": "Lebanon", "MY": "Malaysia", "SD": "Sudan", "KW": "Kuwait", "SA": "Saudi Arabia",
        "AE": "United Arab Emirates", "OM": "Oman", "QA": "Qatar", "SG": "Singapore", "BH": "Bahrain",
        "JO": "Jordan", "IT": "Italy", "LY": "Libya", "BD": "Bangladesh", "CI": "Côte d'Ivoire",
    ])
    var demo: World { DemoWorld.store(now: fixedNow).world }

    // MARK: HTML

    func testHTMLIsSelfContainedWithATableOfCountries() {
        let html = SitrepHTML(world: demo, names: names, now: fixedNow).render()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(html.contains("default-src 'none'"), "no script, no outside resource may load")
        for outside in ["<script", "src=", "href=", "http://", "https://", "@import"] {
            XCTAssertFalse(html.contains(outside), outside)
        }
        XCTAssertTrue(html.contains("<h1>Situation report — Dhaka cell</h1>"))
        XCTAssertTrue(
            html.contains(
                "<th scope=\"row\">Lebanon (LB)</th><td><span class=\"level L4\">L4 mandatory evacuation</span></td>"),
            html)
        XCTAssertTrue(html.contains("<tfoot><tr><td>Total</td>"))
        let lebanon = html.range(of: "Lebanon escalation")!.lowerBound
        let saudi = html.range(of: "Saudi Arabia heatwave")!.lowerBound
        XCTAssertLessThan(lebanon, saudi, "most urgent first")
        XCTAssertTrue(html.hasSuffix("</html>\n"))
    }

    func testHTMLEscapesEverythingFromData() throws {
        var s = Fixture.store()
        let evil = "<script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(1)>"
        try s.apply(
            JournalEntry(
                seq: s.seq + 1, time: fixedNow, operator: "<b>op</b>",
                op: .updateCrisis(id: Fixture.crisisId, patch: CrisisPatch(title: evil, summary: evil))))
        try s.apply(
            JournalEntry(
                seq: s.seq + 1, time: fixedNow, operator: "x",
                op: .log(crisis: Fixture.crisisId, kind: .decision, text: evil + "\u{1B}[2J")))
        let html = SitrepHTML(world: s.world, names: CountryNames(names: ["LB": "Leb<anon>"]), now: fixedNow).render()
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("<b>op</b>"))
        XCTAssertFalse(html.contains("Leb<anon>"))
        XCTAssertFalse(html.contains("\u{1B}"), "control characters do not reach the page")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        XCTAssertEqual(SitrepHTML.escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;")
    }

    // MARK: SMS

    func testSMSLinesFitOneMessageAndTheCallToActionComesFirst() {
        let lines = SitrepSMS(world: demo, countries: testCountries, now: fixedNow, helpline: "+961 1 000 000").lines()
        XCTAssertGreaterThan(lines.count, 3)
        for l in lines {
            XCTAssertLessThanOrEqual(l.count, 160, l)
            XCTAssertTrue(SitrepSMS.fitsOneSMS(l), l)
            XCTAssertTrue(SitrepSMS.isGSM7(l), "English stays in the GSM alphabet: \(l)")
            XCTAssertFalse(l.isEmpty)
        }
        XCTAssertEqual(
            lines[0],
            "Nationals in Lebanon: MANDATORY EVACUATION (alert L4). Register with the embassy to leave and follow its instructions. Helpline +961 1 000 000."
        )
        XCTAssertTrue(lines[1].hasPrefix("Lebanon escalation: severity 4/4, phase evacuation."), lines[1])
        XCTAssertTrue(lines.joined(separator: " ").contains("evacuated 1,199"), "figures from the data")
        XCTAssertTrue(lines.last!.hasPrefix("Dhaka cell sitrep 2026-11-29 14:02 UTC"), lines.last!)
    }

    func testSMSInBangla() {
        let lines = SitrepSMS(
            world: demo, countries: testCountries, now: fixedNow, language: .bn, helpline: "+961 1 000 000"
        ).lines()
        for l in lines {
            XCTAssertLessThanOrEqual(l.count, 160, l)
            XCTAssertLessThanOrEqual(l.utf16.count, 70, "Bangla needs UCS-2: 70 to a message: \(l)")
        }
        XCTAssertTrue(lines[0].hasPrefix("লেবাননে অবস্থানরত প্রবাসীরা:"), lines[0])
        let all = lines.joined(separator: " ")
        XCTAssertTrue(all.contains("বাধ্যতামূলক সরিয়ে নেওয়া"), all)
        XCTAssertTrue(all.contains("দূতাবাসে নিবন্ধন করুন"), all)
        XCTAssertTrue(all.contains("হেল্পলাইন:\u{00A0}+961 1 000 000"), "the helpline stays together: \(all)")
        XCTAssertTrue(all.contains("১,১৯৯"), "Bengali digits: \(all)")
        XCTAssertFalse(all.contains("1,199"))
        XCTAssertEqual(SitrepSMS.bengaliDigits("2026-11-29 14:02"), "২০২৬-১১-২৯ ১৪:০২")
    }

    func testSMSCallsToActionFollowTheAlertLevel() throws {
        var s = Fixture.store()
        func first(_ level: AlertLevel, _ lang: SitrepSMS.Language = .en) throws -> String {
            try s.apply(
                JournalEntry(
                    seq: s.seq + 1, time: fixedNow, operator: "t",
                    op: .setAlert(country: "LB", level: level, reason: "test")))
            return SitrepSMS(world: s.world, countries: testCountries, now: fixedNow, language: lang).lines()[0]
        }
        XCTAssertTrue(try first(.voluntaryReturn).contains("assisted return is offered (alert L3)"))
        XCTAssertTrue(try first(.restriction).contains("stay where you are"))
        XCTAssertTrue(try first(.precautionary).contains("keep passport and ID ready"))
        XCTAssertTrue(try first(.none).contains("no alert in force"))
        XCTAssertTrue(try first(.restriction, .bn).contains("যেখানে আছেন সেখানেই থাকুন"))
        let none = SitrepSMS(world: World(), countries: testCountries, now: fixedNow).lines()
        XCTAssertEqual(none.first, "No active crisis.")
    }

    func testSMSMeasuresAndWrapsLikeAPhone() {
        XCTAssertEqual(SitrepSMS.length("abc"), 3)
        XCTAssertEqual(SitrepSMS.length("a€"), 3, "€ takes two septets")
        XCTAssertEqual(SitrepSMS.limit("plain"), 160)
        XCTAssertEqual(SitrepSMS.limit("রহিম"), 70)
        var s = Fixture.store()
        try? s.apply(
            JournalEntry(
                seq: s.seq + 1, time: fixedNow, operator: "t",
                op: .updateCrisis(
                    id: Fixture.crisisId,
                    patch: CrisisPatch(title: String(repeating: "Very long crisis title ", count: 12)))))
        let lines = SitrepSMS(world: s.world, countries: testCountries, now: fixedNow).lines()
        XCTAssertTrue(lines.allSatisfy(SitrepSMS.fitsOneSMS), "\(lines)")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 160 })
        var t = Fixture.store()
        try? t.apply(
            JournalEntry(
                seq: t.seq + 1, time: fixedNow, operator: "t",
                op: .updateCrisis(
                    id: Fixture.crisisId, patch: CrisisPatch(title: "লেবানন সংকট — " + String(repeating: "ক", count: 200)))
            ))
        let mixed = SitrepSMS(world: t.world, countries: testCountries, now: fixedNow).lines()
        XCTAssertTrue(
            mixed.allSatisfy(SitrepSMS.fitsOneSMS), "a Bengali title in the English version: 70 to a line: \(mixed)")
    }

    // MARK: After-action report

    func testAfterActionReport() throws {
        let world = demo
        let crisis = try XCTUnwrap(world.crises["lb-escalation"])
        let md = AfterActionReport(world: world, crisis: crisis, names: names, now: fixedNow).render()
        XCTAssertTrue(md.hasPrefix("# After-action report: Lebanon escalation\n"))
        for heading in [
            "## Timeline", "## Decisions and alert-level changes", "### Decisions", "### Alert levels", "## Checklist",
            "## Counts over time", "### Lebanon (LB)", "## Open items for the review",
        ] {
            XCTAssertTrue(md.contains("\n\(heading)\n"), heading)
        }
        // Decisions and alert changes with who and why.
        XCTAssertTrue(md.contains("Mandatory evacuation ordered for Lebanon"), md)
        XCTAssertTrue(
            md.contains("| LB | raised L3 → L4 (mandatory evacuation) | rahim | Airport road under threat"), md)
        // Checklist completion with times.
        let done = crisis.checklist.first { $0.status == .done && $0.doneAt != nil }!
        XCTAssertTrue(md.contains("| \(done.text) |"), done.text)
        XCTAssertTrue(md.contains("| [x] done | \(done.doneBy!) | \(Format.dateTime(done.doneAt!, .utc)) |"), md)
        let p = ChecklistProgress(crisis.checklist)
        XCTAssertTrue(md.contains("\(p.done) of \(p.total) closed"))
        // Counts over time: a row per day, the newest matching the figures held.
        XCTAssertTrue(md.contains("| Date (UTC) | stock estimate | registered |"), md)
        let lb = world.countries["LB"]!
        XCTAssertTrue(md.contains("| 2026-11-29 | \(Format.number(lb.count(.stock)))"), md)
        XCTAssertTrue(md.contains(Format.number(lb.count(.evacuated))))
        // The timeline is oldest first.
        let timeline = md.components(separatedBy: "## Decisions")[0].components(separatedBy: "\n").filter {
            $0.hasPrefix("| 2026-")
        }
        XCTAssertEqual(timeline.count, world.events.filter { $0.crisis == "lb-escalation" }.count)
        let times = timeline.map { String($0.prefix(18)) }
        XCTAssertEqual(times, times.sorted())
    }

    /// A tick made offline at 09:35 and sent at 10:41, after a sitrep written at 10:00: the report dates the tick
    /// 09:35 (done at, and its place in the timeline) and says when it was sent.
    func testAnOfflineChangeIsDatedWhenItWasMadeInTheAfterActionReport() throws {
        var store = DemoWorld.store(now: fixedNow)
        let crisis = try XCTUnwrap(store.world.crises["lb-escalation"])
        let item = try XCTUnwrap(crisis.checklist.first { $0.status == .open })
        let day = Timestamp.rounded(fixedNow.addingTimeInterval(3600))
        func entry(_ op: StoreOperation, at: Double, madeAt: Double? = nil) -> JournalEntry {
            JournalEntry(
                seq: store.seq + 1, time: day.addingTimeInterval(at * 60), operator: "karim", op: op,
                madeAt: madeAt.map { day.addingTimeInterval($0 * 60) })
        }
        try store.apply(entry(.log(crisis: crisis.id, kind: .sitrep, text: "sitrep at ten"), at: 0))
        try store.apply(
            entry(
                .setItemStatus(owner: .crisis(crisis.id), item: item.id, status: .done, expected: .open), at: 41,
                madeAt: -25))
        let ticked = try XCTUnwrap(store.world.crises[crisis.id]?.checklist.first { $0.id == item.id })
        XCTAssertEqual(ticked.doneAt, day.addingTimeInterval(-25 * 60), "done when it was ticked")
        let md = AfterActionReport(
            world: store.world, crisis: store.world.crises[crisis.id]!, names: names, now: day.addingTimeInterval(3600)
        ).render()
        let made = Format.dateTime(day.addingTimeInterval(-25 * 60), .utc)
        let sent = Format.dateTime(day.addingTimeInterval(41 * 60), .utc)
        let rows = md.components(separatedBy: "\n")
        let tickRow = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("| \(made), sent \(sent) | karim |") }, md)
        let sitrepRow = try XCTUnwrap(rows.firstIndex { $0.contains("sitrep at ten") })
        XCTAssertLessThan(tickRow, sitrepRow, "in the order things were done")
    }

    func testAfterActionReportNeutralisesMarkdownFromData() throws {
        var s = Fixture.store()
        try s.apply(
            JournalEntry(
                seq: s.seq + 1, time: fixedNow, operator: "t",
                op: .log(crisis: Fixture.crisisId, kind: .decision, text: "| col | <b>x</b>\n# heading")))
        let md = AfterActionReport(
            world: s.world, crisis: s.world.crises[Fixture.crisisId]!, names: names, now: fixedNow
        ).render()
        XCTAssertFalse(md.contains("<b>"))
        XCTAssertFalse(md.contains("\n# heading"), "a newline in data cannot start a heading")
        XCTAssertTrue(md.contains("\\| col \\|"), "pipes escaped inside a table")
        XCTAssertTrue(md.contains("No alert-level changes during the crisis."))
    }
}
