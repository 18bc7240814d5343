import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// `import`, `export`, `report` and the new sitrep formats of the real binary, against temporary directories.
final class ExchangeCommandLineTests: XCTestCase {
    var tmp: TempDirectory!
    var dir: String { tmp.data.path }
    let binary = builtProduct("crisiscell")

    override func setUp() { tmp = TempDirectory("cli-exchange") }
    override func tearDown() { tmp.cleanUp() }

    @discardableResult
    private func run(_ args: String..., expect status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line)
        -> ProcessResult
    {
        let r = runProcess(binary, args, environment: ["USER": "tester"])
        XCTAssertEqual(
            r.status, status, "crisiscell \(args.joined(separator: " "))\nstdout: \(r.stdout)\nstderr: \(r.stderr)",
            file: file, line: line)
        return r
    }

    private func write(_ name: String, _ text: String) -> String { write(name, Data(text.utf8)) }
    private func write(_ name: String, _ data: Data) -> String {
        let path = tmp.path + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data), path)
        return path
    }

    private func demo() { run("demo", "--data", dir) }
    private func seq(_ path: String) throws -> Int {
        try Repository(directory: DataDirectory(path: path), readOnly: true).store.seq
    }

    func testImportCountsPreviewApplyAndAgain() throws {
        demo()
        // A sheet saved by Excel on Windows as "CSV UTF-8" in a semicolon locale.
        // Day first, as the demo's newest figures are (within the last hours, whatever the clock says).
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "dd/MM/yyyy HH:mm"
        let minute = f.string(from: CellClock.now())
        let sheet = write(
            "lebanon.csv",
            "\u{FEFF}Country;Kind;Value;As-of;Source\r\nLebanon;evacuated;1250;\(minute);flight 19\r\n"
                + "LB;Returned home;1250;\(minute);flight 19\r\nLB;stock estimate;90000;2020-11-01;BMET\r\n")
        let before = try seq(dir)
        let preview = run("import", "counts", sheet, "--data", dir)
        XCTAssertTrue(preview.stdout.contains("3 rows: 0 new, 2 changed, 1 unchanged, 0 rejected"), preview.stdout)
        XCTAssertTrue(preview.stdout.contains("evacuated 1,199 → 1,250"), preview.stdout)
        XCTAssertTrue(preview.stdout.contains("run again with --apply"), preview.stdout)
        XCTAssertEqual(try seq(dir), before, "a preview saves nothing")
        let applied = run("import", "counts", sheet, "--apply", "--data", dir, "--operator", "karim")
        XCTAssertTrue(
            applied.stdout.contains("saved #\(before + 1)–#\(before + 2) (2 operations, one batch)"),
            "one count operation and the log entry: \(applied.stdout)")
        XCTAssertTrue(applied.stdout.contains("karim: 0 new, 2 changed counts from lebanon.csv"), applied.stdout)
        let store = try Repository(directory: tmp.data, readOnly: true).store
        XCTAssertEqual(store.world.countries["LB"]?.count(.returned), 1250)
        let again = run("import", "counts", sheet, "--apply", "--data", dir)
        XCTAssertTrue(again.stdout.contains("0 new, 0 changed, 3 unchanged"), again.stdout)
        XCTAssertTrue(again.stdout.contains("nothing to save"), again.stdout)
        XCTAssertEqual(try seq(dir), before + 2, "importing the same file twice changes nothing")
    }

    func testRejectedRowsBlockApplyUnlessSkipped() throws {
        demo()
        let bad = write("bad.csv", "country,kind,value\nLB,dead,4\nAtlantis,dead,1\nLB,evacuated,99999\n")
        let before = try seq(dir)
        let preview = run("import", "counts", bad, "--data", dir)
        XCTAssertTrue(preview.stdout.contains("line 3  rejected   'Atlantis' is not a country"), preview.stdout)
        XCTAssertTrue(
            preview.stdout.contains("line 4  rejected   LB: evacuated (99999) would exceed affected (12000)"),
            preview.stdout)
        let refused = run("import", "counts", bad, "--apply", "--data", dir, expect: 1)
        XCTAssertTrue(refused.stderr.contains("nothing saved: 2 rows are rejected"), refused.stderr)
        XCTAssertEqual(try seq(dir), before)
        run("import", "counts", bad, "--apply", "--skip-rejected", "--data", dir)
        XCTAssertEqual(try Repository(directory: tmp.data, readOnly: true).store.world.countries["LB"]?.count(.dead), 4)
        // Files that cannot be read at all: one line naming the file (and line), exit 1.
        var ansi = Array("country;kind;value\nC".utf8)
        ansi += [0xF4]
        ansi += Array("te d'Ivoire;dead;1\n".utf8)
        let legacy = run("import", "counts", write("ansi.csv", Data(ansi)), "--data", dir, expect: 1)
        XCTAssertTrue(legacy.stderr.contains("ansi.csv:2: is not UTF-8"), legacy.stderr)
        XCTAssertTrue(
            run("import", "counts", tmp.path + "/missing.csv", "--data", dir, expect: 1).stderr.contains(
                "missing.csv: no such file"))
        let quote = run(
            "import", "counts", write("q.csv", "country,kind,value\nLB,\"dead,3\n"), "--data", dir, expect: 1)
        XCTAssertTrue(
            quote.stderr.contains("q.csv:2: a quoted field opened on this line is never closed"), quote.stderr)
    }

    func testProgressBarOnLargeImports() throws {
        var lines = ["country,kind,value,as-of,source"]
        let codes = ["LB", "SA", "AE", "KW", "QA", "OM", "MY", "SG", "BH", "JO"]
        let start = CellClock.now().addingTimeInterval(-1200 * 86_400)
        for day in 0..<1100 {
            let date = start.addingTimeInterval(Double(day) * 86_400)
            for code in codes { lines.append("\(code),stock,\(100_000 + day),\(Timestamp.string(date)),census") }
        }
        let big = write("big.csv", lines.joined(separator: "\n") + "\n")
        let r = run("import", "counts", big, "--apply", "--data", dir)
        XCTAssertTrue(
            r.stderr.contains("reading big.csv [") && r.stderr.contains("100%"),
            "a progress bar over 10,000 rows: \(r.stderr)")
        XCTAssertTrue(r.stdout.contains("11000 rows: 10 new, 10990 changed"), r.stdout)
        XCTAssertEqual(
            try Repository(directory: tmp.data, readOnly: true).store.world.countries["LB"]?.count(.stock), 101_099)
        let small = run("import", "counts", write("small.csv", "country,kind,value\nLB,dead,1\n"), "--data", dir)
        XCTAssertFalse(small.stderr.contains("%"), "no bar for a small file: \(small.stderr)")
    }

    func testImportContactsFromPhonesAndGoogle() throws {
        demo()
        let vcf = write(
            "phone.vcf",
            """
            BEGIN:VCARD\r
            VERSION:3.0\r
            PRODID:-//Apple Inc.//iPhone OS 17.5//EN\r
            N:Haddad;Rania;;;\r
            FN:Rania Haddad\r
            ORG:IOM Beirut;\r
            TITLE:Senior operations officer\r
            item1.EMAIL;type=INTERNET;type=pref:rania.haddad@example.org\r
            TEL;type=CELL;type=VOICE;type=pref:+961 3 000 114\r
            END:VCARD\r
            BEGIN:VCARD\r
            VERSION:3.0\r
            FN:New Warden\r
            TEL;TYPE=CELL:03 000 201\r
            END:VCARD\r

            """)
        let preview = run("import", "contacts", vcf, "--country", "Lebanon", "--data", dir)
        XCTAssertTrue(preview.stdout.contains("2 contacts: 1 new, 1 merged into existing"), preview.stdout)
        XCTAssertTrue(preview.stdout.contains("merge      into c"), preview.stdout)
        XCTAssertTrue(
            preview.stdout.contains("role 'Operations officer, movements' → 'Senior operations officer'"),
            preview.stdout)
        run("import", "contacts", vcf, "--country", "LB", "--apply", "--data", dir)
        let world = try Repository(directory: tmp.data, readOnly: true).store.world
        let warden = try XCTUnwrap(world.contacts[ContactsImport.stableId(for: "tel:+9613000201")])
        XCTAssertEqual(
            warden.timeZone,
            FileManager.default.fileExists(atPath: CountryNames.zoneTabPath) ? "Asia/Beirut" : warden.timeZone)
        XCTAssertTrue(
            run("import", "contacts", vcf, "--country", "LB", "--data", dir).stdout.contains(
                "0 new, 0 merged into existing, 2 unchanged"))
        let noCountry = run("import", "contacts", vcf, "--data", tmp.path + "/empty", "--apply", expect: 1)
        XCTAssertTrue(noCountry.stdout.contains("no country in the file; give one with --country"), noCountry.stdout)
        let google = write(
            "google.csv",
            "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Country\r\n"
                + "Omar,Farouk,Port Sudan buses,Dispatcher,,,Mobile,+249 912 000 130,Sudan\r\n")
        XCTAssertTrue(
            run("import", "contacts", google, "--apply", "--data", dir).stdout.contains(
                "1 new, 0 merged contacts from google.csv"))
        XCTAssertTrue(
            run("import", "contacts", google, "--format", "vcf", "--data", dir, expect: 1).stderr.contains(
                "google.csv:1: expected BEGIN:VCARD"))
    }

    func testEveryExportRoundTripsIntoAnEmptyDirectory() throws {
        demo()
        let original = try Repository(directory: tmp.data, readOnly: true).store
        // Contacts, both formats, through files and through standard output.
        for format in ["csv", "vcf"] {
            let target = tmp.path + "/contacts-\(format)"
            let out = tmp.path + "/contacts.\(format)"
            run("export", "contacts", "--format", format, "--output", out, "--data", dir)
            let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600, "exports hold personal data")
            run("import", "contacts", out, "--apply", "--data", target)
            XCTAssertEqual(
                try Repository(directory: DataDirectory(path: target), readOnly: true).store.world.contacts,
                original.world.contacts, format)
            let stdout = run("export", "contacts", "--format", format, "--data", dir).stdout
            XCTAssertEqual(stdout, try String(contentsOfFile: out, encoding: .utf8))
        }
        // Counts.
        let counts = tmp.path + "/counts.csv"
        run("export", "counts", "--format", "csv", "-o", counts, "--data", dir)
        XCTAssertTrue(
            try String(contentsOfFile: counts, encoding: .utf8).hasPrefix(
                "country,country name,kind,value,as-of,source\r\n"))
        run("import", "counts", counts, "--apply", "--data", tmp.path + "/counts")
        let back = try Repository(directory: DataDirectory(path: tmp.path + "/counts"), readOnly: true).store.world
        for (code, c) in original.world.countries where !c.counts.isEmpty {
            XCTAssertEqual(back.countries[code]?.counts, c.counts, code)
        }
        XCTAssertTrue(
            run("import", "counts", counts, "--data", dir).stdout.contains(" 0 new, 0 changed,"),
            "the source store already holds them")
        // Everything.
        let all = tmp.path + "/all.json"
        run("export", "all", "--format", "json", "-o", all, "--data", dir)
        let restored = tmp.path + "/restored"
        XCTAssertTrue(run("import", "all", all, "--data", restored).stdout.contains("5 crises"))
        XCTAssertEqual(
            try Repository(directory: DataDirectory(path: restored), readOnly: true).store, original, "nothing lost")
        XCTAssertTrue(run("check", "--data", restored).stdout.hasPrefix("healthy"))
        let refused = run("import", "all", all, "--data", dir, expect: 1)
        XCTAssertTrue(refused.stderr.contains("already holds data"), refused.stderr)
        XCTAssertTrue(run("import", "all", counts, "--data", tmp.path + "/x", expect: 1).stderr.contains("counts.csv"))
    }

    func testBriefAsHTMLAndSMS() {
        demo()
        let html = run("brief", "--format", "html", "--data", dir).stdout
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), html)
        XCTAssertTrue(html.contains("<table>"))
        let sms = run("brief", "--sms", "--helpline", "+961 1 000 000", "--data", dir).stdout
        let lines = sms.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("Nationals in "), lines[0])
        XCTAssertTrue(lines[0].contains("Helpline +961 1 000 000"), lines[0])
        XCTAssertTrue(lines.allSatisfy { $0.count <= 160 }, sms)
        let bn = run("brief", "--sms", "--lang", "bn", "--data", dir).stdout
        XCTAssertTrue(bn.contains("অবস্থানরত প্রবাসীরা"), bn)
        XCTAssertTrue(bn.split(separator: "\n").allSatisfy { $0.count <= 160 && $0.utf16.count <= 70 }, bn)
        XCTAssertTrue(run("brief", "--sms", "--format", "json", "--data", dir, expect: 64).stderr.contains("--sms"))
        XCTAssertTrue(
            run("brief", "--lang", "bn", "--data", dir, expect: 64).stderr.contains("--lang works with --sms"))
        XCTAssertTrue(run("brief", "--sms", "--lang", "fr", "--data", dir, expect: 64).stderr.contains("lang"))
    }

    func testAfterActionReport() {
        demo()
        let md = run("report", "lb-escalation", "--data", dir).stdout
        XCTAssertTrue(md.hasPrefix("# After-action report: Lebanon escalation"), md)
        for part in ["## Timeline", "## Decisions and alert-level changes", "## Checklist", "## Counts over time"] {
            XCTAssertTrue(md.contains(part), part)
        }
        let missing = run("report", "atlantis", "--data", dir, expect: 1)
        XCTAssertTrue(
            missing.stderr.contains("no crisis 'atlantis'") && missing.stderr.contains("lb-escalation"), missing.stderr)
        for cmd in [
            ["import", "counts"], ["import", "contacts"], ["import", "all"], ["export", "contacts"],
            ["export", "counts"], ["export", "all"], ["report"],
        ] {
            XCTAssertTrue(run(cmd + ["--help"]).stdout.contains("--data"), "\(cmd) --help names --data")
        }
    }

    @discardableResult
    private func run(_ args: [String], expect status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line)
        -> ProcessResult
    {
        let r = runProcess(binary, args, environment: ["USER": "tester"])
        XCTAssertEqual(
            r.status, status, "crisiscell \(args.joined(separator: " "))\nstderr: \(r.stderr)", file: file, line: line)
        return r
    }
}
