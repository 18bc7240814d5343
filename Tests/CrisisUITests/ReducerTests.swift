import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

final class ReducerTests: XCTestCase {
    func testTabAndNumbersFocusPanes() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.tab)
        XCTAssertEqual(h.state.focus, .countries)
        h.press(.backTab, .backTab)
        XCTAssertEqual(h.state.focus, .incoming, "the Incoming view is in the Tab order, after the Log")
        h.press(.backTab)
        XCTAssertEqual(h.state.focus, .log, "the Log view is in the Tab order, after Contacts")
        h.press(.backTab)
        XCTAssertEqual(h.state.focus, .contacts)
        h.press(.char("6"))
        XCTAssertEqual(h.state.focus, .incoming)
        h.press(.char("3"))
        XCTAssertEqual(h.state.focus, .checklist)
        h.press(.char("5"))
        XCTAssertEqual(h.state.focus, .log)
    }

    func testSpaceTicksAndRecordsOperatorThenUndo() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("3"))
        let owner = ChecklistOwner.crisis("lb-escalation")
        let open = h.store.world.checklist(of: owner)!.first { $0.status == .open }!
        while h.render().text.contains("▸[ ] \(open.text.prefix(20))") == false, h.state.selected[.checklist] != open.id
        { h.press(.down) }
        XCTAssertEqual(h.state.selected[.checklist], open.id)
        h.press(.char(" "))
        let ticked = h.store.world.checklist(of: owner)!.first { $0.id == open.id }!
        XCTAssertEqual(ticked.status, .done)
        XCTAssertEqual(ticked.doneBy, "rahim")
        XCTAssertTrue(h.render().text.contains("Saved · ticked"))
        h.press(.char("u"))
        XCTAssertEqual(h.store.world.checklist(of: owner)!.first { $0.id == open.id }!.status, .open)
    }

    func testSelectionIsKeptByIdWhenDataChangesUnderIt() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.down, .down)
        let id = try XCTUnwrap(h.state.selected[.crises])
        // Someone raises another crisis's severity so the order changes.
        var calm = h.store.world.crises["sa-heat"]!
        calm.severity = 4
        try h.store.apply(
            JournalEntry(
                seq: h.store.seq + 1, time: fixedNow, operator: "karim",
                op: .updateCrisis(id: "sa-heat", patch: CrisisPatch(severity: 4, phase: .evacuation))))
        _ = h.state.update(.external([]), world: h.store.world, names: h.names)
        XCTAssertEqual(h.state.selected[.crises], id)
        let buf = h.render()
        let crisesPane = (0..<buf.height).map { y in (0..<60).map { buf[$0, y].text }.joined() }
        let row = try XCTUnwrap(crisesPane.first { $0.contains("▸") })
        XCTAssertTrue(row.contains(h.store.world.crises[id]!.title.prefix(10)), row)
    }

    /// A held key through the crises moves only the highlight; the crisis's own panes follow once it rests.
    func testCrisisPanesFollowTheSelectionOnceItRests() throws {
        var h = ScreenHarness(width: 120, height: 40)
        let first = try XCTUnwrap(PaneRows(world: h.store.world, state: h.state, names: h.names).selectedCrisis)
        h.press(.char("3"), .down, .down, .char("1"))
        XCTAssertNotNil(h.state.selected[.checklist])
        let before = h.render()
        h.pressWithoutPause(.down)
        h.pressWithoutPause(.down)
        let moved = try XCTUnwrap(h.state.selected[.crises])
        XCTAssertNotEqual(moved, first.id)
        XCTAssertEqual(h.state.heldCrisis, first.id)
        let held = h.render()
        // Only the crises pane (left half, top half) differs while the selection moves.
        let changed = held.changes(since: before).map { ($0.x, $0.y) }
        XCTAssertFalse(changed.isEmpty)
        XCTAssertTrue(
            changed.allSatisfy { $0.0 < 60 && $0.1 < 20 },
            "cells outside the crises pane changed: \(changed.filter { $0.0 >= 60 || $0.1 >= 20 }.prefix(5))")
        XCTAssertNotNil(h.state.selected[.checklist], "the held checklist keeps its place")

        _ = h.state.update(.settle, world: h.store.world, names: h.names)
        XCTAssertNil(h.state.heldCrisis)
        XCTAssertNil(h.state.selected[.checklist], "a new crisis's checklist starts at the top")
        let rows = PaneRows(world: h.store.world, state: h.state, names: h.names)
        XCTAssertEqual(rows.selectedCrisis?.id, moved)
        XCTAssertTrue(h.render().text.contains(h.store.world.crises[moved]!.checklist[0].text.prefix(25)))

        // Any other key acts on the selected crisis at once: no stale checklist behind a tick.
        h.pressWithoutPause(.down)
        XCTAssertNotNil(h.state.heldCrisis)
        h.pressWithoutPause(.char("3"))
        XCTAssertNil(h.state.heldCrisis)
        XCTAssertEqual(
            PaneRows(world: h.store.world, state: h.state, names: h.names).checklistOwner,
            .crisis(h.state.selected[.crises]!))
    }

    func testFilterNarrowsAndEscClears() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("/"))
        h.type("leb")
        var text = h.render().text
        XCTAssertTrue(text.contains("filter: leb"))
        XCTAssertFalse(text.contains("Malaysia            "))
        h.press(.enter)
        XCTAssertEqual(h.state.filters[.countries], "leb")
        h.press(.char("/"), .escape)
        text = h.render().text
        XCTAssertNil(h.state.filters[.countries])
        XCTAssertTrue(text.contains("Malaysia"))
    }

    func testFormValidationShowsBesideFieldAndKeepsStore() {
        var h = ScreenHarness(width: 120, height: 40)
        let before = h.store
        h.press(.char("4"), .char("a"))
        h.press(.enter)
        guard case .form(let form) = h.state.mode else { return XCTFail("form closed on bad input") }
        XCTAssertEqual(form.fields.first { $0.key == "name" }?.error, "required")
        XCTAssertTrue(h.render().text.contains("✖ required"))
        XCTAssertEqual(h.store, before)
        h.type("নাসরিন আক্তার")
        h.press(.enter)
        XCTAssertEqual(h.state.mode, .normal, "\(h.state.mode)")
        // The country came from the selected contact's, and the zone follows it.
        XCTAssertTrue(
            h.store.world.contacts.values.contains {
                $0.name == "নাসরিন আক্তার" && $0.country == "LB" && $0.timeZone == "Asia/Beirut"
            })
    }

    func testFormCursorEditsMidText() {
        var f = FormField("t", "T", "abc")
        XCTAssertTrue(f.handleForTest(.left))
        XCTAssertTrue(f.handleForTest(.char("X")))
        XCTAssertEqual(f.value, "abXc")
        XCTAssertTrue(f.handleForTest(.home))
        XCTAssertTrue(f.handleForTest(.delete))
        XCTAssertEqual(f.value, "bXc")
    }

    func testAlertLevelAsksWhyAndLogs() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("L"))
        guard case .form(let opened) = h.state.mode else { return XCTFail() }
        XCTAssertEqual(opened.focus, 1, "the form opens on Why: typing goes into the reason, never into the level")
        h.press(.backTab, .left, .tab)
        h.press(.enter)
        guard case .form(let f) = h.state.mode else { return XCTFail() }
        XCTAssertEqual(f.fields[1].error, "required")
        XCTAssertEqual(f.focus, 1, "the cursor goes to the field in error")
        XCTAssertEqual(f.message, "Why: required", "and the foot of the form says which field and why")
        h.type("airport reopened; flights resume")
        h.press(.enter)
        XCTAssertEqual(h.state.mode, .normal)
        XCTAssertEqual(h.store.world.countries["LB"]?.alertLevel, .voluntaryReturn)
        XCTAssertEqual(h.store.world.countries["LB"]?.lastAlertChange?.by, "rahim")
        XCTAssertEqual(
            h.store.world.events.last?.text,
            "LB alert lowered L4 → L3 (voluntary return): airport reopened; flights resume")
    }

    func testDeleteAsksFirst() {
        var h = ScreenHarness(width: 120, height: 40)
        let count = h.store.world.contacts.count
        h.press(.char("4"), .char("d"))
        XCTAssertTrue(h.render().text.contains("Delete contact"))
        h.press(.char("n"))
        XCTAssertEqual(h.store.world.contacts.count, count)
        h.press(.char("d"), .char("y"))
        XCTAssertEqual(h.store.world.contacts.count, count - 1)
    }

    func testHostileDataNeverReachesTheScreenRaw() throws {
        var store = DemoWorld.store(now: fixedNow)
        var c = store.world.contacts.values.sorted { $0.id < $1.id }.first { $0.country == "LB" }!
        c.name = "Evil\u{1B}]52;c;aGk=\u{07}\u{1B}[2J\u{202E}name" + String(repeating: "\u{200B}", count: 500)
        c.duty = .onDuty
        c.callOrder = 0
        try store.apply(JournalEntry(seq: store.seq + 1, time: fixedNow, operator: "x", op: .updateContact(c)))
        var h = ScreenHarness(width: 120, height: 40, store: store)
        for text in [
            h.render().text,
            {
                h.press(.char("4"), .enter)
                return h.render().text
            }(),
        ] {
            XCTAssertFalse(
                text.unicodeScalars.contains {
                    $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}"
                })
        }
        // Columns still line up: every row of the 120-wide screen is 120 columns.
        let buf = h.render()
        for y in 0..<buf.height { XCTAssertEqual(TerminalText.width(buf.rowText(y)), 120, "row \(y)") }
    }

    func testEveryScreenSizeRendersWithoutCrash() {
        for (w, h) in [(1, 1), (2, 2), (10, 3), (59, 17), (60, 18), (61, 19), (119, 30), (200, 60), (300, 100)] {
            var harness = ScreenHarness(width: w, height: h)
            _ = harness.render()
            harness.press(.char("?"))
            _ = harness.render()
            harness.press(.escape, .char("b"))
            _ = harness.render()
            harness.press(.escape, .char("4"), .char("a"))
            _ = harness.render()
        }
    }

    func testBriefingNeverShowsPhonesOrEmails() {
        var h = ScreenHarness(width: 160, height: 45)
        h.press(.char("b"))
        let contacts = h.store.world.contacts.values
        for slide in 0..<BriefingSlides.count(h.store.world) {
            let text = h.render().text
            for c in contacts {
                for p in c.phones { XCTAssertFalse(text.contains(p), "slide \(slide) shows \(p)") }
                if !c.email.isEmpty { XCTAssertFalse(text.contains(c.email), "slide \(slide) shows \(c.email)") }
            }
            XCTAssertNil(
                text.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, options: .regularExpression))
            h.press(.right)
        }
    }

    func testBriefingCyclesAndPauses() {
        var h = ScreenHarness(width: 160, height: 45)
        h.press(.char("b"))
        _ = h.state.update(.tick(fixedNow.addingTimeInterval(21)), world: h.store.world, names: h.names)
        guard case .briefing(let b) = h.state.mode else { return XCTFail() }
        XCTAssertEqual(b.slide, 1)
        h.press(.char(" "))
        _ = h.state.update(.tick(fixedNow.addingTimeInterval(60)), world: h.store.world, names: h.names)
        guard case .briefing(let paused) = h.state.mode else { return XCTFail() }
        XCTAssertEqual(paused.slide, 1)
        XCTAssertTrue(h.render().text.contains("PAUSED"))
        h.press(.escape)
        XCTAssertEqual(h.state.mode, .normal)
    }
}

extension FormField {
    mutating func handleForTest(_ key: Key) -> Bool { handle(key) }
}

final class ImportPaneTests: XCTestCase {
    func testImportKeyAsksForAFileThenShowsThePreviewAndSavesOneBatch() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("i"))
        guard case .form(let form) = h.state.mode else { return XCTFail("no import form") }
        XCTAssertEqual(form.target, .importFile)
        h.press(.enter)
        XCTAssertTrue(h.render().text.contains("✖ required"), "a file is required")
        h.type("/tmp/counts.csv")
        let effects = h.state.update(.key(.enter), world: h.store.world, names: h.names)
        XCTAssertEqual(effects, [.prepareImport(kind: .counts, path: "/tmp/counts.csv", country: "")])
        let op = StoreOperation.setCounts(country: "LB", counts: [.evacuated: 1_250], source: "flight 19", asOf: nil)
        _ = h.state.update(
            .importReady(
                PreparedImport(
                    title: "counts.csv",
                    lines: ["line 2  changed  LB evacuated 1,199 → 1,250", "line 3  rejected  KW: too many"],
                    operations: [op], rows: 1, rejected: 1)), world: h.store.world, names: h.names)
        let text = h.render().text
        XCTAssertTrue(text.contains("Import preview · counts.csv"), text)
        XCTAssertTrue(text.contains("line 3  rejected"))
        XCTAssertTrue(text.contains("Enter saves 1 row as one batch (1 rejected rows left out)"))
        XCTAssertEqual(
            h.state.update(.key(.enter), world: h.store.world, names: h.names),
            [.commit([op], .importFile(label: "counts.csv", rows: 1))])
        XCTAssertEqual(h.state.mode, .normal)
    }

    func testImportIsOffInReadOnlyMode() {
        var h = ScreenHarness(width: 120, height: 40, readOnly: true)
        h.press(.char("i"))
        XCTAssertEqual(h.state.mode, .normal)
    }
}
