import CrisisExchange
import CrisisModel
import CrisisPostgres
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// What an operation may carry: the table the database's write function is generated from matches what the
/// program writes, and every reader refuses a key the program does not know (a kind hidden behind another).
final class OperationKeysTests: XCTestCase {
    private func payloadKeys(_ op: StoreOperation) throws -> (String, Set<String>) {
        let json = try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(op)) as! [String: [String: Any]]
        XCTAssertEqual(json.count, 1, "one kind a change")
        return (json.keys.first!, Set(json.values.first!.keys))
    }

    func testTheShapeTableIsWhatTheProgramWrites() throws {
        let crisis = Fixture.crisis()
        let contact =
            Fixture.store().world.contacts.values.first ?? DemoWorld.store(now: fixedNow).world.contacts.values.first!
        let item = crisis.checklist[0]
        let owner = ChecklistOwner.crisis(crisis.id)
        let samples: [StoreOperation] = [
            .addCountry(code: "LB"),
            .setAlert(country: "LB", level: .restriction, reason: "r", expected: .precautionary),
            .setCounts(country: "LB", counts: [.affected: 1], source: "s", asOf: fixedNow, expected: [.affected: nil]),
            .addCrisis(crisis),
            .updateCrisis(id: crisis.id, patch: CrisisPatch(title: "t"), expected: CrisisPatch(title: "u")),
            .deleteCrisis(id: crisis.id, expected: crisis),
            .setItemStatus(owner: owner, item: item.id, status: .done, expected: .open),
            .addItem(owner: owner, item: item),
            .updateItem(owner: owner, item: item.id, patch: ItemPatch(text: "t"), expected: ItemPatch(text: "u")),
            .deleteItem(owner: owner, item: item.id, expected: item),
            .addContact(contact), .updateContact(contact),
            .patchContact(id: contact.id, patch: ContactPatch(name: "n"), expected: ContactPatch(name: "m")),
            .deleteContact(id: contact.id, expected: contact),
            .log(crisis: crisis.id, kind: .decision, text: "t"),
            .setCell(CellSettings(), expected: CellSettings()),
            .followFeed(
                FollowedFeed(name: "gdacs", url: "https://www.gdacs.org/xml/rss.xml", format: "gdacs"),
                expected: FollowedFeed(name: "gdacs", url: "https://x.example/rss.xml", format: "gdacs")),
            .unfollowFeed(
                name: "gdacs", expected: FollowedFeed(name: "gdacs", url: "https://x.example", format: "gdacs")),
            .receiveItems(feed: "gdacs", items: [FeedItem(source: "GDACS", id: "FL1", kind: "flood", title: "t")]),
            .triageIncoming(key: "GDACS:FL1", status: .linked, reason: "r", crisis: crisis.id, expected: .new),
        ]
        var seen: [String: Set<String>] = [:]
        for op in samples {
            let (kind, keys) = try payloadKeys(op)
            seen[kind, default: []].formUnion(keys)
        }
        XCTAssertEqual(seen.mapValues { $0.sorted() }, OperationShape.fields.mapValues { $0.sorted() })
        XCTAssertTrue(OperationShape.adminOnly.isSubset(of: Set(OperationShape.fields.keys)))
    }

    private let hidden = #"{"deleteCrisis":{"id":"lb-test"},"x":null}"#

    func testAnAdminKindHiddenBehindAnotherKeyIsRefusedInAnOperation() {
        XCTAssertThrowsError(try StoreOperation.decoded(json: hidden, source: "the database's operation", line: 7)) {
            error in
            XCTAssertTrue("\(error)".contains("line 7"), "\(error)")
            XCTAssertTrue("\(error)".contains("(2 kinds: deleteCrisis, x)"), "\(error)")
        }
        XCTAssertNoThrow(try StoreOperation.decoded(json: #"{"deleteCrisis":{"id":"lb-test"}}"#, source: "s", line: 1))
    }

    func testAnUnknownFieldAtAnyDepthIsRefusedAndANullOptionalIsNot() throws {
        let unknownField = #"{"log":{"crisis":null,"kind":"decision","text":"t","admin":true}}"#
        XCTAssertThrowsError(try StoreOperation.decoded(json: unknownField, source: "s", line: 1)) { error in
            XCTAssertTrue("\(error)".contains("'log.admin'"), "\(error)")
        }
        var crisis =
            try JSONSerialization.jsonObject(
                with: JSONCoding.encoder().encode(StoreOperation.addCrisis(Fixture.crisis())))
            as! [String: [String: [String: Any]]]
        crisis["addCrisis"]!["_0"]!["secret"] = "x"
        let nested = String(decoding: try JSONSerialization.data(withJSONObject: crisis), as: UTF8.self)
        XCTAssertThrowsError(try StoreOperation.decoded(json: nested, source: "s", line: 1)) { error in
            XCTAssertTrue("\(error)".contains("addCrisis._0.secret"), "\(error)")
        }
        XCTAssertNoThrow(
            try StoreOperation.decoded(
                json: #"{"log":{"crisis":null,"kind":"decision","text":"t"}}"#, source: "s", line: 1))
    }

    func testAJournalLineOrAnOutboxLineWithAHiddenKindIsRefusedNamingItsLine() throws {
        let tmp = TempDirectory()
        let dir = DataDirectory(path: tmp.path + "/data")
        try dir.prepare()
        _ = try Repository(directory: dir).commit(.addCountry(code: "LB"), by: "rahim")
        let line = #"{"op":"# + hidden + #","operator":"rahim","seq":2,"time":"2026-01-01T00:00:00Z"}"# + "\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.journal))
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try handle.close()
        XCTAssertThrowsError(try Repository(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains("line 2"), "\(error)")
            XCTAssertTrue("\(error)".contains("deleteCrisis"), "\(error)")
        }
        let outbox = try Outbox(directory: DataDirectory(path: tmp.path + "/cache"))
        try outbox.add([.addCountry(code: "KW")], by: "rahim")
        let bad = #"{"id":"abcd","operator":"rahim","ops":["# + hidden + #"],"time":"2026-01-01T00:00:00Z"}"# + "\n"
        let h2 = try FileHandle(forWritingTo: URL(fileURLWithPath: outbox.path))
        h2.seekToEndOfFile()
        h2.write(Data(bad.utf8))
        try h2.close()
        XCTAssertEqual(try outbox.changes().count, 1, "the intact change still waits")
        let damaged = try outbox.damaged()
        XCTAssertEqual(damaged.map(\.line), [2])
        XCTAssertTrue(damaged.first?.reason.contains("deleteCrisis") ?? false, "\(damaged)")
    }
}
