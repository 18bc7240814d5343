import Foundation
import XCTest

@testable import CrisisPostgres

/// Database URLs, one row a case: what each parses to, or what its refusal says, and what it must never show.
final class DatabaseURLTableTests: XCTestCase {
    enum Expect {
        case parses(
            DatabaseURL.Endpoint, user: String, database: String, password: String? = nil,
            connectTimeout: TimeInterval? = nil)
        case fails(saying: String)
    }
    struct Row {
        let url: String
        let env: [String: String]
        let expect: Expect
        /// Passwords and pieces of them, in neither a refusal nor a description.
        let hidden: [String]
        init(_ url: String, env: [String: String] = [:], _ expect: Expect, hiding hidden: [String] = []) {
            self.url = url
            self.env = env
            self.expect = expect
            self.hidden = hidden
        }
    }

    static let rows: [Row] = [
        // What worked before: TCP with TLS, sockets, the environment.
        Row(
            "postgres://karim:Sk3cret@db.cell.example:6432/cell?sslmode=verify-full&sslrootcert=/etc/cell/ca.pem",
            .parses(.tcp(host: "db.cell.example", port: 6432), user: "karim", database: "cell", password: "Sk3cret"),
            hiding: ["Sk3cret"]),
        Row(
            "postgres://nasrin@/cell?host=/run/pg&port=5499",
            .parses(.socket(directory: "/run/pg", port: 5499), user: "nasrin", database: "cell")),
        Row(
            "postgresql:///cell",
            .parses(.socket(directory: "/var/run/postgresql", port: 5432), user: "rahim", database: "cell")),
        Row(
            "postgres://", env: ["PGHOST": "/run/pg", "PGPORT": "5433", "PGUSER": "omar", "PGDATABASE": "ops"],
            .parses(.socket(directory: "/run/pg", port: 5433), user: "omar", database: "ops")),
        Row(
            "postgres:///cell?application_name=x", env: ["PGHOST": "db.example", "PGPASSWORD": "Ev9pw"],
            .parses(.tcp(host: "db.example", port: 5432), user: "rahim", database: "cell", password: "Ev9pw"),
            hiding: ["Ev9pw"]),
        Row(
            "postgres://u:@h/db", env: ["PGPASSWORD": "Ev9pw"],
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", password: "Ev9pw")),
        Row(
            "postgres://u@h/db?password=Qp4w",
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", password: "Qp4w"), hiding: ["Qp4w"]),
        Row(
            "postgres://h?user=me@server",
            .parses(.tcp(host: "h", port: 5432), user: "me@server", database: "me@server")),
        Row("postgres://h/db?user=me@server", .parses(.tcp(host: "h", port: 5432), user: "me@server", database: "db")),
        Row("  postgres://u@h/db\n", .parses(.tcp(host: "h", port: 5432), user: "u", database: "db")),
        // 1. Passwords with @, ? or an encoded / still parse; none shows in a refusal, whatever the mistake.
        Row(
            "postgres://u:Xy7@Qz9@host/db",
            .parses(.tcp(host: "host", port: 5432), user: "u", database: "db", password: "Xy7@Qz9"),
            hiding: ["Xy7", "Qz9"]),
        Row(
            "postgres://u:Xy7%3Fsslmode=Qz9@host/db",
            .parses(.tcp(host: "host", port: 5432), user: "u", database: "db", password: "Xy7?sslmode=Qz9"),
            hiding: ["Xy7", "Qz9"]),
        Row(
            "postgres://u@host?password=Xy7@Qz9",
            .parses(.tcp(host: "host", port: 5432), user: "u", database: "u", password: "Xy7@Qz9"),
            hiding: ["Xy7", "Qz9"]),
        Row("postgres://u:Xy7?sslmode=Qz9@host/db", .fails(saying: "is not a port number"), hiding: ["Xy7", "Qz9"]),
        Row(
            "postgres://u:Xy7@Qz9/Wv3@host/db", .fails(saying: "has an @ after its host"),
            hiding: ["Xy7", "Qz9", "Wv3"]),
        Row(
            "postgres://u:Xy7 Qz9@Wv3 Kq4/db", .fails(saying: "has a character no host name"),
            hiding: ["Xy7", "Qz9", "Wv3", "Kq4"]),
        Row("postgres://u@h/db?password=Kq4&Zr8=%00", .fails(saying: "a key (not shown"), hiding: ["Kq4", "Zr8"]),
        Row(
            "postgres://u:Xy7%40Qz9%2F@host/db",
            .parses(.tcp(host: "host", port: 5432), user: "u", database: "db", password: "Xy7@Qz9/"),
            hiding: ["Xy7", "Qz9"]),
        Row("postgres://u:Xy7@Qz9@host:99999/db", .fails(saying: "is not a port number"), hiding: ["Xy7", "Qz9"]),
        Row("u:Xy7secret@host/db", .fails(saying: "is not a database URL"), hiding: ["Xy7"]),
        Row("mysql://x:Xy7hunter@y/z", .fails(saying: "is not a database URL"), hiding: ["Xy7"]),
        Row("host=x password=Xy7secret dbname=y", .fails(saying: "not as keyword=value"), hiding: ["Xy7"]),
        Row("password=Xy7secret host=x", .fails(saying: "not as keyword=value"), hiding: ["Xy7"]),
        Row("postgres://u:Xy7secret/db", .fails(saying: "is not a port number"), hiding: ["Xy7"]),
        Row(
            "postgres://u:Xy7/Qz9@host/db", .fails(saying: "in a password write / ? @ as %2F %3F %40"),
            hiding: ["Xy7", "Qz9"]),
        Row("postgres://u:Xy7?Qz9/Wv3@host/db", .fails(saying: "without =VALUE"), hiding: ["Xy7", "Qz9", "Wv3"]),
        Row(
            "postgres://u:Pw1@h/db?sslmode=sometimes", .fails(saying: "sslmode=sometimes is not one of"),
            hiding: ["Pw1"]),
        Row(
            "postgres://u@h/db?password=Kq4&sslmode=Zr8",
            .fails(saying: "the sslmode= in the database URL is not one of"), hiding: ["Kq4", "Zr8"]),
        Row("postgres://u@h/db?password=Kq4&Zr8=1", .fails(saying: "does not know"), hiding: ["Kq4", "Zr8"]),
        Row("postgres://u@h/db?password=Kq4&Zr8", .fails(saying: "without =VALUE"), hiding: ["Kq4", "Zr8"]),
        Row(
            "postgres://u:Xy7%@h/db", .fails(saying: "password in the database URL has a % that is not followed"),
            hiding: ["Xy7"]),
        Row("postgres://u:Xy7%FF@h/db", .fails(saying: "password in the database URL is not UTF-8"), hiding: ["Xy7"]),
        Row(
            "postgres://u@h/db", env: ["PGPASSWORD": "Wv3\u{1}"],
            .fails(saying: "PGPASSWORD in the environment has a control character"), hiding: ["Wv3"]),
        // 2. Control characters, decoded or raw, in any part.
        Row(
            "postgres://u:Pw1@h/db%00options=-c",
            .fails(saying: "database name in the database URL has a control character"), hiding: ["Pw1"]),
        Row(
            "postgres://u%00x:Pw1@h/db", .fails(saying: "user in the database URL has a control character"),
            hiding: ["Pw1"]),
        Row(
            "postgres://u:Pw1%0A@h/db", .fails(saying: "password in the database URL has a control character"),
            hiding: ["Pw1"]),
        Row("postgres://u@h%7F/db", .fails(saying: "host in the database URL has a control character")),
        Row("postgres://u@h/d\u{85}b", .fails(saying: "database name in the database URL has a control character")),
        Row(
            "postgres://u:Pw1@h/db?user=a%09b", .fails(saying: "user in the database URL has a control character"),
            hiding: ["Pw1"]),
        Row(
            "postgres://u@h/db?dbname=a%C2%9Bb",
            .fails(saying: "database name in the database URL has a control character")),
        Row(
            "postgres://u@h/db?application_name=a%1Bb",
            .fails(saying: "application_name= in the database URL has a control character")),
        Row(
            "postgres://u@h", env: ["PGDATABASE": "a\nb"],
            .fails(saying: "PGDATABASE in the environment has a control character")),
        // 3. IPv6 literals.
        Row("postgres://u@[::1]:5432/db", .parses(.tcp(host: "::1", port: 5432), user: "u", database: "db")),
        Row("postgres://u@[::1]/db", .parses(.tcp(host: "::1", port: 5432), user: "u", database: "db")),
        Row(
            "postgres://u:Pw1@[2001:db8::7]:6432",
            .parses(.tcp(host: "2001:db8::7", port: 6432), user: "u", database: "u", password: "Pw1")),
        Row(
            "postgres://u@[fe80::1%25eth0]:5433/db",
            .parses(.tcp(host: "fe80::1%eth0", port: 5433), user: "u", database: "db")),
        Row("postgres://u@/db?host=::1&port=5433", .parses(.tcp(host: "::1", port: 5433), user: "u", database: "db")),
        Row("postgres://u@[::1/db", .fails(saying: "has a [ without its ]")),
        Row("postgres://u@[db.example]/db", .fails(saying: "is not an IPv6 address")),
        Row("postgres://u@[::1]5432/db", .fails(saying: "after the ] of the host")),
        Row("postgres://u@a,b/db", .parses(.tcp(host: "a", port: 5432), user: "u", database: "db")),
        Row("postgres://u@a,b,c/db?port=1,2", .fails(saying: "names 3 hosts and 2 ports")),
        Row(
            "postgres://u@a,b/db?target_session_attrs=master",
            .fails(saying: "target_session_attrs=master is not one of")),
        Row(
            "postgres://u@a,b/db?load_balance_hosts=yes",
            .fails(saying: "load_balance_hosts=yes is not disable or random")),
        // 4. Ports: 1...65535 wherever they come from.
        Row("postgres://x@y:99999/z", .fails(saying: "is not a port number from 1 to 65535")),
        Row("postgres://x@y:0/z", .fails(saying: "is not a port number")),
        Row("postgres://x@y:+5432/z", .fails(saying: "is not a port number")),
        Row("postgres://x@[::1]:70000/z", .fails(saying: "is not a port number")),
        Row("postgres://x@y/z?port=70000", .fails(saying: "port=70000 is not a port number")),
        Row("postgres://x@y/z?port=", .fails(saying: "is not a port number")),
        Row(
            "postgres://x@y/z", env: ["PGPORT": "abc"],
            .fails(saying: "PGPORT=abc in the environment is not a port number")),
        Row(
            "postgres://x@y/z", env: ["PGPORT": "99999"],
            .fails(saying: "PGPORT=99999 in the environment is not a port number")),
        Row(
            "postgres://x@y:6000/z", env: ["PGPORT": "abc"],
            .parses(.tcp(host: "y", port: 6000), user: "x", database: "z")),
        // 5. connect_timeout.
        Row(
            "postgres://u@h/db?connect_timeout=10",
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", connectTimeout: 10)),
        Row(
            "postgres://u@h/db?connect_timeout=1",
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", connectTimeout: 2)),
        Row(
            "postgres://u@h/db?connect_timeout=0",
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", connectTimeout: 0)),
        Row(
            "postgres://u@h/db", env: ["PGCONNECT_TIMEOUT": "7"],
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", connectTimeout: 7)),
        Row(
            "postgres://u@h/db?connect_timeout=3", env: ["PGCONNECT_TIMEOUT": "7"],
            .parses(.tcp(host: "h", port: 5432), user: "u", database: "db", connectTimeout: 3)),
        Row(
            "postgres://u@h/db?connect_timeout=abc",
            .fails(saying: "connect_timeout=abc is not a whole number of seconds")),
        Row("postgres://u@h/db?connect_timeout=-5", .fails(saying: "is not a whole number of seconds")),
        Row("postgres://u@h/db?connect_timeout=2.5", .fails(saying: "is not a whole number of seconds")),
        Row(
            "postgres://u@h/db", env: ["PGCONNECT_TIMEOUT": "soon"],
            .fails(saying: "PGCONNECT_TIMEOUT=soon in the environment")),
        // Keys and modes this program does not take.
        Row("postgres://x@y/z?colour=red", .fails(saying: "the database URL has 'colour='")),
        Row(
            "postgres://x@y/z", env: ["PGSSLMODE": "sometimes"],
            .fails(saying: "PGSSLMODE=sometimes in the environment is not one of")),
        Row("postgres://x@y/z?sslmode=verify-full", .fails(saying: "needs the certificate")),
    ]

    func testEveryRow() {
        for row in Self.rows {
            var env = ["HOME": "/nonexistent", "USER": "rahim"]
            env.merge(row.env) { $1 }
            let shown: String
            do {
                let url = try DatabaseURL(row.url, environment: env)
                shown = url.description
                switch row.expect {
                case .parses(let endpoint, let user, let database, let password, let connectTimeout):
                    XCTAssertEqual(url.endpoint, endpoint, row.url)
                    XCTAssertEqual(url.user, user, row.url)
                    XCTAssertEqual(url.database, database, row.url)
                    XCTAssertEqual(url.password, password, row.url)
                    XCTAssertEqual(url.connectTimeout, connectTimeout, row.url)
                case .fails(let saying):
                    XCTFail("\(row.url) parses as \(url), but should fail saying \(saying)")
                }
            } catch {
                shown = "\(error)"
                switch row.expect {
                case .parses: XCTFail("\(row.url) fails: \(error)")
                case .fails(let saying): XCTAssertTrue(shown.contains(saying), "\(row.url): \(shown)")
                }
            }
            for secret in row.hidden {
                XCTAssertFalse(shown.contains(secret), "\(row.url) shows \(secret): \(shown)")
            }
        }
    }
}
