import CrisisExchange
import CrisisModel
import CrisisStorage
import TestSupport
import XCTest

final class StoreTests: XCTestCase {
    private func entry(_ store: Store, _ op: StoreOperation, by who: String = "rahim", at t: Date = fixedNow)
        -> JournalEntry
    {
        JournalEntry(seq: store.seq + 1, time: t, operator: who, op: op)
    }

    private func assertRefused(
        _ op: StoreOperation, in store: Store, _ expected: StoreError, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        var copy = store
        // As a new change is: checked (prepare), then applied.
        XCTAssertThrowsError(
            try {
                _ = try copy.prepare(op)
                try copy.apply(entry(store, op))
            }(), file: file, line: line
        ) { error in
            XCTAssertEqual(error as? StoreError, expected, file: file, line: line)
        }
        XCTAssertEqual(copy, store, "a refused operation must leave the store unchanged", file: file, line: line)
    }

    func testFixtureBuildsAndLogsEveryChange() {
        let s = Fixture.store()
        XCTAssertEqual(s.seq, 3)
        XCTAssertEqual(s.world.events.count, 3, "every change writes a log entry by itself")
        XCTAssertEqual(s.world.countries["LB"]?.count(.registered), 1_800)
        XCTAssertEqual(s.world.events.last?.operator, "test")
    }

    func testTickRecordsOperatorAndTimeAndUntickClearsThem() throws {
        var s = Fixture.store()
        try s.apply(entry(s, .setItemStatus(owner: .crisis(Fixture.crisisId), item: "b", status: .done), by: "karim"))
        let item = s.world.crises[Fixture.crisisId]!.checklist[1]
        XCTAssertEqual(item.status, .done)
        XCTAssertEqual(item.doneBy, "karim")
        XCTAssertEqual(item.doneAt, fixedNow)
        XCTAssertEqual(s.world.events.last?.text, "ticked \"Registration opened\"")
        XCTAssertEqual(s.world.events.last?.crisis, Fixture.crisisId)
        try s.apply(entry(s, .setItemStatus(owner: .crisis(Fixture.crisisId), item: "b", status: .open)))
        XCTAssertNil(s.world.crises[Fixture.crisisId]!.checklist[1].doneBy)
        XCTAssertEqual(s.world.events.last?.text, "unticked \"Registration opened\"")
    }

    func testSetCountsKeepsHistoryForDeltas() throws {
        var s = Fixture.store()
        try s.apply(
            entry(
                s, .setCounts(country: "LB", counts: [.evacuated: 1_000], source: "flight 17", asOf: nil),
                at: fixedNow.addingTimeInterval(-30 * 3600)))
        try s.apply(
            entry(
                s, .setCounts(country: "LB", counts: [.evacuated: 1_199], source: "flight 18", asOf: nil),
                at: fixedNow.addingTimeInterval(-3600)))
        let lb = s.world.countries["LB"]!
        XCTAssertEqual(lb.count(.evacuated), 1_199)
        XCTAssertEqual(lb.counts[.evacuated]?.source, "flight 18")
        XCTAssertEqual(lb.delta(.evacuated, over: 86_400, now: fixedNow), 199)
        XCTAssertEqual(
            lb.delta(.stock, over: 86_400, now: fixedNow), 90_000, "first set inside the window: the whole value is new"
        )
        XCTAssertEqual(lb.delta(.stock, over: 60, now: fixedNow), 0, "not moved in the last minute")
        XCTAssertNil(lb.delta(.dead, over: 86_400, now: fixedNow))
        XCTAssertEqual(s.world.events.last?.text, "LB evacuated 1199 (+199) — flight 18")
    }

    func testValidationRefusesBadOperationsAndLeavesStoreUnchanged() {
        let s = Fixture.store()
        assertRefused(
            .setCounts(country: "LB", counts: [.affected: -1], source: "", asOf: nil), in: s,
            .negativeCount(.affected, -1))
        assertRefused(
            .setCounts(country: "LB", counts: [.evacuated: 12_001], source: "", asOf: nil), in: s,
            .partExceedsWhole(country: "LB", part: .evacuated, partValue: 12_001, whole: .affected, wholeValue: 12_000))
        assertRefused(
            .setCounts(country: "LB", counts: [.evacuated: 500, .returned: 501], source: "", asOf: nil), in: s,
            .partExceedsWhole(country: "LB", part: .returned, partValue: 501, whole: .evacuated, wholeValue: 500))
        assertRefused(
            .setCounts(country: "LB", counts: [.affected: 11_000, .dead: 11_001], source: "", asOf: nil), in: s,
            .partExceedsWhole(country: "LB", part: .dead, partValue: 11_001, whole: .affected, wholeValue: 11_000))
        assertRefused(
            .setCounts(country: "LB", counts: [.affected: 10_000_000_001], source: "", asOf: nil), in: s,
            .countTooLarge(.affected, 10_000_000_001))
        assertRefused(
            .setCounts(country: "lebanon", counts: [.stock: 1], source: "", asOf: nil), in: s,
            .invalidCountryCode("lebanon"))
        assertRefused(.setItemStatus(owner: .crisis("nope"), item: "a", status: .done), in: s, .unknownCrisis("nope"))
        assertRefused(
            .setItemStatus(owner: .crisis(Fixture.crisisId), item: "zz", status: .done), in: s,
            .unknownItem(owner: "crisis \(Fixture.crisisId)", item: "zz"))
        assertRefused(.setItemStatus(owner: .country("KW"), item: "a", status: .done), in: s, .unknownCountry("KW"))
        assertRefused(.addContact(Fixture.contact(id: "c2", name: "  ")), in: s, .empty(field: "name"))
        assertRefused(.addContact(Fixture.contact()), in: s, .duplicateId("c1"))
        var badZone = Fixture.contact(id: "c3")
        badZone.timeZone = "Mars/Olympus"
        assertRefused(.addContact(badZone), in: s, .invalidTimeZone("Mars/Olympus"))
        var badPhone = Fixture.contact(id: "c4")
        badPhone.phones = ["call me"]
        assertRefused(
            .addContact(badPhone), in: s,
            .invalid(field: "phone", reason: "'call me' is not a phone number (digits, spaces, + ( ) - . only)"))
        assertRefused(.addCrisis(Fixture.crisis()), in: s, .duplicateId(Fixture.crisisId))
        var badSeverity = Fixture.crisis(id: "x")
        badSeverity.severity = 5
        assertRefused(.addCrisis(badSeverity), in: s, .outOfRange(field: "severity", value: 5, range: 1...4))
        assertRefused(.log(crisis: nil, kind: .sitrep, text: "   "), in: s, .empty(field: "log text"))
        assertRefused(.log(crisis: "ghost", kind: .sitrep, text: "hello"), in: s, .unknownCrisis("ghost"))
        assertRefused(.setAlert(country: "LB", level: .restriction, reason: ""), in: s, .empty(field: "reason"))
        assertRefused(.updateCrisis(id: "ghost", patch: CrisisPatch(title: "x")), in: s, .unknownCrisis("ghost"))
        assertRefused(.updateCrisis(id: Fixture.crisisId, patch: CrisisPatch(title: "")), in: s, .empty(field: "title"))
        assertRefused(.deleteContact(id: "ghost"), in: s, .unknownContact("ghost"))
        assertRefused(
            .addItem(owner: .crisis(Fixture.crisisId), item: ChecklistItem(id: "a", text: "dup", section: "x")), in: s,
            .duplicateId("a"))
        assertRefused(
            .setCell(CellSettings(name: "x", homeTimeZone: "Nowhere/City")), in: s, .invalidTimeZone("Nowhere/City"))
    }

    func testValidateDoesNotChangeAnything() throws {
        let s = Fixture.store()
        try s.validate(.log(crisis: nil, kind: .sitrep, text: "fine"))
        XCTAssertThrowsError(try s.validate(.log(crisis: nil, kind: .sitrep, text: "")))
        XCTAssertEqual(s.world.events.count, 3)
    }

    func testAlertChangeRecordsWhoWhenWhy() throws {
        var s = Fixture.store()
        try s.apply(
            entry(s, .setAlert(country: "LB", level: .mandatoryEvacuation, reason: "airport closing"), by: "nasrin"))
        let change = try XCTUnwrap(s.world.countries["LB"]?.lastAlertChange)
        XCTAssertEqual(change.level, .mandatoryEvacuation)
        XCTAssertEqual(change.previous, .none)
        XCTAssertEqual(change.by, "nasrin")
        XCTAssertEqual(change.reason, "airport closing")
        XCTAssertEqual(s.world.events.last?.kind, .alert)
        XCTAssertEqual(s.world.events.last?.text, "LB alert raised L0 → L4 (mandatory evacuation): airport closing")
    }

    func testCrisisEditItemsAndContactsLifecycle() throws {
        var s = Fixture.store()
        try s.apply(entry(s, .updateCrisis(id: Fixture.crisisId, patch: CrisisPatch(phase: .recovery))))
        XCTAssertEqual(s.world.crises[Fixture.crisisId]?.phase, .recovery)
        XCTAssertEqual(s.world.events.last?.kind, .decision)
        let owner = ChecklistOwner.crisis(Fixture.crisisId)
        try s.apply(
            entry(s, .addItem(owner: owner, item: ChecklistItem(id: "d", text: "Sea route", section: "Movement"))))
        try s.apply(entry(s, .updateItem(owner: owner, item: "d", patch: ItemPatch(assignee: "karim", due: fixedNow))))
        XCTAssertEqual(s.world.crises[Fixture.crisisId]?.checklist.last?.assignee, "karim")
        try s.apply(entry(s, .updateItem(owner: owner, item: "d", patch: ItemPatch(clearDue: true))))
        XCTAssertNil(s.world.crises[Fixture.crisisId]?.checklist.last?.due)
        try s.apply(entry(s, .deleteItem(owner: owner, item: "d")))
        XCTAssertEqual(s.world.crises[Fixture.crisisId]?.checklist.count, 3)
        var c = Fixture.contact()
        c.duty = .offDuty
        try s.apply(entry(s, .updateContact(c)))
        XCTAssertEqual(s.world.contacts["c1"]?.duty, .offDuty)
        try s.apply(entry(s, .deleteContact(id: "c1")))
        XCTAssertNil(s.world.contacts["c1"])
        try s.apply(entry(s, .deleteCrisis(id: Fixture.crisisId)))
        XCTAssertNil(s.world.crises[Fixture.crisisId])
    }

    func testOperationsRoundTripThroughJSON() throws {
        let ops: [StoreOperation] =
            Fixture.setupOps + [
                .setItemStatus(owner: .country("LB"), item: "prep-01", status: .notApplicable),
                .updateItem(owner: .crisis("x"), item: "a", patch: ItemPatch(due: fixedNow, clearDue: false)),
                .log(crisis: nil, kind: .decision, text: "বাংলা text ✓"),
                .setCell(CellSettings()),
            ]
        for op in ops {
            let e = JournalEntry(seq: 7, time: fixedNow, operator: "রহিম", op: op)
            let data = try JSONCoding.encoder().encode(e)
            XCTAssertEqual(try JSONCoding.decoder().decode(JournalEntry.self, from: data), e)
        }
    }

    func testQueriesOrderByUrgencyAndTotals() throws {
        var s = Fixture.store()
        var calm = Fixture.crisis(id: "sa-calm")
        calm.countries = ["SA"]
        calm.severity = 1
        calm.phase = .monitoring
        try s.apply(entry(s, .addCrisis(calm)))
        try s.apply(
            entry(s, .setCounts(country: "SA", counts: [.stock: 2_500_000, .affected: 10], source: "", asOf: nil)))
        XCTAssertEqual(s.world.crisesByUrgency().map(\.id), [Fixture.crisisId, "sa-calm"])
        XCTAssertEqual(s.world.totals()[.affected], 12_010)
        XCTAssertNil(s.world.totals()[.dead])
        XCTAssertEqual(s.world.countriesOrdered(first: ["SA"]).map(\.code), ["SA", "LB"])
        XCTAssertEqual(s.world.latestEvents(limit: 2).map(\.seq), [5, 4])
    }

    /// Answers kept per version of the data must change with it: each query is asked, the data changed, asked again.
    func testRememberedAnswersFollowEveryChange() throws {
        var s = Fixture.store()
        XCTAssertEqual(s.world.latestEvents(limit: 5, crisis: Fixture.crisisId, significantOnly: true).count, 0)
        try s.apply(entry(s, .log(crisis: Fixture.crisisId, kind: .sitrep, text: "first sitrep")))
        XCTAssertEqual(
            s.world.latestEvents(limit: 5, crisis: Fixture.crisisId, significantOnly: true).map(\.text),
            ["first sitrep"])
        try s.apply(entry(s, .log(crisis: Fixture.crisisId, kind: .decision, text: "evacuate")))
        XCTAssertEqual(
            s.world.latestEvents(limit: 5, crisis: Fixture.crisisId, significantOnly: true).map(\.text),
            ["evacuate", "first sitrep"])

        XCTAssertEqual(s.world.totals()[.affected], 12_000)
        try s.apply(entry(s, .setCounts(country: "LB", counts: [.affected: 12_500], source: "", asOf: nil)))
        XCTAssertEqual(s.world.totals()[.affected], 12_500)

        XCTAssertEqual(s.world.contacts(in: ["LB"]).map(\.id), ["c1"])
        var second = Fixture.contact(id: "c2", name: "Karim Uddin")
        second.duty = .onDuty
        second.callOrder = 0
        try s.apply(entry(s, .addContact(second)))
        XCTAssertEqual(s.world.contacts(in: ["LB"]).map(\.id), ["c2", "c1"])
        XCTAssertEqual(s.world.memo("answer") { 1 }, 1)
        XCTAssertEqual(s.world.memo("answer") { 2 }, 1, "kept while the data is unchanged")
        XCTAssertEqual(s.world.memo("roster", on: .contacts) { 1 }, 1)
        XCTAssertEqual(s.world.memo("ranking", on: .crises) { 1 }, 1)
        try s.apply(entry(s, .setItemStatus(owner: .crisis(Fixture.crisisId), item: "a", status: .done)))
        XCTAssertEqual(s.world.memo("answer") { 3 }, 3, "dropped when the data changes")
        XCTAssertEqual(s.world.memo("roster", on: .contacts) { 2 }, 1, "a tick leaves the contacts' answers")
        XCTAssertEqual(s.world.memo("ranking", on: .crises) { 2 }, 2, "a tick drops the crises' answers")
        try s.apply(entry(s, .setAlert(country: "LB", level: .restriction, reason: "shelling")))
        XCTAssertEqual(
            s.world.memo("ranking", on: .crises) { 3 }, 3, "an alert level ranks crises, so it drops their answers")
        XCTAssertEqual(s.world.memo("roster", on: .contacts) { 3 }, 1)
    }

    func testFormatting() {
        XCTAssertEqual(Format.number(1_234_567), "1,234,567")
        XCTAssertEqual(Format.number(999), "999")
        XCTAssertEqual(Format.number(nil), "—")
        XCTAssertEqual(Format.signed(54), "+54")
        XCTAssertEqual(Format.signed(-3), "-3")
        XCTAssertEqual(Format.clock(fixedNow, .named("Asia/Dhaka")), "20:02")
        // The offset arithmetic agrees with a Calendar in half- and quarter-hour zones, across DST and before 1970.
        for zone in [
            "Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "Europe/London", "Pacific/Chatham",
            "America/St_Johns",
        ] {
            let tz = TimeZone.named(zone)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = tz
            for t in stride(from: -86_400.0 * 400, to: 86_400.0 * 365 * 60, by: 86_400.0 * 37 + 1_234) {
                let date = Date(timeIntervalSince1970: t)
                let p = calendar.dateComponents([.hour, .minute], from: date)
                XCTAssertEqual(
                    Format.clock(date, tz), String(format: "%02d:%02d", p.hour!, p.minute!), "\(zone) \(date)")
            }
        }
        XCTAssertEqual(Format.age(12), "12 s")
        XCTAssertEqual(Format.age(7200), "2 h")
        XCTAssertEqual(Format.coarseAge(12), "< 1 min", "the top bar does not tick every second")
        XCTAssertEqual(Format.coarseAge(61), "1 min")
        // Figures too wide for their column are shortened, never clipped.
        XCTAssertEqual(Format.fitNumber("4,109,300", width: 8), "4.11M")
        XCTAssertEqual(Format.fitNumber("4,109,300", width: 4), "4.1M")
        XCTAssertEqual(Format.fitNumber("4,109,300", width: 9), "4,109,300")
        XCTAssertEqual(Format.fitNumber("821,734", width: 6), "821.7k")
        XCTAssertEqual(Format.fitNumber("↑1,200", width: 5), "↑1.2k")
        XCTAssertEqual(Format.fitNumber("-2,000,000", width: 4), "-2M")
        XCTAssertEqual(Format.fitNumber("12,000,000,000", width: 6), "12B")
        XCTAssertEqual(Format.fitNumber("Synthetic", width: 4), "Synthetic", "not a figure: left to the usual clipping")
    }

    func testTimestampsRoundTripWithMilliseconds() {
        XCTAssertEqual(Timestamp.string(fixedNow), "2026-11-29T14:02:00.000Z")
        let t = Timestamp.rounded(Date(timeIntervalSince1970: 1_795_960_920.123_4))
        XCTAssertEqual(Timestamp.string(t), "2026-11-29T14:02:00.123Z")
        XCTAssertEqual(Timestamp.parse(Timestamp.string(t)), t)
        XCTAssertEqual(Timestamp.parse("2026-11-29T20:02:00+06:00"), fixedNow)
        XCTAssertEqual(Timestamp.parse("1969-12-31T23:59:59.000Z"), Date(timeIntervalSince1970: -1))
        for bad in [
            "", "2026-13-01T00:00:00Z", "2026-11-29T14:02:00", "2026-11-29T14:02:00.Z", "yesterday",
            "2026-11-29T14:02:00Zjunk",
        ] {
            XCTAssertNil(Timestamp.parse(bad), bad)
        }
    }

    func testAlertLevelParsing() {
        XCTAssertEqual(AlertLevel(parsing: "L3"), .voluntaryReturn)
        XCTAssertEqual(AlertLevel(parsing: "4"), .mandatoryEvacuation)
        XCTAssertEqual(AlertLevel(parsing: "voluntary-return"), .voluntaryReturn)
        XCTAssertNil(AlertLevel(parsing: "5"))
        XCTAssertNil(AlertLevel(parsing: "panic"))
    }
}
