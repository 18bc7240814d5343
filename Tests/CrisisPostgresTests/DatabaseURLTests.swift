import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import XCTest

@testable import CrisisPostgres

/// Database URLs by libpq's rules, the password file, and the schema's statements.
final class DatabaseURLTests: XCTestCase {
    private let env = ["HOME": "/nonexistent", "USER": "rahim"]

    func testTCPWithTLSAndASocketDirectory() throws {
        let ca = NSTemporaryDirectory() + "ca-\(UUID().uuidString).pem"
        FileManager.default.createFile(atPath: ca, contents: Data("x".utf8))
        defer { unlink(ca) }
        let tcp = try DatabaseURL(
            "postgres://karim:s3cret@db.cell.example:6432/cell?sslmode=verify-full&sslrootcert=\(ca)", environment: env)
        XCTAssertEqual(tcp.endpoint, .tcp(host: "db.cell.example", port: 6432))
        XCTAssertEqual(tcp.user, "karim")
        XCTAssertEqual(tcp.password, "s3cret")
        XCTAssertEqual(tcp.database, "cell")
        XCTAssertEqual(tcp.sslMode, .verifyFull)
        XCTAssertEqual(tcp.sslRootCert, ca)
        XCTAssertFalse(tcp.description.contains("s3cret"), "a password never shows in a message: \(tcp)")

        let socket = try DatabaseURL("postgres://nasrin@/cell?host=/run/pg&port=5499", environment: env)
        XCTAssertEqual(socket.endpoint, .socket(directory: "/run/pg", port: 5499))
        XCTAssertEqual(socket.socketPath, "/run/pg/.s.PGSQL.5499")
        XCTAssertEqual(socket.user, "nasrin")
        XCTAssertNil(socket.password)

        let bare = try DatabaseURL("postgresql:///cell", environment: env)
        XCTAssertEqual(bare.user, "rahim", "the login name when the URL names no user")
        XCTAssertEqual(bare.endpoint, .socket(directory: "/var/run/postgresql", port: 5432))
    }

    func testBadURLsAreSaidPlainly() {
        func message(_ text: String) -> String {
            do {
                _ = try DatabaseURL(text, environment: env)
                return ""
            } catch { return "\(error)" }
        }
        XCTAssertTrue(message("mysql://x@y/z").contains("is not a database URL"))
        XCTAssertTrue(message("postgres://x:pw@y/z?sslmode=sometimes").contains("sslmode=sometimes is not one of"))
        XCTAssertTrue(message("postgres://x@y/z?sslmode=verify-full").contains("needs the certificate"))
        XCTAssertTrue(message("postgres://x@y:99999/z").contains("is not a port number"))
        XCTAssertTrue(message("postgres://x@y/z?colour=red").contains("'colour='"))
        XCTAssertFalse(message("mysql://x:hunter2@y/z").contains("hunter2"), "the password is hidden in the message")
    }

    func testThePasswordFileIsReadOnlyWhenPrivate() throws {
        let file = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
        defer { unlink(file) }
        try "# cell\ndb.cell.example:5432:cell:karim:pa\\:ss\n*:*:*:nasrin:other\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        var e = env
        e["PGPASSFILE"] = file
        XCTAssertEqual(try DatabaseURL("postgres://karim@db.cell.example/cell", environment: e).password, "pa:ss")
        XCTAssertEqual(try DatabaseURL("postgres://nasrin@/cell?host=/run/pg", environment: e).password, "other")
        chmod(file, 0o644)
        XCTAssertNil(
            try DatabaseURL("postgres://karim@db.cell.example/cell", environment: e).password,
            "ignored when others can read it, as libpq does")
        e["PGPASSWORD"] = "fromenv"
        XCTAssertEqual(try DatabaseURL("postgres://karim@db.cell.example/cell", environment: e).password, "fromenv")
    }

    func testTheSchemaSplitsIntoWholeStatements() {
        let statements = Schema.statements(prefix: "crisiscell_cell")
        XCTAssertGreaterThan(statements.count, 15)
        for s in statements {
            XCTAssertTrue(s.hasSuffix(";"), "ends a statement: \(s.suffix(60))")
            XCTAssertEqual(s.components(separatedBy: "$$").count % 2, 1, "a $$ body is never cut: \(s.prefix(80))")
        }
        XCTAssertTrue(
            statements.contains {
                $0.contains("CREATE OR REPLACE FUNCTION crisiscell.append") && $0.contains("pg_notify")
            })
    }

    func testOperationsKeepTheirNameForTheDatabase() throws {
        let op = StoreOperation.deleteCrisis(id: "x")
        let json = try op.jsonText()
        XCTAssertTrue(json.hasPrefix("{\"deleteCrisis\""), "the trigger reads the first key: \(json)")
        XCTAssertEqual(try StoreOperation.decoded(json: json, source: "test", line: 1), op)
        XCTAssertThrowsError(
            try StoreOperation.decoded(
                json: "{\"log\":{\"kind\":\"sitrep\",\"kind\":\"call\",\"text\":\"x\"}}", source: "db", line: 7)
        ) {
            XCTAssertTrue("\($0)".contains("db:7"), "\($0)")
        }
    }
}
