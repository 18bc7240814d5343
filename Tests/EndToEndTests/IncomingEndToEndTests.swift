import CrisisModel
import Foundation
import TestSupport
import XCTest

/// A grave item for a country with nationals, fetched by the first console, raises a banner on two consoles;
/// one operator opens a crisis from it and the other sees the decision.
final class IncomingEndToEndTests: DemoDirectoryTestCase {
    override var needsTmux: Bool { true }

    func testARedAlertRaisesABannerOnTwoConsolesAndOOpensACrisisPrefilled() throws {
        let server = try FeedServer(directory: tmp.path)
        defer { server.stop() }
        try GDACSFeed.document([GDACSFeed.Event(id: 1102, level: "Red", iso3: "MYS", country: "Malaysia")])
            .write(toFile: tmp.path + "/world.xml", atomically: true, encoding: .utf8)
        let a = console(args: "--operator rahim")
        let b = console(args: "--operator karim")
        // Followed from a shell while both consoles run: the first console fetches it within its look (5 s) and
        // the feed's interval (1 min).
        let add = runProcess(
            binary,
            [
                "feeds", "add", "world", server.url("/served/world.xml"), "--format", "gdacs", "--every", "1m",
                "--data", dir,
            ])
        XCTAssertEqual(add.status, 0, add.stderr)
        for c in [a, b] {
            let r = c.waitFor(timeout: 60) {
                $0.contains("▲ INCOMING · GDACS Red flood · Malaysia · 600,000 nationals")
            }
            XCTAssertTrue(r.ok, "no banner:\n\(r.screen)")
        }
        XCTAssertEqual(try server.count("/served/world.xml"), 1, "one console fetched, the other did not")

        a.send("6")
        XCTAssertTrue(a.waitFor("6 Incoming · 1 to triage").ok, a.capture())
        a.send("o")
        let form = a.waitFor("New crisis from GDACS")
        XCTAssertTrue(form.ok, form.screen)
        XCTAssertTrue(form.screen.contains("Malaysia flood") && form.screen.contains("Countries MY"), form.screen)
        a.send("Enter")
        XCTAssertTrue(a.waitFor("0 to triage").ok, a.capture())
        XCTAssertTrue(a.capture().contains("opened Malaysia flood"), a.capture())
        let gone = b.waitFor(timeout: 2) { !$0.contains("▲ INCOMING") }
        XCTAssertTrue(gone.ok, "the decision did not clear the other console's banner:\n\(gone.screen)")
        b.send("1")
        XCTAssertTrue(b.waitFor("Malaysia flood").ok, b.capture())
        a.send("q")
        b.send("q")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
    }
}
