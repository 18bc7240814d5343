import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import TestSupport
import XCTest

@testable import CrisisUI

/// The line mode's commands, without a terminal: each line's answer, and what it saves.
final class PlainSessionTests: XCTestCase {
    private var store = DemoWorld.store(now: fixedNow)
    private let names = CountryNames.load()
    private var session = PlainSession(
        operatorName: "rahim", readOnly: false, interactive: true, names: CountryNames.load())

    /// Runs a line as the runner does: the answer, then any change committed to the in-memory store and the
    /// outcome said. Returns every line printed.
    @discardableResult
    private func run(_ line: String, by who: String = "rahim") -> (text: String, failed: Bool) {
        var reply = session.handle(line, world: store.world, now: fixedNow)
        var lines = reply.lines
        var failed = reply.failed
        if case .commit(let ops, let change)? = reply.action {
            let outcome = ScreenHarness.commit(ops, operator: who, time: fixedNow, to: &store)
            reply = session.finish(outcome, change, world: store.world, now: fixedNow)
            lines += reply.lines
            failed = failed || reply.failed
        }
        if case .since? = reply.action {
            lines +=
                session.since(
                    store.world.changes(
                        since: 0, time: fixedNow.addingTimeInterval(-3600), excluding: "rahim", names: names.name),
                    world: store.world, now: fixedNow
                ).lines
        }
        return (lines.map(\.text).joined(separator: "\n"), failed)
    }

    private func other(_ op: StoreOperation, by who: String = "karim") throws {
        guard case .change(let reduced) = try store.prepare(op) else { return }
        try store.apply(JournalEntry(seq: store.seq + 1, time: fixedNow, operator: who, op: reduced))
    }

    func testListsAreNumberedInPlainWordsWithoutGlyphs() {
        let crises = run("crises").text
        XCTAssertTrue(crises.hasPrefix("Crises, most urgent first: 5 active."), crises)
        XCTAssertTrue(
            crises.contains(
                "1. Lebanon escalation, evacuation, severity 4, highest alert level 4, mandatory evacuation in Lebanon."
            ), crises)
        let countries = run("countries").text
        XCTAssertTrue(
            countries.contains(
                "1. Lebanon, alert level 4, mandatory evacuation. Stock estimate 90,000, affected 12,000"), countries)
        for glyph in ["▮", "[x]", "[ ]", "·", "→", "▲", "⚑", "✓"] {
            XCTAssertFalse(
                crises.contains(glyph) || countries.contains(glyph), "no \(glyph) in \(crises)\n\(countries)")
        }
        let checklist = run("checklist lebanon").text
        XCTAssertTrue(checklist.hasPrefix("The Lebanon escalation checklist: "), checklist)
        XCTAssertTrue(checklist.contains("1. done: "), checklist)
        XCTAssertTrue(checklist.contains("Type more for the next"), "a long list comes a page at a time: \(checklist)")
        let rest = run("more").text
        XCTAssertTrue(rest.contains("\(PlainSession.pageSize + 1). "), rest)
    }

    func testANumberPicksFromTheLastList() {
        run("crises")
        let detail = run("2").text
        XCTAssertTrue(detail.hasPrefix("Malaysia floods (id "), detail)
        XCTAssertTrue(run("crisis 3").text.hasPrefix("Sudan conflict"), "crisis N takes the crises list's N")
        let list = run("checklist 1").text
        XCTAssertTrue(list.hasPrefix("The Lebanon escalation checklist"), list)
        run("countries")
        let wrong = run("crisis 2")
        XCTAssertTrue(wrong.failed)
        XCTAssertEqual(wrong.text, "Number 2 in the last list is a country, not a crisis.")
        // checklist N names a crisis too: after a countries list it refuses, as crisis N does.
        let notACrisis = run("checklist 1 open")
        XCTAssertTrue(notACrisis.failed)
        XCTAssertTrue(notACrisis.text.contains("a country, not a crisis"), notACrisis.text)
        XCTAssertTrue(run("99").text.contains("there is no 99"))
    }

    func testTickByNumberSavesAndSaysSoInWordsThenUndo() throws {
        run("checklist lebanon open")
        let open = store.world.crises["lb-escalation"]!.checklist.filter { !$0.status.isClosed }
        let first = World.sections(of: open).flatMap(\.items)[0]
        let answer = run("tick 1").text
        let progress = PlainWords.checklistProgress(store.world.crises["lb-escalation"]!.checklist)
        XCTAssertEqual(answer, "Saved: you ticked \"\(first.text)\" on the Lebanon escalation checklist, \(progress).")
        XCTAssertEqual(store.world.crises["lb-escalation"]!.checklist.first { $0.id == first.id }?.status, .done)
        XCTAssertEqual(store.world.crises["lb-escalation"]!.checklist.first { $0.id == first.id }?.doneBy, "rahim")
        XCTAssertTrue(run("undo").text.hasPrefix("Undone: you reopened \"\(first.text)\""))
        XCTAssertEqual(store.world.crises["lb-escalation"]!.checklist.first { $0.id == first.id }?.status, .open)
        XCTAssertTrue(run("redo").text.hasPrefix("Done again: you ticked"))
    }

    func testTickByCrisisAndWordsOfTheItem() {
        XCTAssertTrue(run("tick malaysia manifests").text.hasPrefix("Saved: you ticked \"Manifests to transit state"))
        XCTAssertTrue(run("tick malaysia manifests").text.hasPrefix("Nothing to save: "))
        let ambiguous = run("tick kuwait the")
        XCTAssertTrue(ambiguous.failed, ambiguous.text)
        XCTAssertTrue(ambiguous.text.contains("items on the Kuwait unrest checklist mention \"the\""), ambiguous.text)
        XCTAssertTrue(run("untick malaysia manifests").text.hasPrefix("Saved: you reopened \"Manifests"))
    }

    func testCountsAreCheckedAndSaidWithWhatTheyReplace() {
        XCTAssertEqual(
            run("count LB --affected 12500 --source \"OCHA sitrep 14\"").text,
            "Saved: you set Lebanon affected to 12,500 (was 12,000); source: OCHA sitrep 14.")
        XCTAssertEqual(store.world.countries["LB"]!.counts[.affected]?.source, "OCHA sitrep 14")
        XCTAssertTrue(run("count Lebanon evacuated=1300").text.hasPrefix("Saved: you set Lebanon evacuated to 1,300"))
        XCTAssertTrue(
            run("count LB affected 12500").text.hasPrefix("Nothing to save: "),
            "a change that changes nothing writes nothing")
        let bad = run("count LB --wounded 3")
        XCTAssertTrue(bad.failed && bad.text.contains("is not a kind of count"), bad.text)
        XCTAssertTrue(run("count LB --affected -4").text.contains("cannot be negative"))
        XCTAssertTrue(run("count LB --affected lots").text.contains("is not a figure"))
        XCTAssertTrue(run("count Atlantis --affected 4").text.contains("is not a country"))
        let rule = run("count LB --evacuated 99999")
        XCTAssertTrue(
            rule.failed && rule.text.hasPrefix("Not saved: "), "the store's rules hold here too: \(rule.text)")
    }

    /// What the operator last saw is what a change expects to replace: a colleague's change in between, even one
    /// announced while the line was typed, is a conflict said with who and what; typed again, it goes through.
    func testAFigureChangedSinceItWasShownIsAConflictNotAnOverwrite() throws {
        run("country LB")
        try other(.setCounts(country: "LB", counts: [.affected: 12_600], source: "night call", asOf: nil))
        _ = session.announce([], world: store.world, now: fixedNow)
        let refused = run("count LB --affected 13000")
        XCTAssertTrue(refused.failed)
        XCTAssertTrue(refused.text.contains("Not saved: LB affected is now 12,600 (changed by karim"), refused.text)
        XCTAssertTrue(refused.text.contains("not 12,000 as this change expected"), refused.text)
        XCTAssertEqual(store.world.countries["LB"]!.count(.affected), 12_600, "the colleague's figure stands")
        XCTAssertTrue(
            run("count LB --affected 13000").text.hasPrefix("Saved: you set Lebanon affected to 13,000 (was 12,600)"))
    }

    func testAlertNeedsAReasonAndALargeRiseIsConfirmed() {
        XCTAssertTrue(run("alert Kuwait 2").text.contains("Say why the level changes"))
        XCTAssertEqual(
            run("alert Kuwait 2 curfew announced").text,
            "Saved: you raised Kuwait to alert level 2, restriction: curfew announced.")
        let asked = run("alert Oman mandatory evacuation airport closing")
        XCTAssertTrue(
            asked.text.hasPrefix("Raise Oman from no alert to alert level 4, mandatory evacuation? Type yes"),
            asked.text)
        XCTAssertEqual(run("no").text, "Not saved: nothing changed.")
        XCTAssertEqual(store.world.countries["OM"]!.alertLevel, AlertLevel.none)
        run("alert Oman 4 airport closing")
        XCTAssertTrue(
            run("yes").text.hasPrefix("Saved: you raised Oman to alert level 4, mandatory evacuation: airport closing"))
    }

    /// From a pipe too: a raise to L4 is asked, and saved only by a following yes or by --yes; a script that
    /// does not confirm has failed, and one that ends before answering has too.
    func testAScriptConfirmsALargeRiseWithYesOrItIsNotSaved() {
        session = PlainSession(operatorName: "rahim", readOnly: false, interactive: false, names: names)
        let asked = run("alert Oman 4 airport closing")
        XCTAssertTrue(asked.text.hasPrefix("Raise Oman"), asked.text)
        XCTAssertEqual(store.world.countries["OM"]!.alertLevel, AlertLevel.none, "not saved without yes")
        let no = run("quit")
        XCTAssertTrue(no.failed, "a script that does not confirm fails")
        XCTAssertEqual(store.world.countries["OM"]!.alertLevel, AlertLevel.none)
        run("alert Oman 4 airport closing")
        XCTAssertFalse(run("yes").failed)
        XCTAssertEqual(store.world.countries["OM"]!.alertLevel, .mandatoryEvacuation)
        let flagged = run("alert Qatar --yes 4 \"borders shut\"")
        XCTAssertTrue(flagged.text.hasPrefix("Saved: you raised Qatar to alert level 4"), flagged.text)
        XCTAssertTrue(flagged.text.contains("borders shut"), flagged.text)
        run("alert Bahrain 4 port closed")
        let ended = session.endOfInput()
        XCTAssertTrue(ended?.failed ?? false, "input that ends before yes is a change not saved")
        XCTAssertNil(session.endOfInput(), "said once")
    }

    /// The whole log can be read back, a page at a time, to its first entry.
    func testTheLogReadsBackToItsFirstEntry() {
        let total = store.world.events.count
        XCTAssertGreaterThan(total, 200)
        var text = run("log").text
        XCTAssertTrue(text.contains("\(total) entries"), String(text.prefix(200)))
        for _ in 0..<(total / PlainSession.pageSize + 1) { text += run("more").text }
        XCTAssertTrue(text.contains("cell settings: Dhaka cell"), "the very first entry is reachable")
    }

    /// A preparedness item ticked is logged naming its country's list: no crisis names it.
    func testATickOnAPreparednessListNamesTheCountry() {
        run("checklist LB open")
        let said = run("tick 1")
        XCTAssertTrue(said.text.hasPrefix("Saved"), said.text)
        XCTAssertTrue(
            store.world.events.last?.text.contains("on LB's preparedness list") ?? false,
            store.world.events.last?.text ?? "")
    }

    func testLogWritesAndReads() {
        XCTAssertEqual(
            run("log --crisis lebanon --kind decision Flight 20 approved for 06:00").text,
            "Saved: you logged a decision on Lebanon escalation: Flight 20 approved for 06:00.")
        let log = run("log").text
        XCTAssertTrue(
            log.contains(
                "1. \(Format.when(fixedNow, now: fixedNow)), rahim, Lebanon escalation, decision: Flight 20 approved for 06:00"
            ), log)
        XCTAssertTrue(run("log --kind gossip hello").text.contains("is not a kind of log entry"))
    }

    func testContactsCarryTheirPhonesAndFindReachesEverything() {
        let contacts = run("contacts LB").text
        XCTAssertTrue(contacts.contains("Phone +961"), contacts)
        let found = run("find manifests").text
        XCTAssertTrue(found.contains("Item on the Lebanon escalation checklist"), found)
        XCTAssertTrue(run("find zzzz-nothing").text.contains("Nothing mentions"))
    }

    func testSinceSaysWhatOthersChanged() throws {
        try other(.setAlert(country: "KW", level: .restriction, reason: "curfew announced"))
        let since = run("since").text
        XCTAssertTrue(since.contains("karim raised Kuwait level 1 to level 2 restriction: curfew announced"), since)
        XCTAssertFalse(since.contains("→"))
    }

    func testReadOnlyRefusesEveryChange() {
        session = PlainSession(operatorName: "rahim", readOnly: true, interactive: true, names: names)
        for line in ["tick lebanon 1", "count LB --affected 1", "alert KW 2 why", "log hello", "undo"] {
            let r = run(line)
            XCTAssertTrue(r.failed && r.text.contains("read-only"), "\(line): \(r.text)")
        }
        XCTAssertFalse(run("crises").failed)
    }

    func testAnnouncementsSayWhoDidWhatAtWhatTime() throws {
        try other(.setAlert(country: "KW", level: .restriction, reason: "curfew announced"))
        let entry = JournalEntry(
            seq: store.seq, time: fixedNow, operator: "karim",
            op: .setAlert(country: "KW", level: .restriction, reason: "curfew announced"))
        let line = session.announce([entry], world: store.world, now: fixedNow)[0]
        XCTAssertEqual(
            line.text,
            "\(Format.clock(fixedNow, .utc)), karim raised Kuwait to alert level 2, restriction: curfew announced")
        XCTAssertEqual(line.tone, .alert(.restriction))
    }

    func testUnknownCommandsAndHelp() {
        let r = run("tock 3")
        XCTAssertTrue(r.failed)
        XCTAssertTrue(r.text.contains("There is no command \"tock\""), r.text)
        XCTAssertTrue(run("help").text.contains("tick N"))
        XCTAssertTrue(run("help alert").text.contains("Levels: 0 none"))
    }
}
