import CrisisExchange
import CrisisModel
import CrisisStorage
import CrisisTesting
import Foundation
import TestSupport
import XCTest

@testable import CrisisPostgres

/// A mission reaching headquarters over TCP: TLS checked against the cell's CA and the server's name
/// (sslmode=verify-full), and refused, saying why, when the certificate is not the one the URL trusts.
final class TLSConnectionTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PrivateCluster?
    private var tmp: TempDirectory!

    override class func setUp() {
        cluster = try? PrivateCluster(label: "tls", tlsPort: 50_000 + Int(getpid() % 5_000))
    }

    override class func tearDown() { cluster = nil }

    override func setUpWithError() throws {
        guard let cluster = Self.cluster else {
            throw XCTSkip("PostgreSQL's server is not installed (.ci/run installs it)")
        }
        if !cluster.running { try cluster.start() }
        tmp = TempDirectory("pgtls")
    }

    override func tearDown() { tmp?.cleanUp() }

    func testVerifyFullConnectsAndRecordsTheLogin() throws {
        let cluster = Self.cluster!
        try cluster.createDatabase("cell")
        let admin = try DatabaseURL(cluster.url(tls: true))
        XCTAssertEqual(admin.sslMode, .verifyFull)
        _ = try DatabaseAdmin.initialize(admin)
        _ = try DatabaseAdmin.push(DemoWorld.store(now: CellClock.now()), to: admin)
        _ = try DatabaseAdmin.grant(admin, login: "beirut", role: "officer")
        let mission = try DatabaseURL(cluster.url(user: "beirut", tls: true))
        let store = try PostgresStore(
            url: mission, cache: DataDirectory(path: tmp.path + "/beirut"), operatorName: "typed")
        guard case .saved(let entry) = try store.commit(.log(crisis: nil, kind: .sitrep, text: "over TLS"), by: "typed")
        else {
            return XCTFail("not saved")
        }
        XCTAssertEqual(entry.operator, "beirut")
        XCTAssertEqual(
            try cluster.sql(
                "SELECT ssl FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE usename = 'beirut' LIMIT 1",
                database: "cell"
            )
            .trimmingCharacters(in: .whitespacesAndNewlines), "t", "the link is encrypted")
    }

    /// A certificate signed by another authority, or a name the certificate does not carry: no connection,
    /// and words that say it is the certificate, not a link that merely dropped.
    func testAServerTheURLDoesNotTrustIsRefused() throws {
        let cluster = Self.cluster!
        let stranger = tmp.path + "/other-ca.pem"
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        made.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=another CA",
            "-keyout", tmp.path + "/other.key", "-out", stranger,
        ]
        made.standardOutput = FileHandle.nullDevice
        made.standardError = FileHandle.nullDevice
        try made.run()
        made.waitUntilExit()
        XCTAssertEqual(made.terminationStatus, 0)

        let wrongCA = try DatabaseURL(
            "postgres://postgres@localhost:\(cluster.port)/postgres?sslmode=verify-full&sslrootcert=\(stranger)")
        XCTAssertThrowsError(try DatabaseLink(wrongCA)) { error in
            let said = "\(error)"
            XCTAssertTrue(said.contains("certificate"), said)
            XCTAssertFalse(
                (error as? DatabaseError)?.unreachable ?? true, "an untrusted server is not a dropped link: \(said)")
        }
        // The certificate names localhost and 127.0.0.1; the same server reached as 127.0.0.2 is not the one it
        // names: verify-full refuses it, verify-ca (the chain only) takes it.
        let wrongName = try DatabaseURL(
            "postgres://postgres@127.0.0.2:\(cluster.port)/postgres?sslmode=verify-full&sslrootcert=\(cluster.caFile)")
        XCTAssertThrowsError(try DatabaseLink(wrongName)) { error in
            let said = "\(error)"
            XCTAssertTrue(said.contains("certificate") && said.contains("127.0.0.2"), said)
            XCTAssertFalse((error as? DatabaseError)?.unreachable ?? true, said)
        }
        let chainOnly = try DatabaseURL(
            "postgres://postgres@127.0.0.2:\(cluster.port)/postgres?sslmode=verify-ca&sslrootcert=\(cluster.caFile)")
        XCTAssertNoThrow(try DatabaseLink(chainOnly).close())
        // Without TLS the server's rules (hostssl only) refuse the connection.
        let plain = try DatabaseURL("postgres://postgres@localhost:\(cluster.port)/postgres?sslmode=disable")
        XCTAssertThrowsError(try DatabaseLink(plain)) { error in
            XCTAssertTrue("\(error)".contains("no pg_hba.conf entry"), "\(error)")
        }
    }
}
