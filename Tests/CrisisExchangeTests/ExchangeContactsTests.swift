import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// `import contacts`: CSVs and vCards shaped as Google, Android and iOS write them (per RFC 4180, vCard 2.1,
/// RFC 2426 and RFC 6350), de-duplication on a stable key, merges shown before they are applied.
final class ExchangeContactsTests: XCTestCase {
    private func plan(_ text: String, format: ContactsImport.Format, store: Store = Store(), country: String? = nil)
        throws -> ContactsPlan
    {
        try ContactsImport.prepare(
            text: text, file: "in." + format.rawValue, format: format, store: store, countries: testCountries,
            options: .init(defaultCountry: country), now: fixedNow)
    }

    private func newContacts(_ p: ContactsPlan) -> [Contact] {
        p.lines.compactMap { if case .new(let c) = $0.status { return c } else { return nil } }
    }

    private func reason(_ p: ContactsPlan, line: Int) -> String {
        guard let l = p.lines.first(where: { $0.line == line }) else { return "no such line" }
        if case .rejected(let r) = l.status { return r }
        return "not rejected: \(l.status)"
    }

    // MARK: Fixtures, as the services write them

    /// Google Contacts "Google CSV" (the export before 2024): every column, multiple values joined by " ::: ".
    static let googleCSVOld = """
        Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department,Organization 1 - Symbol,Organization 1 - Location,Organization 1 - Job Description
        Ayesha Rahman,Ayesha,,Rahman,,,,,,,,,,,,,,,,,,,,,,"Counsellor, labour",,,* myContacts ::: Beirut,* Work,ayesha.rahman@example.gov.bd ::: ayesha@example.com,,,Mobile,+961 3 000 001 ::: +961 1 000 002,Work,00961 1 000 003,Work,"Embassy of Bangladesh
        Baabda
        Lebanon",,Baabda,,,,Lebanon,,,Embassy of Bangladesh,,Counsellor,Labour wing,,,
        রহিম উদ্দিন,রহিম,,উদ্দিন,,,,,,,,,,,,,,,,,,,,,,,,,* myContacts,,,,,Mobile,01711-000001,,,,,,Dhaka,,,,Bangladesh,,,MoFA Consular and Welfare Wing,,"Director, consular affairs",,,,
        ,,,,,,,,,,,,,,,,,,,,,,,,,,,,* myContacts,,,,,Mobile,+961 3 000 001,,,,,,,,,,,,,,,,,,,
        """

    /// Google Contacts CSV as exported since 2024.
    static let googleCSVNew =
        "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address\r\n"
        + "Rania,,Haddad,,,,,,,,IOM Beirut,\"Operations officer, movements\",Movements,,,,* myContacts ::: Partners,Work,Rania.Haddad@Example.org,Mobile,+961 3 000 114,Work,01 000 115,Work,,,Beirut,,,,Lebanon,\r\n"
        + "Omar,,Farouk,,,,,,,,Port Sudan bus company,Dispatcher,,,,,* myContacts,,,Mobile,0912 000 130,,,,,,Port Sudan,,,,Sudan,\r\n"
        + "Jean,,Martin,,,,,,,,Hotel Lyon,,,,,,* myContacts,,,Mobile,04 00 00 00 01,,,,,,Lyon,,,,France,\r\n"

    /// Android's Contacts app: vCard 2.1 with quoted-printable UTF-8 names folded by soft line breaks.
    static let android21 = """
        BEGIN:VCARD\r
        VERSION:2.1\r
        N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E0=A6=89=E0=A6=A6=E0=A7=8D=E0=A6=A6=E0=A6=BF=E0=A6=A8;=E0=A6=B0=E0=A6=B9=E0=A6=BF=E0=A6=AE;;;\r
        FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E0=A6=B0=E0=A6=B9=E0=A6=BF=E0=\r
        =A6=AE=20=E0=A6=89=E0=A6=A6=E0=A7=8D=E0=A6=A6=E0=A6=BF=E0=A6=A8\r
        TEL;CELL;PREF:+966 50 000 0201\r
        TEL;WORK:011 000 0202\r
        EMAIL;HOME:rahim.riyadh@example.com\r
        ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Labour=20Welfare=20Wing,=20=E0=A6=B0=E0=A6=BF=E0=A6=AF=E0=A6=BC=E0=A6=BE=E0=A6=A6\r
        TITLE:Welfare officer\r
        ADR;WORK:;;King Fahd Road;Riyadh;;;Saudi Arabia\r
        END:VCARD\r
        BEGIN:VCARD\r
        VERSION:2.1\r
        N:Mia;Rashid;;;\r
        FN:Rashid Mia\r
        TEL;CELL:0912 000 134\r
        END:VCARD\r

        """

    /// An iPhone's export (vCard 3.0): grouped properties, type=pref, localised country with X-ABADR, a folded photo.
    static let iOS30 = """
        BEGIN:VCARD\r
        VERSION:3.0\r
        PRODID:-//Apple Inc.//iPhone OS 17.5//EN\r
        N:Haddad;Rania;;;\r
        FN:Rania Haddad\r
        ORG:IOM Beirut;Movements;\r
        TITLE:Operations officer\\, movements\r
        item1.EMAIL;type=INTERNET;type=pref:rania.haddad@example.org\r
        item1.X-ABLabel:_$!<Work>!$_\r
        TEL;type=CELL;type=VOICE;type=pref:+961 3 000 114\r
        TEL;type=WORK;type=VOICE:01 000 116\r
        item2.ADR;type=WORK;type=pref:;;Hamra Street;Beirut;;;Liban\r
        item2.X-ABADR:lb\r
        NOTE:Speaks Arabic\\, English and French.\\nCall after 09:00 Beirut time.\r
        PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwg\r
         JC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIy\r
         MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAABAAEDASIAAhEBAxEB/8QA\r
        END:VCARD\r

        """

    /// Google Contacts' vCard export (3.0).
    static let google30 = """
        BEGIN:VCARD
        VERSION:3.0
        FN:Nasrin Akter
        N:Akter;Nasrin;;;
        EMAIL;TYPE=INTERNET;TYPE=WORK:nasrin.akter@example.gov.bd
        TEL;TYPE=CELL:+880 1700-000103
        ADR;TYPE=WORK:;;Segunbagicha;Dhaka;;1000;Bangladesh
        ORG:Ministry of Expatriates' Welfare and Overseas Employment
        TITLE:Joint secretary\\, welfare
        NOTE:Duty roster: weekdays\\; Friday by phone only
        CATEGORIES:myContacts
        END:VCARD

        """

    /// vCard 4.0 (RFC 6350): tel: URIs, quoted parameter values with commas and colons, LANG, TZ as text.
    static let v40 = """
        BEGIN:VCARD
        VERSION:4.0
        KIND:individual
        FN:Siti Aminah
        N:Aminah;Siti;;Dr.;
        ORG:IOM Kuala Lumpur
        TITLE:Emergency coordinator
        TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+60-12-000-0120
        TEL;VALUE=uri;TYPE="work,voice":tel:+60-3-0000-0121;ext=5
        EMAIL;TYPE=work:siti.aminah@example.org
        ADR;TYPE=work;LABEL="Level 5: Menara, Jalan Ampang\\nKuala Lumpur":;;Jalan Ampang;Kuala Lumpur;;50450;Malaysia
        LANG;PREF=1:ms
        LANG;PREF=2:en
        TZ:Asia/Kuala_Lumpur
        END:VCARD

        """

    // MARK: CSV

    func testGoogleContactsCSVOldFormat() throws {
        let p = try plan(Self.googleCSVOld, format: .csv)
        let contacts = newContacts(p)
        XCTAssertEqual(contacts.count, 2, p.preview())
        let ayesha = try XCTUnwrap(contacts.first { $0.name == "Ayesha Rahman" })
        XCTAssertEqual(ayesha.organisation, "Embassy of Bangladesh")
        XCTAssertEqual(ayesha.role, "Counsellor")
        XCTAssertEqual(ayesha.country, "LB")
        XCTAssertEqual(ayesha.city, "Baabda")
        XCTAssertEqual(ayesha.timeZone, "Asia/Beirut", "from the country's first zone")
        XCTAssertEqual(ayesha.email, "ayesha.rahman@example.gov.bd")
        XCTAssertEqual(
            ayesha.phones, ["+961 3 000 001", "+961 1 000 002", "00961 1 000 003"], "both columns and ' ::: ' values")
        XCTAssertTrue(ayesha.notes.contains("Counsellor, labour"))
        XCTAssertTrue(
            ayesha.notes.contains("other e-mail: ayesha@example.com"), "a second address is kept in the notes")
        XCTAssertEqual(ayesha.id, ContactsImport.stableId(for: "email:ayesha.rahman@example.gov.bd"))
        let rahim = try XCTUnwrap(contacts.first { $0.name == "রহিম উদ্দিন" })
        XCTAssertEqual(rahim.country, "BD")
        XCTAssertEqual(rahim.role, "Director, consular affairs")
        XCTAssertEqual(
            rahim.id, ContactsImport.stableId(for: "tel:+8801711000001"), "no e-mail: the phone in E.164 is the key")
        // The third row has no name but Ayesha's number.
        XCTAssertEqual(reason(p, line: 6), "no name")
        XCTAssertEqual(p.lines.map(\.line), [2, 5, 6], "the quoted three-line address moves the next record to line 5")
        XCTAssertTrue(p.ignoredColumns.contains("Group Membership"))
    }

    func testGoogleContactsCSVNewFormat() throws {
        let p = try plan(Self.googleCSVNew, format: .csv)
        let rania = try XCTUnwrap(newContacts(p).first { $0.name == "Rania Haddad" })
        XCTAssertEqual(rania.organisation, "IOM Beirut")
        XCTAssertEqual(rania.role, "Operations officer, movements")
        XCTAssertEqual(rania.phones, ["+961 3 000 114", "+961 1 000 115"])
        XCTAssertEqual(rania.email, "Rania.Haddad@Example.org")
        let omar = try XCTUnwrap(newContacts(p).first { $0.name == "Omar Farouk" })
        XCTAssertEqual(omar.country, "SD")
        XCTAssertEqual(omar.timeZone, "Africa/Khartoum")
        XCTAssertTrue(
            reason(p, line: 4).contains("phone '04 00 00 00 01' has no country calling code"), reason(p, line: 4))
    }

    func testOwnCSVWithoutCountryNeedsTheOption() throws {
        let csv = "name,organisation,phones,email\nAyesha Rahman,Embassy Beirut,03 000 001,\n"
        let refused = try plan(csv, format: .csv)
        XCTAssertTrue(
            reason(refused, line: 2).contains("no country in the file; give one with --country"),
            reason(refused, line: 2))
        let taken = try plan(csv, format: .csv, country: "LB")
        let c = try XCTUnwrap(newContacts(taken).first)
        XCTAssertEqual(c.country, "LB")
        XCTAssertEqual(
            c.id, ContactsImport.stableId(for: "tel:+9613000001"),
            "a local number is keyed in E.164 with the country's code")
        let bad = try plan(
            "name,country,phones,duty,call order,last verified,time zone\nX,LB,+961 1,sleeping,1,,\nY,LB,+961 2,,one,,\nZ,LB,+961 3,,,yesterday,\nW,LB,+961 4,,,,Mars/Base\nV,Atlantis,+961 5,,,,\nU,LB,,,,,\nT,LB,call me,,,,\n",
            format: .csv)
        XCTAssertTrue(reason(bad, line: 2).contains("'sleeping' is not a duty status"))
        XCTAssertTrue(reason(bad, line: 3).contains("call-down order 'one'"))
        XCTAssertTrue(reason(bad, line: 4).contains("last verified 'yesterday' is not a date"))
        XCTAssertTrue(reason(bad, line: 5).contains("'Mars/Base' is not an IANA time zone"))
        XCTAssertTrue(reason(bad, line: 6).contains("'Atlantis' is not a country"))
        XCTAssertTrue(reason(bad, line: 7).contains("no e-mail address or phone number"))
        XCTAssertTrue(reason(bad, line: 8).contains("'call me' is not a phone number"))
        XCTAssertThrowsError(try plan("foo,bar\n1,2\n", format: .csv)) {
            XCTAssertTrue("\($0)".contains("no name column"), "\($0)")
        }
    }

    // MARK: vCard

    func testAndroidVCard21QuotedPrintable() throws {
        let p = try plan(Self.android21, format: .vcf, country: "SD")
        let contacts = newContacts(p)
        let rahim = try XCTUnwrap(contacts.first { $0.email == "rahim.riyadh@example.com" }, p.preview())
        XCTAssertEqual(rahim.name, "রহিম উদ্দিন", "quoted-printable UTF-8 across a soft line break")
        XCTAssertEqual(rahim.organisation, "Labour Welfare Wing, রিয়াদ")
        XCTAssertEqual(rahim.role, "Welfare officer")
        XCTAssertEqual(rahim.country, "SA", "from ADR, before --country")
        XCTAssertEqual(rahim.city, "Riyadh")
        XCTAssertEqual(rahim.phones, ["+966 50 000 0201", "+966 11 000 0202"], "the PREF number first")
        XCTAssertEqual(rahim.timeZone, "Asia/Riyadh")
        let rashid = try XCTUnwrap(contacts.first { $0.name == "Rashid Mia" })
        XCTAssertEqual(rashid.country, "SD", "no address: --country")
        XCTAssertEqual(rashid.id, ContactsImport.stableId(for: "tel:+249912000134"))
        XCTAssertEqual(p.lines.map(\.line), [1, 13])
    }

    func testIPhoneVCard30() throws {
        let p = try plan(Self.iOS30, format: .vcf)
        let rania = try XCTUnwrap(newContacts(p).first, p.preview())
        XCTAssertEqual(rania.name, "Rania Haddad")
        XCTAssertEqual(rania.organisation, "IOM Beirut, Movements")
        XCTAssertEqual(rania.role, "Operations officer, movements", "\\, unescaped")
        XCTAssertEqual(rania.email, "rania.haddad@example.org", "item1.EMAIL")
        XCTAssertEqual(rania.phones, ["+961 3 000 114", "+961 1 000 116"])
        XCTAssertEqual(rania.country, "LB", "'Liban' is the phone's French; X-ABADR gives the code")
        XCTAssertEqual(rania.city, "Beirut")
        XCTAssertEqual(rania.notes, "Speaks Arabic, English and French.\nCall after 09:00 Beirut time.")
    }

    func testGoogleVCard30AndVCard40() throws {
        let nasrin = try XCTUnwrap(newContacts(try plan(Self.google30, format: .vcf)).first)
        XCTAssertEqual(nasrin.name, "Nasrin Akter")
        XCTAssertEqual(nasrin.role, "Joint secretary, welfare")
        XCTAssertEqual(nasrin.notes, "Duty roster: weekdays; Friday by phone only")
        XCTAssertEqual(nasrin.country, "BD")
        XCTAssertEqual(nasrin.city, "Dhaka")
        let siti = try XCTUnwrap(newContacts(try plan(Self.v40, format: .vcf)).first)
        XCTAssertEqual(siti.name, "Siti Aminah")
        XCTAssertEqual(siti.phones, ["+60-12-000-0120", "+60-3-0000-0121"], "tel: URIs, ;ext= dropped")
        XCTAssertEqual(siti.country, "MY")
        XCTAssertEqual(siti.city, "Kuala Lumpur", "a quoted LABEL with ':' and ',' does not break the line apart")
        XCTAssertEqual(siti.languages, ["ms", "en"])
        XCTAssertEqual(siti.timeZone, "Asia/Kuala_Lumpur")
    }

    func testVCardStructureErrorsNameTheLine() {
        XCTAssertThrowsError(try plan("BEGIN:VCARD\nVERSION:3.0\nFN:A\n", format: .vcf)) { error in
            XCTAssertEqual("\(error)", "in.vcf:1: the card that starts here has no END:VCARD")
        }
        XCTAssertThrowsError(try plan("hello\n", format: .vcf)) {
            XCTAssertTrue("\($0)".hasPrefix("in.vcf:1: expected BEGIN:VCARD"), "\($0)")
        }
        XCTAssertThrowsError(try plan("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", format: .vcf)) { error in
            XCTAssertTrue("\(error)".contains("no END:VCARD before the next BEGIN:VCARD (line 3)"), "\(error)")
        }
        XCTAssertThrowsError(try plan("", format: .vcf)) { XCTAssertTrue("\($0)".contains("holds no vCard"), "\($0)") }
    }

    func testVCardUnfoldingAndEscapes() throws {
        let cards = try VCard.parse(
            "BEGIN:VCARD\r\nNOTE:one\\, two\\; three\\\\ fo\r\n ur\\nfive\r\nitem3.TEL;TYPE=\"cell,voice\":+1\r\nEND:VCARD\r\n",
            file: "f")
        XCTAssertEqual(cards[0].first("NOTE")?.text, "one, two; three\\ four\nfive")
        XCTAssertEqual(cards[0].first("TEL")?.group, "item3")
        XCTAssertEqual(cards[0].first("TEL")?.types, ["CELL", "VOICE"])
        let long = String(repeating: "রহিম ", count: 30)
        let folded = VCard.fold("FN:" + long)
        XCTAssertTrue(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "75 octets a line")
        let back = try VCard.parse("BEGIN:VCARD\r\n" + folded + "END:VCARD\r\n", file: "f")
        XCTAssertEqual(back[0].first("FN")?.text, long, "folding never splits a character")
    }

    // MARK: De-duplication and merging

    func testSamePersonTwiceInOneFileIsMergedOnTheStableKey() throws {
        let csv = """
            name,country,phones,email,role
            Ayesha Rahman,LB,+961 3 000 001,Ayesha@Example.gov.bd,Counsellor
            A. Rahman,LB,+961 3 000 009,ayesha@example.gov.bd,
            Karim,LB,00961 3 000 050,,
            Karim Uddin,LB,03 000 050,,Warden
            """
        let p = try plan(csv, format: .csv)
        XCTAssertEqual(
            p.summary,
            "4 contacts: 2 new, 0 merged into existing, 0 unchanged, 2 duplicates within the file, 0 rejected")
        let ayesha = try XCTUnwrap(newContacts(p).first { $0.email.lowercased() == "ayesha@example.gov.bd" })
        XCTAssertEqual(ayesha.phones, ["+961 3 000 001", "+961 3 000 009"])
        XCTAssertEqual(ayesha.name, "A. Rahman", "the later line's values win")
        XCTAssertEqual(ayesha.role, "Counsellor", "an empty cell leaves a value as it is")
        let karim = try XCTUnwrap(newContacts(p).first { $0.name.hasPrefix("Karim") })
        XCTAssertEqual(karim.phones, ["00961 3 000 050"], "03 000 050 in Lebanon is the same number")
        XCTAssertEqual(karim.role, "Warden")
        XCTAssertTrue(
            p.preview().contains("line 5  duplicate  merged with line 4 (same phone +9613000050)"), p.preview())
        XCTAssertEqual(p.operations.filter { if case .addContact = $0 { return true } else { return false } }.count, 2)
    }

    func testMergesIntoTheStoreAreShownThenAppliedAndTheSecondImportChangesNothing() throws {
        let store = Fixture.store() // holds c1, Ayesha Rahman, ayesha@example.gov.bd, +961 3 000 001
        let vcf =
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ayesha Rahman\nTITLE:First secretary\nTEL;TYPE=CELL:+961 3 000 001\nTEL;TYPE=WORK:+961 1 000 777\nEMAIL:AYESHA@example.gov.bd\nEND:VCARD\n"
        let p = try plan(vcf, format: .vcf, store: store)
        guard case .merge(let into, let result, let changes) = p.lines[0].status else {
            return XCTFail("\(p.lines[0].status)")
        }
        XCTAssertEqual(into.id, "c1")
        XCTAssertEqual(result.country, "LB", "no address in the card: the contact keeps its country")
        XCTAssertEqual(result.timeZone, "Asia/Beirut")
        XCTAssertEqual(result.duty, .onDuty, "what the card does not carry is kept")
        XCTAssertEqual(result.phones, ["+961 3 000 001", "+961 1 000 777"])
        XCTAssertTrue(changes.contains("role 'Counsellor' → 'First secretary'"), "\(changes)")
        XCTAssertTrue(changes.contains("phones + +961 1 000 777"), "\(changes)")
        XCTAssertTrue(p.preview().contains("merge      into c1 Ayesha Rahman: "), p.preview())
        var s = store
        for op in p.operations { try s.apply(JournalEntry(seq: s.seq + 1, time: fixedNow, operator: "t", op: op)) }
        XCTAssertEqual(s.world.contacts["c1"]?.role, "First secretary")
        XCTAssertEqual(s.world.contacts.count, 1)
        let again = try plan(vcf, format: .vcf, store: s)
        XCTAssertTrue(again.operations.isEmpty, again.preview(verbose: true))
        XCTAssertEqual(again.count("unchanged"), 1)
    }

    func testIdsAreStableAcrossImports() throws {
        let vcf = Self.google30
        let first = try XCTUnwrap(newContacts(try plan(vcf, format: .vcf)).first)
        let second = try XCTUnwrap(newContacts(try plan(vcf, format: .vcf, store: Fixture.store())).first)
        XCTAssertEqual(first.id, second.id)
        XCTAssertEqual(first.id, ContactsImport.stableId(for: "email:nasrin.akter@example.gov.bd"))
        XCTAssertTrue(first.id.hasPrefix("c-") && first.id.count == 12, first.id)
        XCTAssertNotEqual(ContactsImport.stableId(for: "email:a@b"), ContactsImport.stableId(for: "email:a@c"))
    }

    func testGuessFormat() {
        XCTAssertEqual(ContactsImport.guessFormat(path: "x.VCF", text: ""), .vcf)
        XCTAssertEqual(ContactsImport.guessFormat(path: "x.csv", text: "BEGIN:VCARD"), .csv)
        XCTAssertEqual(ContactsImport.guessFormat(path: "x", text: "\nBEGIN:VCARD\n"), .vcf)
        XCTAssertEqual(ContactsImport.guessFormat(path: "x", text: "name,email\n"), .csv)
    }
}
