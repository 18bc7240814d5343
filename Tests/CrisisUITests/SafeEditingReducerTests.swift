import CrisisExchange
import CrisisModel
import CrisisSession
import CrisisStorage
import Foundation
import TestSupport
import XCTest

@testable import CrisisUI

/// The console's side of safe editing together, through the reducer and an in-memory store.
final class SafeEditingReducerTests: XCTestCase {
    private func form(_ h: ScreenHarness) -> FormState? {
        if case .form(let f) = h.state.mode { return f }
        return nil
    }

    private func field(_ h: ScreenHarness, _ key: String) -> FormField? { form(h)?.fields.first { $0.key == key } }

    // MARK: 1. Pasted text is text

    func testAPasteGoesIntoTheFieldAndNeverRunsAsKeys() throws {
        var h = ScreenHarness(width: 120, height: 40)
        let before = h.store
        h.press(.char("3"), .char("n"))
        h.send(.paste("Bus 2 left Beirut 05:40\r\nundo edit theme delete: e t d u\tESC\u{1b}"))
        XCTAssertEqual(
            field(h, "text")?.value, "Bus 2 left Beirut 05:40\nundo edit theme delete: e t d u ESC",
            "newline kept, tab a space, Esc dropped")
        XCTAssertEqual(h.store, before, "nothing saved, undone or deleted")
        XCTAssertEqual(h.state.themeName, "default")
        h.press(.enter)
        XCTAssertEqual(h.store.world.events.last?.text, "Bus 2 left Beirut 05:40\nundo edit theme delete: e t d u ESC")
        XCTAssertEqual(h.store.seq, before.seq + 1, "one entry")
        // In a one-line field line breaks become spaces.
        h.press(.char("1"), .char("e"))
        h.send(.paste("\r\nescalation"))
        XCTAssertEqual(field(h, "title")?.value, "Lebanon escalation escalation")
    }

    func testAPasteOutsideAFormIsIgnoredAndSaidSo() {
        var h = ScreenHarness(width: 120, height: 40)
        let before = h.store
        h.send(.paste("ued"))
        XCTAssertEqual(h.state.mode, .normal)
        XCTAssertEqual(h.store, before)
        XCTAssertTrue(
            h.state.flash?.text.contains("Pasted text (3 characters) ignored") == true,
            "\(String(describing: h.state.flash))")
        // In a filter it is the filter's text.
        h.press(.char("2"), .char("/"))
        h.send(.paste("Leb\nanon"))
        XCTAssertEqual(h.state.filters[.countries], "Leb anon")
    }

    func testABurstIntoAFormIsTextWhenNoBracketedPaste() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("3"), .char("n"))
        let keys: [Key] = "first line".map { .char($0) } + [.enter] + "second: u e t d".map { .char($0) } + [.enter]
        h.send(.burst(keys))
        // Every line break in it is text, the last one too: the form stays open to be checked, nothing is saved
        // and nothing after it acts; an Enter on its own saves.
        let seq = h.store.seq
        XCTAssertEqual(form(h)?.fields.first?.value, "first line\nsecond: u e t d")
        XCTAssertEqual(h.store.seq, seq, "a paste ending in a line break saves nothing by itself")
        XCTAssertTrue(form(h)?.message?.contains("Enter saves") ?? false, "\(String(describing: form(h)?.message))")
        h.press(.enter)
        XCTAssertEqual(h.state.mode, .normal)
        XCTAssertEqual(h.store.world.events.last?.text, "first line\nsecond: u e t d")
        // Quick typing over a laggy line ("ok⏎" then "n") stays keys.
        h.press(.char("n"))
        h.send(.burst([.char("o"), .char("k"), .enter, .char("n")]))
        XCTAssertEqual(h.store.world.events.last?.text, "ok")
        XCTAssertNotNil(form(h), "the n typed ahead opened a new entry")
        // Outside a form, text arriving at once that starts with no command is not run.
        h.press(.escape)
        let after = h.store.seq
        h.send(.burst("Flight 19 confirmed; edit".map { .char($0) }))
        XCTAssertEqual(h.state.mode, .normal)
        XCTAssertEqual(h.store.seq, after)
    }

    /// Terminals without bracketed paste: text pasted outside a form arrives as keys together. None of it acts,
    /// whatever its first characters are: "dy⏎hello" does not delete the selected crisis, "  ⏎ok" does not
    /// tick and untick, "update from Beirut⏎all ok" does not undo.
    func testTextPastedOutsideAFormNeverActsWhateverItStartsWith() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("3"), .char(" "))
        let ticked = h.store
        XCTAssertGreaterThan(ticked.seq, 0)
        for (pane, text) in [("1", "dy\nhello"), ("3", "  \nok"), ("1", "update from Beirut\nall ok"), ("1", "dy")] {
            h.press(.escape, .char(Character(pane)))
            let before = h.store
            h.send(.burst(text.map { $0 == "\n" ? .enter : .char($0) }))
            XCTAssertTrue(
                h.store == before,
                "\(text.debugDescription) changed the record (now at \(h.store.seq), was \(before.seq))")
            if case .confirm = h.state.mode { h.press(.escape) }
        }
        XCTAssertEqual(h.store.world.crises.count, ticked.world.crises.count, "no crisis deleted")
        // Typing ahead over a laggy line that starts with the filter is still keys: filter, Enter, tick.
        h.press(.escape, .char("3"))
        let before = h.store.seq
        h.send(.burst([.char("/")] + "Fallback".map { .char($0) } + [.enter, .char(" ")]))
        XCTAssertEqual(h.store.seq, before + 1, "the typed-ahead tick was taken")
    }

    // MARK: 2. Choices change only with the arrows

    func testTypingOnAChoiceFieldNeverChangesIt() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("j"), .char("j"), .char("j"), .char("j"), .char("L")) // Kuwait, L1
        XCTAssertEqual(form(h)?.title, "Alert level · Kuwait")
        XCTAssertEqual(form(h)?.focus, 1, "the form opens on Why")
        h.press(.enter)
        XCTAssertEqual(form(h)?.focus, 1)
        XCTAssertEqual(form(h)?.message, "Why: required")
        h.press(.backTab)
        h.type("voluntary mandatory evacuation")
        XCTAssertEqual(field(h, "level")?.value, "1 precautionary", "letters and spaces change nothing")
        XCTAssertEqual(field(h, "level")?.notice, "←→ or 0-4 to choose")
        h.press(.char("3"))
        XCTAssertEqual(field(h, "level")?.value, "3 voluntary return", "a digit picks its level")
        h.press(.left, .left)
        XCTAssertEqual(field(h, "level")?.value, "1 precautionary")
    }

    func testARiseOfTwoLevelsOrToL4AsksNamingCountryAndLevel() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("j"), .char("j"), .char("j"), .char("j"), .char("L"))
        h.type("riots")
        h.press(.backTab, .char("3"), .enter)
        guard case .confirm(let c) = h.state.mode else { return XCTFail("\(h.state.mode)") }
        XCTAssertTrue(c.question.hasPrefix("Raise Kuwait from L1 precautionary to L3 VOLUNTARY RETURN?"), c.question)
        XCTAssertTrue(h.render().text.contains("y raise to L3 · any other key goes back to the form"))
        h.press(.char("n"))
        XCTAssertEqual(field(h, "why")?.value, "riots", "back in the form, nothing lost")
        XCTAssertEqual(h.store.world.countries["KW"]?.alertLevel, .precautionary)
        h.press(.enter, .char("y"))
        XCTAssertEqual(h.store.world.countries["KW"]?.alertLevel, .voluntaryReturn)
        // Up to L4, even from L3, is asked too; one level elsewhere is not.
        h.press(.char("L"), .backTab, .right, .tab)
        h.type("spreading")
        h.press(.enter)
        guard case .confirm = h.state.mode else { return XCTFail("to L4 is asked: \(h.state.mode)") }
        h.press(.char("y"))
        XCTAssertEqual(h.store.world.countries["KW"]?.alertLevel, .mandatoryEvacuation)
        h.press(.char("j"), .char("L"), .backTab, .right, .tab) // Saudi Arabia, L1 to L2
        h.type("heat")
        h.press(.enter)
        XCTAssertEqual(h.state.mode, .normal, "one level up is not asked")
    }

    // MARK: 3. Undo overwrites nobody

    func testUndoOverAColleaguesChangeAsksNamingThemAndRedoWorks() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.setLebanonAffected("13000")
        XCTAssertEqual(h.store.world.countries["LB"]?.count(.affected), 13_000)
        try h.external(
            .setCounts(
                country: "LB", counts: [.affected: 13_500], source: "", asOf: nil, expected: [.affected: 13_000]),
            by: "karim")
        h.press(.char("u"))
        guard case .confirm(let c) = h.state.mode else { return XCTFail("\(h.state.mode)") }
        XCTAssertTrue(c.question.contains("karim set Lebanon affected to 13,500"), c.question)
        h.press(.char("n"))
        XCTAssertEqual(h.store.world.countries["LB"]?.count(.affected), 13_500, "nothing unless confirmed")
        // A change of ours that nobody touched since is undone and redone plainly.
        h.press(.char("3"), .char(" "))
        let item = try XCTUnwrap(PaneRows(world: h.store.world, state: h.state, names: h.names).selectedId(.checklist))
        let owner = ChecklistOwner.crisis("lb-escalation")
        let status = { h.store.world.checklist(of: owner)!.first { $0.id == item }!.status }
        let ticked = status()
        h.press(.char("u"))
        XCTAssertNotEqual(status(), ticked)
        h.press(.char("U"))
        XCTAssertEqual(status(), ticked)
        XCTAssertTrue(h.state.flash?.text.hasPrefix("Redone") == true)
    }

    // MARK: 4. A stale form rolls nothing back

    func testAFormFollowsItsRecordAndSendsOnlyWhatWasChanged() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("e")) // Lebanon's counts
        // karim changes evacuated and returned while the form is open.
        try h.external(
            .setCounts(country: "LB", counts: [.evacuated: 1_250, .returned: 1_250], source: "flight 19", asOf: nil),
            by: "karim")
        XCTAssertEqual(field(h, "evacuated")?.value, "1250", "an untouched field shows the new value")
        XCTAssertTrue(form(h)?.message?.contains("karim changed this record") == true)
        for _ in 0..<2 { h.press(.tab) }
        h.press(.ctrl("u"))
        h.type("12500")
        h.press(.enter)
        let lb = try XCTUnwrap(h.store.world.countries["LB"])
        XCTAssertEqual(lb.count(.affected), 12_500)
        XCTAssertEqual(lb.count(.evacuated), 1_250, "karim's figures stay")
        XCTAssertEqual(lb.count(.returned), 1_250)
        guard case .setCounts(_, let counts, _, _, let expected)? = h.committed.last?.op else {
            return XCTFail("\(h.committed)")
        }
        XCTAssertEqual(counts, [.affected: 12_500], "only the field changed")
        XCTAssertEqual(expected?[.affected], .some(12_000), "with the value it replaces")
    }

    func testAFieldBothChangedShowsBothAndTheOperatorChooses() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("2"), .char("e"))
        for _ in 0..<2 { h.press(.tab) }
        h.press(.ctrl("u"))
        h.type("13000")
        try h.external(.setCounts(country: "LB", counts: [.affected: 13_500], source: "", asOf: nil), by: "karim")
        XCTAssertEqual(field(h, "affected")?.theirs?.value, "13500")
        XCTAssertEqual(field(h, "affected")?.value, "13000", "what was typed stays")
        let screen = h.render().text
        XCTAssertTrue(screen.contains("◆ theirs: '13500' (karim 14:02) · Ctrl-Y yours · Ctrl-T theirs"), screen)
        h.press(.enter)
        XCTAssertNotNil(form(h), "no save until chosen")
        XCTAssertTrue(
            form(h)?.message?.contains("karim changed it to '13500' while you edited") == true, form(h)?.message ?? "")
        h.press(.ctrl("y"), .enter)
        XCTAssertEqual(h.store.world.countries["LB"]?.count(.affected), 13_000, "kept mine, knowingly")
        // The other way: take theirs.
        h.press(.char("e"))
        for _ in 0..<2 { h.press(.tab) }
        h.press(.ctrl("u"))
        h.type("14000")
        try h.external(.setCounts(country: "LB", counts: [.affected: 14_500], source: "", asOf: nil), by: "karim")
        h.press(.ctrl("t"))
        XCTAssertEqual(field(h, "affected")?.value, "14500")
        h.press(.enter)
        XCTAssertTrue(form(h)?.message?.hasPrefix("nothing changed") == true, form(h)?.message ?? "")
        XCTAssertEqual(h.store.world.countries["LB"]?.count(.affected), 14_500)
    }

    func testEscOnAFormWithChangesAsksBeforeDiscarding() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("n"))
        h.type("half a sitrep")
        h.press(.escape)
        XCTAssertNotNil(form(h), "the first Esc only warns")
        XCTAssertEqual(form(h)?.message, "Esc again discards what you typed; Enter saves it.")
        h.press(.char("!"))
        XCTAssertEqual(field(h, "text")?.value, "half a sitrep!", "typing goes on")
        h.press(.escape, .escape)
        XCTAssertEqual(h.state.mode, .normal)
    }

    // MARK: 6. Quitting with changes waiting

    func testQuitWithWaitingChangesAsks() {
        var h = ScreenHarness(width: 120, height: 40)
        h.send(.waiting(2, reason: "cannot fsync: No space left on device"))
        XCTAssertEqual(h.state.update(.key(.char("q")), world: h.store.world, names: h.names), [])
        guard case .confirm(let c) = h.state.mode else { return XCTFail() }
        XCTAssertTrue(c.question.hasPrefix("2 changes are not saved yet"), c.question)
        XCTAssertTrue(c.question.contains("crisiscell import pending FILE"))
        XCTAssertEqual(
            h.state.update(.key(.char("x")), world: h.store.world, names: h.names), [], "any other key stays")
        _ = h.state.update(.key(.char("q")), world: h.store.world, names: h.names)
        XCTAssertEqual(h.state.update(.key(.char("y")), world: h.store.world, names: h.names), [.quit])
    }

    // MARK: 7. New contacts and items

    func testANewContactFollowsItsCountryAndCityAndIsCheckedForDuplicates() throws {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("4"), .char("a"))
        XCTAssertEqual(field(h, "country")?.value, "LB")
        XCTAssertEqual(field(h, "timeZone")?.value, "Asia/Beirut")
        let taken =
            h.store.world.contacts.values.filter { $0.country == "LB" && $0.callOrder < 99 }.map(\.callOrder).max() ?? 0
        XCTAssertEqual(field(h, "order")?.value, String(taken + 1), "the next free call order")
        h.type("Warden Sabah")
        for _ in 0..<4 { h.press(.tab) }
        h.press(.ctrl("u"))
        h.type("MY")
        XCTAssertEqual(field(h, "timeZone")?.value, "Asia/Kuala_Lumpur")
        h.press(.tab)
        h.type("Kuching")
        XCTAssertEqual(field(h, "timeZone")?.value, "Asia/Kuching", "the city picks among the country's zones")
        h.press(.tab)
        h.type("082 111 222")
        h.press(.enter)
        let saved = try XCTUnwrap(h.store.world.contacts.values.first { $0.name == "Warden Sabah" })
        XCTAssertEqual(saved.phones, ["+60 82 111 222"], "written with the country's calling code")
        XCTAssertEqual(saved.timeZone, "Asia/Kuching")

        // The same e-mail as someone on the roster: shown, and a merge offered.
        let existing = try XCTUnwrap(h.store.world.contacts.values.first { !$0.email.isEmpty && $0.country == "LB" })
        h.press(.char("a"))
        h.type("Someone New")
        for _ in 0..<7 { h.press(.tab) }
        h.type(existing.email)
        h.press(.enter)
        guard case .duplicate(let d) = h.state.mode else { return XCTFail("\(h.state.mode)") }
        XCTAssertEqual(d.existing.id, existing.id)
        XCTAssertTrue(h.render().text.contains("m merge into it · a add as a new contact · Esc back to the form"))
        let count = h.store.world.contacts.count
        h.press(.char("m"))
        XCTAssertEqual(h.store.world.contacts.count, count, "merged, not added")
        XCTAssertEqual(h.store.world.contacts[existing.id]?.name, "Someone New")
    }

    func testANewChecklistItemStartsInTheSelectedItemsSection() {
        var h = ScreenHarness(width: 120, height: 40)
        h.press(.char("3"))
        for _ in 0..<8 { h.press(.char("j")) }
        let owner = ChecklistOwner.crisis("lb-escalation")
        let section = h.store.world.checklist(of: owner)!.first { $0.id == h.state.selected[.checklist] }!.section
        h.press(.char("a"))
        XCTAssertEqual(field(h, "section")?.value, section)
    }
}

/// Crises built from one template share item ids (resp-01 …): a colleague's tick in one crisis marks that
/// crisis's item alone, and never turns a tick in another crisis into a question about a change nobody made.
final class ItemMarksReducerTests: XCTestCase {
    func testATickInOneCrisisMarksNoItemOfAnother() throws {
        var h = ScreenHarness(width: 120, height: 40)
        let item = "resp-04"
        let lebanon = try XCTUnwrap(h.store.world.crises["lb-escalation"]?.checklist.first { $0.id == item })
        let malaysia = try XCTUnwrap(h.store.world.crises["my-floods"]?.checklist.first { $0.id == item })
        XCTAssertEqual(malaysia.status, .open)
        try h.external(
            .setItemStatus(
                owner: .crisis("lb-escalation"), item: item, status: lebanon.status == .done ? .open : .done,
                expected: lebanon.status), by: "karim")
        h.press(.char("1"), .char("/"))
        h.type("Malaysia")
        h.press(.enter, .char("3"), .char("/"))
        h.type(malaysia.text)
        h.press(.enter)
        let screen = h.render().text
        XCTAssertFalse(screen.contains("•[ ] \(malaysia.text.prefix(20))"), "Malaysia's item is not marked:\n\(screen)")
        let before = h.store.seq
        h.press(.char(" "))
        if case .confirm(let c) = h.state.mode { XCTFail("asked about a change nobody made: \(c.question)") }
        XCTAssertEqual(h.store.seq, before + 1)
        XCTAssertEqual(h.store.world.crises["my-floods"]?.checklist.first { $0.id == item }?.status, .done)
    }
}

/// After a busy hour the banners say what stands now: one a country, its newest change first, and X clears them.
final class AlertBannerReducerTests: XCTestCase {
    func testOneBannerACountryNewestFirstAndXAcknowledgesAll() throws {
        var h = ScreenHarness(width: 120, height: 40)
        try h.external(.setAlert(country: "KW", level: .restriction, reason: "curfew"), by: "karim")
        try h.external(.setAlert(country: "KW", level: .voluntaryReturn, reason: "clashes"), by: "karim")
        try h.external(.setAlert(country: "LB", level: .voluntaryReturn, reason: "airport"), by: "nasrin")
        try h.external(.setAlert(country: "KW", level: .mandatoryEvacuation, reason: "evacuation ordered"), by: "karim")
        XCTAssertEqual(h.state.alertBanners.map(\.country), ["KW", "LB"], "one a country, newest first")
        XCTAssertEqual(h.state.alertBanners.first?.to, .mandatoryEvacuation, "Kuwait's newest level, not a stale L3")
        XCTAssertEqual(h.state.alertBanners.first?.earlier, 2)
        let screen = h.render().text
        XCTAssertTrue(screen.contains("after 2 earlier"), screen)
        XCTAssertTrue(screen.contains("(1 more country, X all)"), screen)
        h.press(.char("X"))
        XCTAssertEqual(h.state.alertBanners, [])
    }
}
