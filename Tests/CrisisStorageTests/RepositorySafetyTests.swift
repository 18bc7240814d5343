import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// The edges independent testers found: absurd numbers, a snapshot failing after a saved change, loading what
/// no operation could make, a last line that only lost its newline, links the program did not make.
final class RepositorySafetyTests: XCTestCase {
    var tmp: TempDirectory!
    override func setUp() { tmp = TempDirectory("edges") }
    override func tearDown() { tmp.cleanUp() }

    private func seeded() throws -> Repository {
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        try repo.replaceAll(with: Fixture.store())
        return repo
    }

    /// Rewrites the snapshot through `edit` of its text, as a person with an editor (or a bad disk) would.
    private func editSnapshot(_ edit: (String) -> String) throws {
        let text = try String(contentsOfFile: tmp.data.snapshot, encoding: .utf8)
        let changed = edit(text)
        XCTAssertNotEqual(changed, text, "the edit must change something")
        try changed.write(toFile: tmp.data.snapshot, atomically: false, encoding: .utf8)
    }

    // MARK: 1. Numbers

    func testAnAbsurdCountIsRefusedEverywhereAndSumsNeverTrap() throws {
        let repo = try seeded()
        let huge = 9_223_372_036_854_775_000
        XCTAssertThrowsError(
            try repo.commit(.setCounts(country: "SD", counts: [.stock: huge], source: "src", asOf: nil), by: "t")
        ) {
            XCTAssertEqual(
                "\($0)", "stock estimate 9,223,372,036,854,775,000 is not a plausible count (at most 10,000,000,000)")
        }
        let plan = try CountsImport.prepare(
            text: "country,kind,value,as-of,source\nSD,stock,\(huge),,src\n", file: "c.csv",
            store: repo.store, countries: CountryNames(), now: fixedNow)
        XCTAssertTrue(plan.operations.isEmpty)
        XCTAssertTrue("\(plan.lines[0].status)".contains("is not a plausible count"), "\(plan.lines[0].status)")
        XCTAssertNoThrow(
            try repo.commit(
                .setCounts(country: "SD", counts: [.stock: CountRules.maximum], source: "", asOf: nil), by: "t"))
        // Whatever a world holds, its sums saturate instead of trapping.
        var world = World()
        for code in ["AA", "BB", "CC"] {
            world.countries[code] = Country(
                code: code, counts: [.stock: CountValue(value: Int.max / 2, asOf: fixedNow, source: "")])
        }
        XCTAssertEqual(world.total(.stock, in: ["AA", "BB", "CC"]), Int.max)
    }

    func testASnapshotHoldingAnAbsurdCountIsRefusedAtItsLine() throws {
        _ = try seeded()
        try editSnapshot { $0.replacingOccurrences(of: "\"value\" : 12000", with: "\"value\" : 9223372036854775000") }
        XCTAssertThrowsError(try Repository(directory: tmp.data, readOnly: true)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(tmp.data.snapshot + ":"), text)
            XCTAssertTrue(
                text.contains(
                    "countries.LB.counts.affected.value: affected 9,223,372,036,854,775,000 is not a plausible count"),
                text)
            let line = Int(text.dropFirst(tmp.data.snapshot.count + 1).prefix { $0.isNumber }) ?? 0
            let lines = try! String(contentsOfFile: tmp.data.snapshot, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            XCTAssertTrue(
                lines[line - 1].contains("9223372036854775000"), "the line named is the damage: \(lines[line - 1])")
        }
    }

    // MARK: 2. A saved change is saved, whatever happens to the snapshot after it

    func testASnapshotThatCannotBeWrittenIsAWarningAndIsTriedAgainLater() throws {
        let clock = SteppingClock()
        let repo = try Repository(directory: tmp.data, compactThreshold: 1, clock: clock.now)
        try repo.replaceAll(with: Fixture.store())
        // Make the snapshot's temp file impossible to create: a directory already stands in its place.
        let blocker = tmp.data.snapshot + ".tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        let outcome = try repo.commit(.log(crisis: nil, kind: .sitrep, text: "first"), by: "t")
        XCTAssertNotNil(outcome.entry, "the journal holds it: saved")
        XCTAssertNotNil(repo.snapshotProblem)
        XCTAssertTrue(repo.snapshotProblem!.contains("snapshot.json.tmp-"), repo.snapshotProblem!)
        XCTAssertNoThrow(
            try repo.commit(.log(crisis: nil, kind: .sitrep, text: "second"), by: "t"), "the next change is saved too")
        XCTAssertFalse(repo.wantsSnapshot, "not tried again at once")
        let texts = try Repository(directory: tmp.data, readOnly: true).store.world.events.map(\.text)
        XCTAssertEqual(texts.filter { $0 == "first" || $0 == "second" }, ["first", "second"], "each once")
        // Room again, and after the wait: the snapshot is written and the problem clears.
        try FileManager.default.removeItem(atPath: blocker)
        for _ in 0..<10 { _ = clock.now() }
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "third"), by: "t")
        XCTAssertNil(repo.snapshotProblem)
        XCTAssertEqual(repo.journalLineCount, 0, "compacted")
    }

    // MARK: 5. Loading checks what operations check

    func testLoadingRefusesWhatNoOperationCouldMakeAndCheckListsEachAtItsLine() throws {
        let cases: [(String, (String) -> String, String)] = [
            (
                "negative count", { $0.replacingOccurrences(of: "\"value\" : 12000", with: "\"value\" : -5") },
                "affected cannot be negative (got -5)"
            ),
            (
                "unknown zone",
                { $0.replacingOccurrences(of: "\"timeZone\" : \"Asia/Beirut\"", with: "\"timeZone\" : \"Mars/Base\"") },
                "'Mars/Base' is not an IANA time zone"
            ),
            (
                "severity 99", { $0.replacingOccurrences(of: "\"severity\" : 4", with: "\"severity\" : 99") },
                "severity must be 1 to 4 (got 99)"
            ),
            (
                "call order", { $0.replacingOccurrences(of: "\"callOrder\" : 1", with: "\"callOrder\" : -123") },
                "call-down order must be 0 to 999 (got -123)"
            ),
            (
                "id not its key", { $0.replacingOccurrences(of: "\"id\" : \"c1\"", with: "\"id\" : \"c9\"") },
                "holds contact 'c9' under the key 'c1'"
            ),
            (
                "negative seq",
                { $0.replacingOccurrences(of: "\"seq\" : 3,\n  \"world\"", with: "\"seq\" : -3,\n  \"world\"") },
                "operation number -3 is negative"
            ),
        ]
        for (name, edit, message) in cases {
            tmp.cleanUp()
            tmp = TempDirectory("edges")
            _ = try seeded()
            try editSnapshot(edit)
            XCTAssertThrowsError(try Repository(directory: tmp.data, readOnly: true), name) { error in
                XCTAssertTrue("\(error)".contains(message), "\(name): \(error)")
                XCTAssertTrue(
                    "\(error)".hasPrefix(tmp.data.snapshot + ":"), "\(name): names the file and line: \(error)")
            }
            let report = HealthCheck.run(directory: tmp.data)
            XCTAssertTrue(
                report.problems.contains { $0.contains(message) && $0.hasPrefix(tmp.data.snapshot + ":") },
                "\(name): \(report.problems)")
        }
        // `backups` as a plain file is said by check.
        tmp.cleanUp()
        tmp = TempDirectory("edges")
        _ = try seeded()
        try FileManager.default.removeItem(atPath: tmp.data.backups)
        FileManager.default.createFile(atPath: tmp.data.backups, contents: Data())
        XCTAssertTrue(
            HealthCheck.run(directory: tmp.data).problems.contains {
                $0.contains("should be a directory, and is a plain file")
            })
    }

    func testAPartAboveItsWholeFromEarlierRulesStillLoadsAndIsReported() throws {
        // Written under rules that did not nest the dead within the affected (a journal replays as written).
        var old = Fixture.store()
        try old.apply(
            JournalEntry(
                seq: 4, time: fixedNow, operator: "t",
                op: .setCounts(country: "LB", counts: [.dead: 20_000], source: "", asOf: nil)))
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        try repo.replaceAll(with: old)
        let reopened = try Repository(directory: tmp.data, readOnly: true)
        XCTAssertEqual(reopened.store.world.countries["LB"]?.count(.dead), 20_000, "it opens")
        XCTAssertTrue(
            HealthCheck.run(directory: tmp.data).problems.contains {
                $0.contains("dead (20000) would exceed affected (12000)")
            })
    }

    // MARK: 6. The line and column of the damage

    func testErrorsNameTheLineAndColumnOfTheDamage() throws {
        // A snapshot of some 12,000 lines, damaged deep inside.
        var world = Fixture.store().world
        for i in 0..<1_800 {
            world.events.append(
                Event(seq: 4 + i, time: fixedNow, operator: "rahim", crisis: nil, kind: .sitrep, text: "line \(i)"))
        }
        let repo = try Repository(directory: tmp.data, clock: SteppingClock().now)
        try repo.replaceAll(with: Store(world: world, seq: 1_803))
        var lines = try String(contentsOfFile: tmp.data.snapshot, encoding: .utf8).components(separatedBy: "\n")
        XCTAssertGreaterThan(lines.count, 12_000)
        let target = try XCTUnwrap(lines.indices.last { lines[$0].contains("\"line 1000\"") })
        // a comma too many
        lines[target] = lines[target].replacingOccurrences(of: "\"line 1000\"", with: "\"line 1000\",")
        try lines.joined(separator: "\n").write(toFile: tmp.data.snapshot, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try Repository(directory: tmp.data, readOnly: true)) {
            XCTAssertTrue(
                "\($0)".hasPrefix("\(tmp.data.snapshot):\(target + 1): snapshot is damaged: column 30: "), "\($0)")
            XCTAssertTrue("\($0)".contains("a key in double quotes was expected, not ','"), "\($0)")
        }
        // A value of the wrong type: the line of that value.
        lines[target] = lines[target].replacingOccurrences(of: "\"line 1000\",", with: "\"line 1000\"")
        let kind = try XCTUnwrap(lines.indices.first { $0 > target - 8 && lines[$0].contains("\"kind\" : \"sitrep\"") })
        lines[kind] = lines[kind].replacingOccurrences(of: "\"sitrep\"", with: "42")
        try lines.joined(separator: "\n").write(toFile: tmp.data.snapshot, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try Repository(directory: tmp.data, readOnly: true)) {
            XCTAssertTrue("\($0)".hasPrefix("\(tmp.data.snapshot):\(kind + 1):"), "the line of the kind: \($0)")
        }
        // A journal line: its number and the column.
        tmp.cleanUp()
        tmp = TempDirectory("edges")
        let j = try seeded()
        try j.commit(.log(crisis: nil, kind: .sitrep, text: "one"), by: "t")
        try j.commit(.log(crisis: nil, kind: .sitrep, text: "two"), by: "t")
        var journal = try String(contentsOfFile: tmp.data.journal, encoding: .utf8)
        journal = journal.replacingOccurrences(of: "\"text\":\"two\"", with: "\"text\":\"two\\x41\"")
        try journal.write(toFile: tmp.data.journal, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try Repository(directory: tmp.data, readOnly: true)) {
            XCTAssertTrue("\($0)".hasPrefix("\(tmp.data.journal):2: journal line 2 is damaged: column "), "\($0)")
            XCTAssertTrue("\($0)".contains("'\\x' is not a JSON escape"), "\($0)")
        }
    }

    // MARK: 7. A whole last line without its newline

    func testALastLineThatOnlyLostItsNewlineIsKept() throws {
        let repo = try seeded()
        try repo.commit(.log(crisis: nil, kind: .sitrep, text: "acknowledged"), by: "t")
        var journal = try Data(contentsOf: URL(fileURLWithPath: tmp.data.journal))
        XCTAssertEqual(journal.last, 10)
        journal.removeLast()
        try journal.write(to: URL(fileURLWithPath: tmp.data.journal))
        let again = try Repository(directory: tmp.data)
        XCTAssertEqual(again.warnings, [], "no false 'never confirmed' warning")
        XCTAssertEqual(again.store.world.events.last?.text, "acknowledged")
        try again.commit(.log(crisis: nil, kind: .sitrep, text: "next"), by: "t")
        let lines = try String(contentsOfFile: tmp.data.journal, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3, "two whole lines and the final newline: \(lines)")
        XCTAssertEqual(
            try Repository(directory: tmp.data, readOnly: true).store.world.events.suffix(2).map(\.text),
            ["acknowledged", "next"])
        // A reader that had already read the line without its newline follows the next writer without a gap.
        let follower = try Repository(directory: tmp.data, readOnly: true)
        try again.commit(.log(crisis: nil, kind: .sitrep, text: "third"), by: "t")
        XCTAssertEqual(try follower.refresh().map(\.seq), [again.store.seq])
    }

    // MARK: 11. Links the program did not make

    func testPresenceNeverWritesThroughALink() throws {
        _ = try seeded()
        let victim = tmp.path + "/victim"
        try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: false)
        symlink(victim, tmp.data.presenceDirectory)
        let presence = Presence(directory: tmp.data, operator: "rahim")
        presence.beat()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: victim), [])
        presence.leave()
        XCTAssertTrue(
            HealthCheck.run(directory: tmp.data).problems.contains { $0.contains("presence is a symbolic link") })
    }

    func testADataDirectoryThatIsALinkIsRefusedAndParentsArePrivate() throws {
        let real = tmp.path + "/real"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        chmod(real, 0o700)
        let link = tmp.path + "/link"
        symlink(real, link)
        XCTAssertThrowsError(try Repository(directory: DataDirectory(path: link))) {
            XCTAssertTrue("\($0)".contains("is a symbolic link"), "\($0)")
        }
        let old = umask(0)
        defer { umask(old) }
        let deep = DataDirectory(path: tmp.path + "/a/b/data")
        _ = try Repository(directory: deep)
        for p in [tmp.path + "/a", tmp.path + "/a/b", deep.path] {
            var st = stat()
            XCTAssertEqual(stat(p, &st), 0)
            XCTAssertEqual(st.st_mode & 0o777, 0o700, p)
        }
    }

    func testCheckChangesNothingAndRepairSaysWhatItChanged() throws {
        _ = try seeded()
        chmod(tmp.data.path, 0o500)
        defer { chmod(tmp.data.path, 0o700) }
        let report = HealthCheck.run(directory: tmp.data)
        var st = stat()
        stat(tmp.data.path, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o500, "check left the mode alone")
        XCTAssertTrue(report.warnings.contains { $0.contains("mode 500") }, "\(report.warnings)")
        chmod(tmp.data.path, 0o755)
        XCTAssertTrue(
            HealthCheck.run(directory: tmp.data).warnings.contains { $0.contains("lets others read the data") })
        XCTAssertEqual(HealthCheck.repairModes(directory: tmp.data), ["\(tmp.data.path): mode 755 → 700"])
        stat(tmp.data.path, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o700)
    }
}
