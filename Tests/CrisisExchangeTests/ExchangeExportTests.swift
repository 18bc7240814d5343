import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Every export read back with the matching import, into an empty store, gives the same data.
final class ExchangeExportTests: XCTestCase {
    /// The demo world as it is after a trip through the files (times to the millisecond), plus awkward contacts.
    private func world() throws -> Store {
        let tmp = TempDirectory("export")
        let repo = try Repository(directory: tmp.data)
        try repo.replaceAll(with: DemoWorld.store(now: fixedNow))
        try repo.commit(
            [
                .addContact(
                    Contact(
                        id: "x1", name: "O'Brien, \"Pat\"; =cmd|' /C calc'!A0", organisation: "Org; with, separators",
                        organisationKind: .other,
                        role: "Role\nwith a line break", country: "LB", city: "Beyrouth – centre",
                        phones: ["+961 3 000 999", "(+961) 1-000.998"],
                        email: "pat@example.org", messaging: "Signal, WhatsApp", timeZone: "Asia/Beirut",
                        languages: ["en", "ar", "fr"],
                        duty: .unavailable, callOrder: 0, lastVerified: Timestamp.parse("2026-11-01T10:11:12.345Z"),
                        notes: "Line one\nLine two, with \\ backslash; and \"quotes\"\n@mention +1")),
                .addContact(
                    Contact(
                        id: "x2", name: String(repeating: "দীর্ঘ নাম ", count: 12) + "শেষ", organisation: "",
                        organisationKind: .warden, role: "",
                        country: "BD", phones: ["+880 1700-000999"], timeZone: "Asia/Dhaka")),
            ], by: "test")
        return try Repository(directory: tmp.data, readOnly: true).store
    }

    private func importContacts(_ data: Data, format: ContactsImport.Format) throws -> [String: Contact] {
        let text = try TextInput.decode(data, file: "x")
        // No country tables: the files carry codes and zones themselves.
        let p = try ContactsImport.prepare(
            text: text, file: "x", format: format, store: Store(), countries: CountryNames(), now: fixedNow)
        XCTAssertTrue(p.rejected.isEmpty, p.preview())
        var s = Store()
        for op in p.operations { try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op)) }
        return s.world.contacts
    }

    func testContactsCSVRoundTrip() throws {
        let store = try world()
        let data = Export.contactsCSV(Export.orderedContacts(store.world), byteOrderMark: true)
        let back = try importContacts(data, format: .csv)
        XCTAssertEqual(back.count, store.world.contacts.count)
        for (id, c) in store.world.contacts { XCTAssertEqual(back[id], c, id) }
        XCTAssertEqual(back, store.world.contacts)
    }

    func testContactsVCardRoundTrip() throws {
        let store = try world()
        let data = Export.contactsVCF(Export.orderedContacts(store.world), names: CountryNames.load())
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "folded at 75 octets")
        XCTAssertTrue(text.contains("VERSION:3.0\r\n"))
        XCTAssertTrue(text.contains("ORG:Org\\; with\\, separators\r\n"), "RFC 2426 escapes")
        let back = try importContacts(data, format: .vcf)
        for (id, c) in store.world.contacts { XCTAssertEqual(back[id], c, id) }
        XCTAssertEqual(back, store.world.contacts)
        // Read as any phone would (ignoring X- properties), the card still gives name, numbers, e-mail and country.
        let plain = text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("X-CRISISCELL-") }.joined(
            separator: "\r\n")
        let p = try ContactsImport.prepare(
            text: plain, file: "p.vcf", format: .vcf, store: Store(), countries: CountryNames.load(), now: fixedNow)
        let pat = p.lines.compactMap {
            if case .new(let c) = $0.status, c.email == "pat@example.org" { return c } else { return nil }
        }.first
        XCTAssertEqual(pat?.country, CountryNames.load().isLoaded ? "LB" : pat?.country, "from ADR's country name")
        XCTAssertEqual(pat?.phones, ["+961 3 000 999", "(+961) 1-000.998"])
    }

    /// Finding 12: a phone's card (family and given names apart, a home address) comes back out as it went in,
    /// and importing that export into the store that holds the contact changes nothing.
    func testAVCardRoundTripKeepsFamilyAndGivenNamesAndAHomeAddress() throws {
        let card = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            N:Uddin;Rahim;;Dr.;\r
            FN:Dr. Rahim Uddin\r
            TEL;TYPE=CELL:+961 3 123 456\r
            ADR;TYPE=HOME:;;Hamra Street;Beirut;;;Lebanon\r
            END:VCARD\r

            """
        let names = CountryNames.load()
        let first = try ContactsImport.prepare(
            text: card, file: "phone.vcf", format: .vcf, store: Store(), countries: names, now: fixedNow)
        XCTAssertTrue(first.rejected.isEmpty, first.preview())
        var store = Store()
        for op in first.operations {
            try store.apply(JournalEntry(seq: store.seq + 1, time: fixedNow, operator: "t", op: op))
        }
        let rahim = try XCTUnwrap(store.world.contacts.values.first)
        XCTAssertEqual(rahim.name, "Dr. Rahim Uddin")
        XCTAssertEqual(rahim.nameParts, ["Uddin", "Rahim", "", "Dr.", ""])
        XCTAssertEqual(rahim.addressType, "HOME")

        let exported = String(decoding: Export.contactsVCF([rahim], names: names), as: UTF8.self)
        XCTAssertTrue(exported.contains("\r\nN:Uddin;Rahim;;Dr.;\r\n"), exported)
        XCTAssertTrue(exported.contains("\r\nADR;TYPE=HOME:;;;Beirut;;;"), exported)
        let again = try ContactsImport.prepare(
            text: exported, file: "back.vcf", format: .vcf, store: store, countries: names, now: fixedNow)
        XCTAssertTrue(again.operations.isEmpty, "the round trip changes nothing:\n\(again.preview())")

        // The phone's card moved to a work address: imported again, the home address is cleared, not kept.
        let moved = card.replacingOccurrences(of: "ADR;TYPE=HOME", with: "ADR;TYPE=WORK")
        let third = try ContactsImport.prepare(
            text: moved, file: "moved.vcf", format: .vcf, store: store, countries: names, now: fixedNow)
        var after = store
        for op in third.operations {
            try after.apply(JournalEntry(seq: after.seq + 1, time: fixedNow, operator: "t", op: op))
        }
        XCTAssertNil(after.world.contacts[rahim.id]?.addressType, third.preview())

        // Renamed in the console: the old family name does not come back from the card's parts.
        var renamed = rahim
        renamed.name = "Rahim Khan"
        let afterRename = String(decoding: Export.contactsVCF([renamed], names: names), as: UTF8.self)
        XCTAssertTrue(afterRename.contains("\r\nN:;Rahim Khan;;;\r\n"), afterRename)
        // A name typed whole goes out as it always did and comes back without parts.
        var typed = rahim
        typed.nameParts = nil
        typed.addressType = nil
        let plain = String(decoding: Export.contactsVCF([typed], names: names), as: UTF8.self)
        XCTAssertTrue(plain.contains("\r\nN:;Dr. Rahim Uddin;;;\r\n"), plain)
        XCTAssertTrue(plain.contains("ADR;TYPE=WORK:"), plain)
    }

    func testCountsCSVRoundTripNowAndWithHistory() throws {
        let store = try world()
        let now = Export.countsCSV(store.world, names: testCountries)
        let plan = try CountsImport.prepare(
            text: try TextInput.decode(now, file: "c"), file: "c", store: Store(), countries: CountryNames(),
            now: fixedNow)
        XCTAssertTrue(plan.rejected.isEmpty, plan.preview(names: testCountries))
        var s = Store()
        for op in plan.operations { try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op)) }
        for (code, c) in store.world.countries where !c.counts.isEmpty {
            XCTAssertEqual(s.world.countries[code]?.counts, c.counts, code)
        }
        // The same file into the store it came from: nothing to do.
        let again = try CountsImport.prepare(
            text: try TextInput.decode(now, file: "c"), file: "c", store: store, countries: CountryNames(),
            now: fixedNow)
        XCTAssertTrue(again.operations.isEmpty, again.preview(names: testCountries))

        let history = Export.countsCSV(store.world, names: testCountries, history: true)
        let hp = try CountsImport.prepare(
            text: try TextInput.decode(history, file: "h"), file: "h", store: Store(), countries: CountryNames(),
            now: fixedNow)
        XCTAssertTrue(hp.rejected.isEmpty, hp.preview(names: testCountries))
        var h = Store()
        for op in hp.operations { try h.apply(JournalEntry(seq: h.seq + 1, time: fixedNow, operator: "t", op: op)) }
        for (code, c) in store.world.countries where !c.counts.isEmpty {
            let got = h.world.countries[code]
            XCTAssertEqual(got?.counts.mapValues(\.value), c.counts.mapValues(\.value), code)
            // Per kind, in time order, each change of value with its time and source. (A repeat of the value held
            // is "unchanged" on import, so a confirmation with the same value is not a change of its own.)
            func trail(_ x: Country?, _ k: CountKind) -> [String] {
                var out: [String] = []
                var last: Int? = nil
                for h in (x?.countHistory ?? []).filter({ $0.kind == k }).sorted(by: { $0.at < $1.at })
                where h.value != last {
                    out.append("\(h.value) \(Timestamp.string(h.at)) \(h.source)")
                    last = h.value
                }
                return out
            }
            for k in CountKind.allCases { XCTAssertEqual(trail(got, k), trail(c, k), "\(code) \(k)") }
        }
    }

    func testWholeStoreRoundTrip() throws {
        let store = try world()
        let data = try Export.allJSON(store, now: fixedNow)
        let back = try StoreExport.read(String(decoding: data, as: UTF8.self), file: "all.json")
        XCTAssertEqual(back, store, "nothing lost: world and operation number")
        // Into an empty directory and loaded again from disk.
        let tmp = TempDirectory("import-all")
        let repo = try Repository(directory: tmp.data)
        try repo.replaceAll(with: back)
        XCTAssertEqual(try Repository(directory: tmp.data, readOnly: true).store, store)
        // A snapshot.json is accepted too (same shape).
        let snapshot = try String(contentsOfFile: tmp.data.snapshot, encoding: .utf8)
        XCTAssertEqual(try StoreExport.read(snapshot, file: "snapshot.json"), store)
    }

    func testImportAllRefusesBrokenOrInvalidFiles() throws {
        let store = try world()
        let text = String(decoding: try Export.allJSON(store, now: fixedNow), as: UTF8.self)
        XCTAssertThrowsError(try StoreExport.read("{\"format\": \"something-else\"}", file: "a.json")) {
            XCTAssertTrue("\($0)".contains("is not a CrisisCell export"), "\($0)")
        }
        XCTAssertThrowsError(
            try StoreExport.read("{\"format\": \"crisiscell-export\",\n \"schemaVersion\": 99}", file: "a.json")
        ) {
            XCTAssertTrue("\($0)".contains("newer CrisisCell"), "\($0)")
        }
        XCTAssertThrowsError(try StoreExport.read(String(text.dropLast(30)), file: "cut.json")) {
            XCTAssertTrue("\($0)".hasPrefix("cut.json"), "\($0)")
        }
        // Hand-edited so a part exceeds its whole: refused like the store would refuse it.
        let tampered = text.replacingOccurrences(of: "\"value\" : 1199", with: "\"value\" : 99999")
        XCTAssertNotEqual(tampered, text)
        XCTAssertThrowsError(try StoreExport.read(tampered, file: "t.json")) {
            XCTAssertTrue("\($0)".contains("would exceed affected"), "\($0)")
        }
        let badContact = text.replacingOccurrences(
            of: "\"timeZone\" : \"Asia/Beirut\"", with: "\"timeZone\" : \"Mars/Base\"")
        XCTAssertThrowsError(try StoreExport.read(badContact, file: "t.json")) {
            XCTAssertTrue("\($0)".contains("Mars/Base"), "\($0)")
        }
    }
}
