import Foundation
import TestSupport
import XCTest

@testable import CrisisExchange
@testable import CrisisModel
@testable import CrisisStorage

/// The fast snapshot reader must give exactly what JSONDecoder gives whenever it answers at all.
final class SnapshotReaderTests: XCTestCase {
    private func encoded(_ world: World, seq: Int = 7) throws -> Data {
        let file = SnapshotFile(seq: seq, savedAt: fixedNow, world: world)
        let data = Data(file.encoded())
        // The hand-written writer must give JSONEncoder's bytes exactly.
        XCTAssertEqual(
            String(decoding: data, as: UTF8.self), String(decoding: try file.encodedWithFoundation(), as: UTF8.self))
        // Without layout (a database's snapshot): JSONEncoder's compact bytes, read back as the same file.
        let compact = Data(file.compactBytes)
        var reference = try JSONCoding.encoder().encode(file)
        reference.append(10)
        XCTAssertEqual(String(decoding: compact, as: UTF8.self), String(decoding: reference, as: UTF8.self))
        XCTAssertLessThan(compact.count, data.count)
        try assertSame(compact)
        return data
    }

    private func foundation(_ data: Data) throws -> SnapshotFile {
        try SnapshotFile.decodeWithFoundation(data, path: "snapshot.json")
    }

    private func assertSame(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws {
        let fast = try XCTUnwrap(
            SnapshotReader.read(data), "the fast reader refused a snapshot it should read", file: file, line: line)
        let reference = try foundation(data)
        XCTAssertEqual(fast.world, reference.world, file: file, line: line)
        XCTAssertEqual(fast.seq, reference.seq, file: file, line: line)
        XCTAssertEqual(fast.savedAt, reference.savedAt, file: file, line: line)
        XCTAssertEqual(fast.schemaVersion, reference.schemaVersion, file: file, line: line)
    }

    func testDemoWorldReadsAsJSONDecoderReadsIt() throws {
        try assertSame(encoded(DemoWorld.store(now: fixedNow).world))
    }

    func testTheFeedsFollowedAndTheirItemsAreWrittenAndReadAsJSONDecoderDoes() throws {
        var world = Fixture.store().world
        world.cell.bannerNationals = 250
        world.watch.feeds["gdacs"] = FollowedFeed(
            name: "gdacs", url: "https://www.gdacs.org/xml/rss.xml", format: "gdacs")
        let item = FeedItem(
            source: "GDACS", id: "FL1", kind: "flood", title: "Red flood \"alert\" in লেবানন", countries: ["LB", "SY"],
            sourceLevel: "Red", severity: .extreme, time: fixedNow, link: "https://www.gdacs.org/r?a=1&b=2",
            population: 12_000)
        var record = IncomingItem(feed: "gdacs", item: item, received: fixedNow)
        record.triage = IncomingTriage(status: .dismissed, by: "রহিম", at: fixedNow, reason: "seen", crisis: nil)
        record.status = .dismissed
        world.watch.incoming[record.key] = record
        world.watch.incoming["CAP:x"] = IncomingItem(
            feed: "cap", item: FeedItem(source: "CAP", id: "x", kind: "storm", title: "t", replaces: ["w"]),
            received: fixedNow)
        try assertSame(encoded(world))
    }

    func testAwkwardTextAndEveryOptionalField() throws {
        var store = Fixture.store()
        let awkward =
            "quote \" backslash \\ slash / tab \t newline \n nul \u{0} bell \u{7} ✓ রহিম আহমেদ 張偉 محمد 😀 \u{202E}"
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: fixedNow, operator: "অপারেটর",
                op: .log(crisis: Fixture.crisisId, kind: .sitrep, text: awkward)))
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: fixedNow, operator: "x", op: .log(crisis: nil, kind: .call, text: "called")))
        var world = store.world
        var contact = Fixture.contact(id: "c9", name: awkward)
        contact.lastVerified = fixedNow
        contact.nameParts = ["আহমেদ", "রহিম", "", "Dr.", ""]
        contact.addressType = "HOME"
        world.contacts["c9"] = contact
        // A log entry made offline: made and sent times.
        world.events[world.events.count - 1].sentAt = fixedNow.addingTimeInterval(3960)
        var crisis = try XCTUnwrap(world.crises[Fixture.crisisId])
        crisis.checklist[0].doneBy = "রহিম"
        crisis.checklist[0].doneAt = fixedNow
        crisis.checklist[0].due = fixedNow.addingTimeInterval(3600)
        world.crises[Fixture.crisisId] = crisis
        try assertSame(encoded(world))
    }

    func testHandWrittenEscapesAndUnknownKeys() throws {
        let base = try String(decoding: encoded(Fixture.store().world), as: UTF8.self)
        // Escapes JSONEncoder never writes (\u for BMP and astral characters) and keys added by a newer version.
        let edited =
            base
            .replacingOccurrences(
                of: "\"format\"", with: "\"future\" : {\"a\": [1, -2, true, false, null, \"s\"]},\n  \"format\""
            )
            .replacingOccurrences(of: "\"Ayesha Rahman\"", with: "\"Ay\\u00e9sha \\ud83d\\ude00 \\u09b0\"")
        XCTAssertNotEqual(edited, base)
        try assertSame(Data(edited.utf8))
        XCTAssertEqual(SnapshotReader.read(Data(edited.utf8))?.world.contacts["c1"]?.name, "Ayésha 😀 র")
    }

    func testInputOutsideTheSubsetIsLeftToJSONDecoder() throws {
        let good = try String(decoding: encoded(Fixture.store().world), as: UTF8.self)
        let cases: [(String, String)] = [
            ("duplicate key", good.replacingOccurrences(of: "\"seq\" : 7", with: "\"seq\" : 7, \"seq\" : 8")),
            ("fraction", good.replacingOccurrences(of: "\"seq\" : 7", with: "\"seq\" : 7.0")),
            ("exponent", good.replacingOccurrences(of: "\"seq\" : 7", with: "\"seq\" : 7e0")),
            ("trailing garbage", good + "x"),
            ("byte order mark", "\u{FEFF}" + good),
            ("lone surrogate", good.replacingOccurrences(of: "\"Ayesha Rahman\"", with: "\"\\ud83d\"")),
            ("escaped key", good.replacingOccurrences(of: "\"seq\"", with: "\"s\\u0065q\"")),
            ("other format", good.replacingOccurrences(of: "crisiscell-snapshot", with: "something-else")),
            ("newer schema", good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 2")),
            ("unknown enum", good.replacingOccurrences(of: "\"change\"", with: "\"gossip\"")),
        ]
        for (name, text) in cases {
            XCTAssertNotEqual(text, good, name)
            let data = Data(text.utf8)
            XCTAssertNil(SnapshotReader.read(data), name)
            // The public entry point then answers exactly as JSONDecoder does.
            let viaEntry = Result { try SnapshotFile.decode(data, path: "snapshot.json") }
            let viaFoundation = Result { try foundation(data) }
            switch (viaEntry, viaFoundation) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a.world, b.world, name)
            case (.failure(let a), .failure(let b)): XCTAssertEqual("\(a)", "\(b)", name)
            default: XCTFail("\(name): the entry point and JSONDecoder disagree")
            }
        }
    }

    /// A file of several megabytes, read through the mapping that drops pages behind the reader: the same world
    /// as JSONDecoder's; and when the fast reader gives up near the end, JSONDecoder still reads every byte.
    func testLargeMappedFileWithPagesHandedBack() throws {
        var world = Fixture.store().world
        let text = String(repeating: "evacuation flight manifest update ", count: 6)
        for i in 0..<33_000 {
            world.events.append(
                Event(
                    seq: i + 10, time: fixedNow, operator: "officer\(i % 7)", crisis: Fixture.crisisId, kind: .sitrep,
                    text: "\(i) \(text)"))
        }
        let data = try encoded(world, seq: 40_000)
        XCTAssertGreaterThan(data.count, 3 * (4 << 20), "large enough to hand pages back several times")
        let tmp = TempDirectory("mapped")
        let path = tmp.path + "/snapshot.json"
        // Written a megabyte at a time, as the repository writes: the same bytes.
        try PosixFile.writeNew(to: path) { fd throws(PersistenceError) in
            try SnapshotWriter.write(SnapshotFile(seq: 40_000, savedAt: fixedNow, world: world), fd: fd, path: path)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), data)
        XCTAssertEqual(try SnapshotFile.load(path)?.world, world)

        // A fraction under an unknown key at the very end: the fast reader stops there, JSONDecoder reads the
        // whole mapping again.
        var text2 = String(decoding: data, as: UTF8.self)
        let r = try XCTUnwrap(text2.range(of: "\"kind\" : \"sitrep\"", options: .backwards))
        text2.replaceSubrange(r, with: "\"kind\" : \"sitrep\", \"weight\" : 1.5")
        try Data(text2.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(SnapshotReader.read(Data(text2.utf8)))
        XCTAssertEqual(try SnapshotFile.load(path)?.world, world)
        // A key given twice is damage, named with its line, whichever reader meets it.
        text2.replaceSubrange(try XCTUnwrap(text2.range(of: "\"weight\" : 1.5")), with: "\"kind\" : \"sitrep\"")
        try Data(text2.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SnapshotFile.load(path)) {
            XCTAssertTrue("\($0)".contains("the key 'kind' appears twice in one object"), "\($0)")
        }
    }

    /// Damaged snapshots: whenever the fast reader accepts one, JSONDecoder must accept it and read the same.
    func testAgreesWithJSONDecoderOnDamagedSnapshots() throws {
        var store = DemoWorld.store(now: fixedNow)
        try store.apply(
            JournalEntry(
                seq: store.seq + 1, time: fixedNow, operator: "fuzz",
                op: .log(crisis: nil, kind: .sitrep, text: "escapes \" \\ \n ✓ রহিম 😀")))
        let snapshot = try encoded(store.world)
        var rng = SeededRandom()
        let cases = trials(short: 200, long: 10_000)
        var fastAccepted = 0
        var foundationAccepted = 0
        for n in 0..<cases {
            let mutation = Mutation.allCases.randomElement(using: &rng)!
            let data = mutation.apply(snapshot, using: &rng)
            let reference = try? foundation(data)
            if reference != nil { foundationAccepted += 1 }
            guard let fast = SnapshotReader.read(data) else { continue }
            fastAccepted += 1
            guard let reference else {
                XCTFail("case \(n) (\(mutation), seed \(rng.seed)): fast reader accepted what JSONDecoder refuses")
                continue
            }
            XCTAssertEqual(fast.world, reference.world, "case \(n) (\(mutation), seed \(rng.seed))")
            XCTAssertEqual(fast.seq, reference.seq, "case \(n) (\(mutation), seed \(rng.seed))")
        }
        print(
            "FUZZ snapshot reader: \(cases) cases (seed \(rng.seed)): JSONDecoder read \(foundationAccepted), the fast reader \(fastAccepted), never differently"
        )
    }
}
