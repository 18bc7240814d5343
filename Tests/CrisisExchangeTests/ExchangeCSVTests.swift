import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Countries for the exchange tests, independent of the machine's iso-codes and tzdata.
let testCountries = CountryNames(
    names: [
        "LB": "Lebanon", "BD": "Bangladesh", "SA": "Saudi Arabia", "MY": "Malaysia", "SD": "Sudan", "KW": "Kuwait",
        "CI": "Côte d'Ivoire", "FR": "France", "US": "United States", "AE": "United Arab Emirates",
    ],
    aliases: [
        "LBN": "LB", "Lebanese Republic": "LB", "BGD": "BD", "People's Republic of Bangladesh": "BD", "SAU": "SA",
    ],
    zones: [
        "LB": "Asia/Beirut", "BD": "Asia/Dhaka", "SA": "Asia/Riyadh", "MY": "Asia/Kuala_Lumpur",
        "SD": "Africa/Khartoum",
        "KW": "Asia/Kuwait", "CI": "Africa/Abidjan", "FR": "Europe/Paris", "US": "America/New_York", "AE": "Asia/Dubai",
    ],
    bengali: ["LB": "লেবানন", "BD": "বাংলাদেশ", "MY": "মালয়েশিয়া", "SD": "সুদান", "KW": "কুয়েত", "SA": "সৌদি আরব"])

/// Reading and writing CSV: the encodings, separators and quoting real files come with.
final class ExchangeCSVTests: XCTestCase {
    private func parse(_ text: String) throws -> CSVTable {
        try CSVTable.parse(
            text, file: "t.csv",
            score: { $0.filter { ["country", "kind", "value", "asof", "source"].contains($0) }.count })
    }

    func testUTF8WithAndWithoutByteOrderMark() throws {
        let body = "country,kind,value\nLB,evacuated,1199\n"
        let plain = try TextInput.decode(Data(body.utf8), file: "a.csv")
        let bom = try TextInput.decode(Data([0xEF, 0xBB, 0xBF] + Array(body.utf8)), file: "b.csv")
        XCTAssertEqual(plain, body)
        XCTAssertEqual(bom, body, "the BOM is not part of the text")
        XCTAssertEqual(
            try parse(bom).header, ["country", "kind", "value"], "the first header cell is not '\u{FEFF}country'")
    }

    /// Excel on Windows, "CSV UTF-8" in a French or German locale: BOM, semicolons, CRLF, quotes per RFC 4180.
    func testWindowsSpreadsheetSemicolonsCRLFAndQuotes() throws {
        let file =
            "\u{FEFF}country;kind;value;as-of;source\r\n"
            + "LB;evacuated;1199;18/10/2024;\"Embassy; sitrep\"\r\n"
            + "LB;returned home;1199;18/10/2024;\"flight 18, \"\"Biman\"\"\r\nsecond line\"\r\n"
            + "SD;dead;1;2023-05-01;\r\n"
        let text = try TextInput.decode(Data(file.utf8), file: "w.csv")
        let t = try parse(text)
        XCTAssertEqual(t.delimiter, ";")
        XCTAssertEqual(t.header, ["country", "kind", "value", "as-of", "source"])
        XCTAssertEqual(t.records.count, 3)
        XCTAssertEqual(t.records[0].fields[4], "Embassy; sitrep")
        XCTAssertEqual(
            t.records[1].fields[4], "flight 18, \"Biman\"\r\nsecond line",
            "doubled quotes and a line break inside quotes")
        XCTAssertEqual(t.records.map(\.line), [2, 3, 5], "a record after a two-line field starts on line 5")
    }

    func testSeparatorHintTabsAndCommas() throws {
        let hinted = try parse("sep=;\ncountry;kind;value\nLB;dead;3\n")
        XCTAssertEqual(hinted.delimiter, ";")
        XCTAssertEqual(hinted.headerLine, 2)
        XCTAssertEqual(hinted.records.first?.line, 3)
        XCTAssertEqual(try parse("country\tkind\tvalue\nLB\tdead\t3\n").delimiter, "\t")
        XCTAssertEqual(try parse("country,kind,value\nLB,dead,\"3\"\n").records[0].fields, ["LB", "dead", "3"])
    }

    func testBrokenQuotingIsReportedAtItsLine() {
        XCTAssertThrowsError(try parse("country,kind,value\nLB,dead,3\nLB,\"missing,4\nSD,dead,1\n")) { error in
            let e = error as? ExchangeError
            XCTAssertEqual(e?.line, 3)
            XCTAssertTrue(e?.message.contains("never closed") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try parse("country,kind,value\nLB,\"dead\"x,3\n")) { error in
            XCTAssertEqual((error as? ExchangeError)?.line, 2)
            XCTAssertTrue("\(error)".contains("must be doubled"), "\(error)")
        }
    }

    func testLegacyEncodingsAndWorkbooksGetAClearMessage() {
        // "Côte d'Ivoire" in Windows-1252, as Excel's plain "CSV" saves it, on line 3.
        var bytes = Array("country,kind,value\nLB,dead,3\nC".utf8)
        bytes += [0xF4] + Array("te d'Ivoire,dead,1\n".utf8)
        XCTAssertThrowsError(try TextInput.decode(Data(bytes), file: "ansi.csv")) { error in
            XCTAssertEqual((error as? ExchangeError)?.line, 3)
            XCTAssertTrue("\(error)".hasPrefix("ansi.csv:3: is not UTF-8"), "\(error)")
            XCTAssertTrue("\(error)".contains("CSV UTF-8"), "says what to do: \(error)")
        }
        XCTAssertThrowsError(try TextInput.decode(Data([0x50, 0x4B, 0x03, 0x04, 0, 0]), file: "book.xlsx")) { error in
            XCTAssertTrue("\(error)".contains("workbook"), "\(error)")
        }
        let utf16 = "country,kind,value\nLB,dead,3\n".data(using: .utf16LittleEndian)!
        XCTAssertEqual(
            try TextInput.decode(Data([0xFF, 0xFE]) + utf16, file: "u16.csv"), "country,kind,value\nLB,dead,3\n")
        XCTAssertThrowsError(try TextInput.read(path: "/nonexistent/x.csv")) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
    }

    func testEmptyFileAndMissingColumns() {
        XCTAssertThrowsError(try parse("")) { XCTAssertTrue("\($0)".contains("empty"), "\($0)") }
        XCTAssertThrowsError(
            try CountsImport.read(text: "land,anzahl\nLB,3\n", file: "x.csv", countries: testCountries, now: fixedNow)
        ) { error in
            XCTAssertTrue("\(error)".hasPrefix("x.csv:1: no column 'country', 'kind', 'value'"), "\(error)")
        }
        // A separator CSV does not know (a pipe): one column found, and the message says which separators work.
        XCTAssertThrowsError(
            try CountsImport.read(
                text: "country|kind|value\nLB|dead|3\n", file: "p.csv", countries: testCountries, now: fixedNow)
        ) { error in
            XCTAssertTrue("\(error)".contains("comma, a semicolon or a tab"), "\(error)")
        }
    }

    func testWriterQuotesPerRFC4180AndReadsBack() throws {
        let rows = [
            ["LB", "a \"quoted\" word", "comma, semicolon; and\r\nnew line", "রহিম উদ্দিন"],
            ["SD", "=HYPERLINK(\"http://x\")", "+880 1700-000101; +880 2-0000-0104", "@SUM(A1)"],
        ]
        let data = CSVOutput.render(header: ["a", "b", "c", "d"], rows: rows.map { $0.map(CSVOutput.protect) })
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("\r\n"), "CRLF line ends")
        XCTAssertTrue(text.contains("'=HYPERLINK"), "a formula is defused")
        XCTAssertTrue(text.contains(",+880 1700-000101; +880 2-0000-0104,"), "phone numbers are left alone")
        let back = try CSVTable.parse(text, file: "w.csv", score: { _ in 0 })
        XCTAssertEqual(back.records.map { $0.fields.map(CSVOutput.unprotect) }, rows)
        let withBOM = CSVOutput.render(header: ["a"], rows: [["b"]], byteOrderMark: true)
        XCTAssertEqual(Array(withBOM.prefix(3)), [0xEF, 0xBB, 0xBF])
    }

    func testDatesNumbersAndKinds() {
        let day = Timestamp.parse("2024-10-18T00:00:00Z")!
        XCTAssertEqual(DateText.parse("2024-10-18"), day)
        XCTAssertEqual(DateText.parse("18/10/2024"), day)
        XCTAssertEqual(DateText.parse("18.10.2024"), day)
        XCTAssertEqual(DateText.parse("8/1/2024"), Timestamp.parse("2024-01-08T00:00:00Z"))
        XCTAssertEqual(DateText.parse("2024-10-18 14:30"), Timestamp.parse("2024-10-18T14:30:00Z"))
        XCTAssertEqual(DateText.parse("2024-10-18T17:30:00+03:00"), Timestamp.parse("2024-10-18T14:30:00Z"))
        XCTAssertEqual(DateText.parse("18/10/2024 14:30"), Timestamp.parse("2024-10-18T14:30:00Z"))
        XCTAssertEqual(DateText.parse("2024-10-18T14:30:00.123Z"), Timestamp.parse("2024-10-18T14:30:00.123Z"))
        for bad in ["10/18/2024", "2024-13-01", "45570", "yesterday", "2024-10-18T25:00", ""] {
            XCTAssertNil(DateText.parse(bad), bad)
        }
        XCTAssertEqual(DateText.string(day), "2024-10-18T00:00:00Z")

        XCTAssertEqual(try WholeNumber.parse("1199").get(), 1199)
        XCTAssertEqual(try WholeNumber.parse("12,000").get(), 12_000)
        XCTAssertEqual(try WholeNumber.parse("12.000").get(), 12_000)
        XCTAssertEqual(try WholeNumber.parse("12\u{202F}000").get(), 12_000, "Excel's French thousands separator")
        XCTAssertEqual(try WholeNumber.parse("2 500 000").get(), 2_500_000)
        XCTAssertEqual(WholeNumber.parse("12.5"), .failure(.notWhole))
        XCTAssertEqual(WholeNumber.parse("1,2,3"), .failure(.notWhole))
        XCTAssertEqual(WholeNumber.parse("-4"), .failure(.negative))
        XCTAssertEqual(WholeNumber.parse(" "), .failure(.empty))

        XCTAssertEqual(CountKind(parsing: "returned home"), .returned)
        XCTAssertEqual(CountKind(parsing: "Returned"), .returned)
        XCTAssertEqual(CountKind(parsing: "at assembly point"), .atAssembly)
        XCTAssertEqual(CountKind(parsing: "atAssembly"), .atAssembly)
        XCTAssertEqual(CountKind(parsing: "AT_ASSEMBLY"), .atAssembly)
        XCTAssertEqual(CountKind(parsing: "in-transit"), .inTransit)
        XCTAssertEqual(CountKind(parsing: "Stock estimate"), .stock)
        XCTAssertEqual(CountKind(parsing: "EVACUATED"), .evacuated)
        XCTAssertNil(CountKind(parsing: "rescued"))
    }

    func testCountryNamesByCodeAndNameIgnoringCaseAndAccents() {
        XCTAssertEqual(testCountries.code(for: "lb"), "LB")
        XCTAssertEqual(testCountries.code(for: "LBN"), "LB")
        XCTAssertEqual(testCountries.code(for: "LEBANON"), "LB")
        XCTAssertEqual(testCountries.code(for: "Lebanese Republic"), "LB")
        XCTAssertEqual(testCountries.code(for: "cote d'ivoire"), "CI")
        XCTAssertEqual(testCountries.code(for: "Côte d’Ivoire"), "CI", "a typographic apostrophe folds away too")
        XCTAssertNil(testCountries.code(for: "Atlantis"))
        XCTAssertNil(testCountries.code(for: "XX"), "an unknown two-letter code is refused when names are loaded")
        XCTAssertEqual(CountryNames().code(for: "xx"), "XX", "without iso-codes any two letters pass")
        let system = CountryNames.load()
        if system.isLoaded {
            XCTAssertEqual(system.code(for: "United Arab Emirates"), "AE")
            XCTAssertEqual(system.code(for: "Bolivia, Plurinational State of"), "BO")
            XCTAssertEqual(system.code(for: "bolivia"), "BO")
            XCTAssertEqual(system.bengaliName("LB"), "লেবানন")
        }
        if FileManager.default.fileExists(atPath: CountryNames.zoneTabPath) {
            XCTAssertEqual(system.zone(for: "LB"), "Asia/Beirut")
            XCTAssertEqual(system.zone(for: "BD"), "Asia/Dhaka")
        }
    }

    func testPhoneNumbersToE164() {
        XCTAssertEqual(CallingCode.e164("+961 3 000 001", country: nil), "+9613000001")
        XCTAssertEqual(CallingCode.e164("00961 3 000 001", country: "BD"), "+9613000001")
        XCTAssertEqual(CallingCode.e164("03 000 001", country: "LB"), "+9613000001", "trunk 0 dropped")
        XCTAssertEqual(CallingCode.e164("01711-000001", country: "BD"), "+8801711000001")
        XCTAssertEqual(CallingCode.e164("(+60) 12-000 0120", country: nil), "+60120000120")
        XCTAssertEqual(CallingCode.e164("tel:+1-555-555-5555;ext=5", country: nil), "+15555555555")
        XCTAssertEqual(CallingCode.e164("2222 0000", country: "KW"), "+96522220000", "no trunk prefix in Kuwait")
        XCTAssertNil(CallingCode.e164("03 000 001", country: "FR"), "a local number needs a known calling code")
        XCTAssertNil(CallingCode.e164("03 000 001", country: nil))
        XCTAssertNil(CallingCode.e164("call me", country: "LB"))
    }
}
