import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// What third-party vCard suites showed: folds inside a word, long quoted-printable notes, missing charsets,
/// vCard 2.1 backslashes, shared phones, cards with no country. Cases written for this suite.
final class VCardEdgesTests: XCTestCase {
    private let names = CountryNames.load()

    private func plan(_ vcf: String, store: Store = Fixture.store(), country: String? = nil) throws -> ContactsPlan {
        let drafts = try ContactsImport.readVCards(text: vcf, file: "t.vcf")
        return ContactsImport.plan(
            file: "t.vcf", drafts: drafts, store: store, countries: names,
            options: ContactsImport.Options(defaultCountry: country), now: fixedNow)
    }

    func testAFoldInsideABengaliWordKeepsTheWholeName() throws {
        // The continuation starts with a vowel sign: one character with the fold's space, as vobject writes it.
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:মাম\r\n ুন\r\nTEL:+965 2222 0001\r\nEND:VCARD\r\n"
        XCTAssertEqual(try ContactsImport.readVCards(text: card, file: "t.vcf").first?.name, "মামুন")
        // And after a ZWJ.
        let zwj = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:ক্\r\n \u{200D}ষ\r\nTEL:+965 2222 0002\r\nEND:VCARD\r\n"
        XCTAssertEqual(try ContactsImport.readVCards(text: zwj, file: "t.vcf").first?.name, "ক্\u{200D}ষ")
        // A 107-character Bengali name folded at 75 octets (mid-character is never cut, mid-word is) comes back whole.
        let long = String(repeating: "মামুন রহমান ", count: 9).prefix(107).trimmingCharacters(in: .whitespaces)
        let folded =
            "BEGIN:VCARD\r\nVERSION:3.0\r\n" + VCard.fold("FN:" + VCard.escape(String(long)))
            + "TEL:+965 2222 0003\r\nEND:VCARD\r\n"
        XCTAssertTrue(folded.contains("\r\n "), "it was folded")
        XCTAssertEqual(try ContactsImport.readVCards(text: folded, file: "t.vcf").first?.name, String(long))
    }

    func testALongQuotedPrintableNoteIsDecodedWhole() throws {
        // 263 KB of note in soft-broken lines of 76: read in one pass.
        let line = String(repeating: "=E0=A6=AE", count: 8) + "=" // মমমমমমমম and a soft break
        let note = String(repeating: line + "\r\n", count: 3_600) + "end"
        let card =
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:;Note;;;\r\nTEL:+965 2222 0004\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            + note + "\r\nEND:VCARD\r\n"
        XCTAssertGreaterThan(card.utf8.count, 250_000)
        let draft = try XCTUnwrap(ContactsImport.readVCards(text: card, file: "t.vcf").first)
        XCTAssertEqual(draft.notes?.count, 3_600 * 8 + 3)
        XCTAssertTrue(draft.notes?.hasSuffix("মend") == true)
    }

    func testQuotedPrintableWithoutACharsetIsReadAndSaidNotSilentlyMangled() throws {
        // "Zoë" in Windows-1252, as an old phone wrote it: not UTF-8.
        let card =
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:;Zo=EB;;;\r\nTEL:+961 3 000 777\r\nEND:VCARD\r\n"
        let p = try plan(card)
        guard case .new(let c) = p.lines.first?.status else { return XCTFail("\(p.lines)") }
        XCTAssertEqual(c.name, "Zoë")
        XCTAssertFalse(c.name.contains("\u{FFFD}"))
        XCTAssertTrue(p.preview().contains("N: read as Windows-1252: the card gives no CHARSET"), p.preview())
    }

    func testVCard21BackslashesAreText() throws {
        let card =
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:;Karim;;;\r\nTEL:+961 3 000 778\r\nNOTE:files in C:\\cell\\lists\\beirut; see \\n\r\nORG:Embassy\\;Beirut\r\nEND:VCARD\r\n"
        let d = try XCTUnwrap(ContactsImport.readVCards(text: card, file: "t.vcf").first)
        XCTAssertEqual(
            d.notes, "files in C:\\cell\\lists\\beirut; see \\n", "2.1 has no \\n escape: the backslash stays")
        XCTAssertEqual(d.organisation, "Embassy;Beirut", "but \\; is an escaped semicolon")
        // 3.0 keeps its escapes.
        let v3 = card.replacingOccurrences(of: "VERSION:2.1", with: "VERSION:3.0")
        XCTAssertEqual(
            try ContactsImport.readVCards(text: v3, file: "t.vcf").first?.notes, "files in C:celllistsbeirut; see \n")
    }

    func testTwoPeopleSharingAPhoneWithDifferentEmailsStayTwo() throws {
        let cards = """
            BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rafiq Ahmed\r\nEMAIL:rafiq@example.org\r\nTEL:+965 2222 0100\r\nEND:VCARD\r
            BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Salma Ahmed\r\nEMAIL:salma@example.org\r\nTEL:+965 2222 0100\r\nEND:VCARD\r

            """
        let p = try plan(cards)
        XCTAssertEqual(p.count("new"), 2, p.preview())
        // The same phone and the same name is the same person, whatever the e-mail says; so is the same phone
        // without an e-mail of its own.
        let renamed = cards.replacingOccurrences(of: "FN:Salma Ahmed", with: "FN:Rafiq Ahmed")
        XCTAssertEqual(try plan(renamed).count("duplicate"), 1)
        let third = cards + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rafiq A.\r\nTEL:+965 2222 0100\r\nEND:VCARD\r\n"
        XCTAssertEqual(try plan(third).count("duplicate"), 1)
    }

    func testAPhonesCallingCodeGivesTheCountryAndThePreviewSaysSo() throws {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Warden Jleeb\r\nTEL;TYPE=CELL:+965 5000 1234\r\nEND:VCARD\r\n"
        let p = try plan(card)
        guard case .new(let c) = p.lines.first?.status else { return XCTFail(p.preview()) }
        XCTAssertEqual(c.country, "KW")
        XCTAssertEqual(c.timeZone, "Asia/Kuwait")
        XCTAssertTrue(p.preview().contains("country KW from the phone's calling code (+965 5000 1234)"), p.preview())
        // A local number alone still needs --country.
        let local = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Code\r\nTEL:5000 1234\r\nEND:VCARD\r\n"
        XCTAssertEqual(try plan(local).rejected.count, 1)
        // A home number (+880, what a national abroad keeps) says nothing of where they are: --country is asked for.
        let home = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Worker Abroad\r\nTEL:+880 1711 000 000\r\nEND:VCARD\r\n"
        let homePlan = try plan(home)
        XCTAssertEqual(homePlan.rejected.count, 1)
        XCTAssertTrue(homePlan.preview().contains("--country"), homePlan.preview())
    }

    /// A card's local number is written as the console's form writes it: international, by the card's country.
    func testALocalNumberOnACardIsMadeInternationalByItsCountry() throws {
        let card =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Warden Achrafieh\r\nTEL:03 123 456\r\nADR;TYPE=WORK:;;;Beirut;;;Lebanon\r\nEND:VCARD\r\n"
        let p = try plan(card)
        guard case .new(let c) = p.lines.first?.status else { return XCTFail(p.preview()) }
        XCTAssertEqual(c.phones, ["+961 3 123 456"])
    }

    func testPreviewsSayWhyNothingIsSavedAndNameSkipRejected() throws {
        let bad = try CountsImport.prepare(
            text: "country,kind,value\nAtlantis,dead,1\nLB,rescued,2\n", file: "bad.csv", store: Fixture.store(),
            countries: names, now: fixedNow)
        XCTAssertEqual(
            bad.nothingToSaveReason, "nothing to save: every row that would change something is rejected (listed above)"
        )
        let held = try CountsImport.prepare(
            text: "country,kind,value\nLB,affected,12000\n", file: "same.csv", store: Fixture.store(),
            countries: names, now: fixedNow)
        XCTAssertEqual(held.nothingToSaveReason, "nothing to save: the store already holds these counts")
        // A .vcf in a legacy code page is not told to become a CSV.
        XCTAssertThrowsError(try TextInput.decode(Data([0x46, 0x4E, 0x3A, 0xEB, 0x0A]), file: "old.vcf")) {
            XCTAssertTrue("\($0)".contains("Export the contacts again as vCard 3.0 or 4.0"), "\($0)")
            XCTAssertFalse("\($0)".contains("CSV"), "\($0)")
        }
    }
}
