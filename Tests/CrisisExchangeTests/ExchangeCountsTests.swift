import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// `import counts`: preview, idempotence, the part ≤ whole rule, one batch in the journal.
final class ExchangeCountsTests: XCTestCase {
    private func plan(_ text: String, store: Store = Fixture.store(), file: String = "counts.csv") throws -> CountsPlan
    {
        try CountsImport.prepare(text: text, file: file, store: store, countries: testCountries, now: fixedNow)
    }

    private func status(_ p: CountsPlan, line: Int) -> ImportStatus? { p.lines.first { $0.line == line }?.status }

    /// A sheet as a desk officer keeps it in Excel and saves as "CSV UTF-8" with a French locale.
    static let spreadsheet =
        "\u{FEFF}Country;Kind;Value;As_of;Source\r\n"
        + "Lebanon;registered;1800;29/11/2026;Embassy register\r\n" // same value as the store: unchanged
        + "LB;Evacuated;1\u{202F}199;29/11/2026 10:00;\"Flights 1–18; IOM\"\r\n" // new, a formatted number
        + "lebanon;affected;12500;2026-11-29;Embassy Beirut sitrep\r\n" // changed from 12,000
        + "SAU;stock estimate;2500000;2026-11-01;BMET (illustrative)\r\n" // new country, by alpha-3 code
        + ";;;;\r\n" // blank row: skipped
        + "Atlantis;dead;1;2026-11-29;\r\n" // unknown country
        + "LB;rescued;5;2026-11-29;\r\n" // unknown kind
        + "LB;missing;-1;2026-11-29;\r\n" // negative
        + "LB;injured;four;2026-11-29;\r\n" // not a number
        + "LB;dead;2;31/02/2026;\r\n" // no such date
        + "LB;at assembly point;20000;2026-11-29;\r\n" // part > whole (affected, 12,500 after line 4)

    func testPreviewClassifiesEveryRowWithLineNumbersAndReasons() throws {
        let p = try plan(Self.spreadsheet)
        XCTAssertEqual(status(p, line: 2), .unchanged)
        XCTAssertEqual(status(p, line: 3), .new)
        XCTAssertEqual(status(p, line: 4), .changed(from: 12_000))
        XCTAssertEqual(status(p, line: 5), .new)
        XCTAssertNil(status(p, line: 6), "blank rows are not rows")
        func reason(_ line: Int) -> String {
            if case .rejected(let r) = status(p, line: line) { return r } else { return "not rejected" }
        }
        XCTAssertTrue(reason(7).contains("'Atlantis' is not a country"), reason(7))
        XCTAssertTrue(reason(8).contains("'rescued' is not a kind"), reason(8))
        XCTAssertTrue(reason(9).contains("cannot be negative"), reason(9))
        XCTAssertTrue(reason(10).contains("'four' is not a whole number"), reason(10))
        XCTAssertTrue(reason(11).contains("'31/02/2026' is not a date"), reason(11))
        XCTAssertTrue(reason(12).contains("at assembly point (20000) would exceed affected (12500)"), reason(12))
        XCTAssertEqual(p.summary, "10 rows: 2 new, 1 changed, 1 unchanged, 6 rejected")
        let row3 = try XCTUnwrap(p.lines.first { $0.line == 3 }?.row)
        XCTAssertEqual(row3.value, 1199)
        XCTAssertEqual(row3.asOf, Timestamp.parse("2026-11-29T10:00:00Z"))
        XCTAssertEqual(row3.source, "Flights 1–18; IOM")
        let preview = p.preview(names: testCountries)
        XCTAssertTrue(preview.contains("line  7  rejected   'Atlantis' is not a country"), preview)
        XCTAssertTrue(preview.contains("line  4  changed    LB Lebanon: affected 12,000 → 12,500"), preview)
        XCTAssertFalse(preview.contains("unchanged  "), "unchanged rows are only counted unless verbose")
        XCTAssertTrue(p.preview(names: testCountries, verbose: true).contains("line  2  unchanged"))
    }

    func testApplyIsOneBatchAndImportingTwiceChangesNothing() throws {
        let tmp = TempDirectory("counts")
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        try repo.commit(Fixture.setupOps, by: "test")
        let before = repo.store.seq
        let good = Self.spreadsheet.components(separatedBy: "\r\n").prefix(6).joined(separator: "\r\n")
        let p = try plan(good, store: repo.store)
        XCTAssertTrue(p.rejected.isEmpty)
        let entries = try repo.commit(p.operations, by: "karim")
        XCTAssertEqual(Set(entries.map(\.time)).count, 1, "one batch: one time for all")
        XCTAssertEqual(entries.first?.seq, before + 1)
        let lb = try XCTUnwrap(repo.store.world.countries["LB"])
        XCTAssertEqual(lb.count(.evacuated), 1199)
        XCTAssertEqual(lb.counts[.evacuated]?.asOf, Timestamp.parse("2026-11-29T10:00:00Z"), "as-of kept")
        XCTAssertEqual(lb.counts[.affected]?.source, "Embassy Beirut sitrep")
        XCTAssertEqual(repo.store.world.countries["SA"]?.count(.stock), 2_500_000)
        XCTAssertEqual(repo.store.world.events.last?.text, "imported counts from counts.csv: 2 new, 1 changed")
        // The journal holds it, and a fresh load agrees.
        XCTAssertEqual(try Repository(directory: tmp.data, readOnly: true).store, repo.store)
        // Again: nothing to do.
        let again = try plan(good, store: repo.store)
        XCTAssertTrue(again.operations.isEmpty)
        XCTAssertEqual(again.summary, "4 rows: 0 new, 0 changed, 4 unchanged, 0 rejected")
    }

    func testPartsAndWholesInOneFileAreCheckedTogether() throws {
        // Raising affected and evacuated together is fine even though evacuated alone would break the rule.
        let p = try plan("country,kind,value,as-of\nLB,evacuated,13000,2026-11-29\nLB,affected,14000,2026-11-29\n")
        XCTAssertEqual(p.rejected.count, 0, p.preview(names: testCountries))
        var s = Fixture.store()
        for op in p.operations { try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op)) }
        XCTAssertEqual(s.world.countries["LB"]?.count(.evacuated), 13_000)
        // Lowering a whole under a part the store holds is refused, with the rule named; the rest still applies.
        let q = try plan("country,kind,value\nLB,affected,10000\nLB,dead,3\n", store: s)
        XCTAssertEqual(q.rejected.map(\.line), [2])
        XCTAssertTrue(
            "\(q.rejected[0].status)".contains("evacuated (13000) would exceed affected (10000)"),
            "\(q.rejected[0].status)")
        XCTAssertEqual(status(q, line: 3), .new)
        XCTAssertEqual(q.operations.count, 2, "dead, then the summary log entry")
        // Evacuated beyond those registered is a true situation (undocumented workers), and beyond the stock
        // estimate too (it is rough): neither is refused.
        let r = try plan("country,kind,value\nLB,evacuated,95000\nLB,affected,95000\n")
        XCTAssertEqual(r.rejected.count, 0, r.preview(names: testCountries))
    }

    func testHistoryLandsInDateOrderAndOlderFiguresNeverOverwriteNewerOnes() throws {
        let history = """
            country,kind,value,as-of,source
            LB,evacuated,400,2026-11-25,sitrep 3
            LB,evacuated,130,2026-11-24,sitrep 2
            LB,evacuated,760,2026-11-27,sitrep 4
            LB,evacuated,760,2026-11-27,sitrep 4
            LB,evacuated,761,2026-11-27,typo
            """
        let p = try plan(history)
        var s = Fixture.store()
        for op in p.operations { try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op)) }
        let lb = try XCTUnwrap(s.world.countries["LB"])
        XCTAssertEqual(lb.count(.evacuated), 760, "the newest figure is the one held")
        XCTAssertEqual(lb.countHistory.filter { $0.kind == .evacuated }.map(\.value), [130, 400, 760])
        XCTAssertEqual(status(p, line: 5), .unchanged, "the same row twice")
        if case .rejected(let why) = status(p, line: 6) {
            XCTAssertTrue(why.contains("line 4 already gives LB evacuated 760"), why)
        } else {
            XCTFail("a second value for the same date is refused")
        }
        // The whole history again: every row recognised as already held.
        let again = try plan(history, store: s)
        XCTAssertTrue(again.operations.isEmpty, again.preview(names: testCountries, verbose: true))
        // An older figure that was never recorded is refused rather than put back over a newer one.
        let stale = try plan("country,kind,value,as-of\nLB,evacuated,500,2026-11-26\n", store: s)
        if case .rejected(let why) = status(stale, line: 2) {
            XCTAssertTrue(why.contains("older than the figure held (760"), why)
        } else {
            XCTFail("stale figure accepted")
        }
    }

    func testRowWithoutDateIsAsOfTheImportAndFieldsCountIsChecked() throws {
        let p = try plan("country,kind,value,as-of,source\nLB,dead,2,,\nLB,missing,1,2026-11-29,a,b\nLB,injured,3\n")
        XCTAssertEqual(status(p, line: 2), .new)
        XCTAssertNil(p.lines.first { $0.line == 2 }?.row?.asOf)
        if case .rejected(let why) = status(p, line: 3) {
            XCTAssertTrue(why.contains("6 fields but the header has 5"), why)
        } else {
            XCTFail()
        }
        XCTAssertEqual(status(p, line: 4), .new, "a short row leaves the optional columns empty")
        var s = Fixture.store()
        for op in p.operations { try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op)) }
        XCTAssertEqual(s.world.countries["LB"]?.counts[.dead]?.asOf, fixedNow)
        XCTAssertEqual(s.world.countries["LB"]?.counts[.dead]?.source, "")
        let future = try plan("country,kind,value,as-of\nLB,dead,2,2031-01-01\n")
        XCTAssertTrue("\(future.lines[0].status)".contains("in the future"))
    }

    func testLargeFileReportsProgressAndImports() throws {
        // 12,320 rows: 40 countries × 11 kinds × 28 days, every figure consistent with its whole.
        let codes = (0..<40).map { i in String(UnicodeScalar(65 + i / 26)!) + String(UnicodeScalar(65 + i % 26)!) }
        var lines = ["country,kind,value,as-of,source"]
        for day in 1...28 {
            let date = "2026-10-" + (day < 10 ? "0\(day)" : "\(day)")
            for code in codes {
                for kind in CountKind.allCases {
                    let depth = CountRules.depth(kind)
                    lines.append("\(code),\(kind.rawValue),\(1_000_000 / (depth * 10 + 1) + day),\(date),daily sheet")
                }
            }
        }
        XCTAssertGreaterThan(lines.count - 1, 10_000)
        var seen: [String: (Int, Int)] = [:]
        let start = Date()
        let p = try CountsImport.prepare(
            text: lines.joined(separator: "\n"), file: "big.csv", store: Store(), countries: CountryNames(),
            now: fixedNow
        ) { phase, done, total in seen[phase] = (done, total) }
        XCTAssertEqual(p.count("new"), 40 * 11, p.summary)
        XCTAssertEqual(p.count("changed"), 40 * 11 * 27)
        XCTAssertTrue(p.rejected.isEmpty, p.preview(names: CountryNames()))
        XCTAssertEqual(
            seen["reading"].map { $0.0 == $0.1 && $0.1 > 10_000 }, true, "reading reported to the end: \(seen)")
        XCTAssertEqual(seen["checking"].map { $0.0 == $0.1 }, true, "\(seen)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 60, "a large file is planned in reasonable time")
    }
}
