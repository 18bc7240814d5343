import Foundation
import XCTest

@testable import CrisisPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// Something at the database's port that agrees to TLS and then sends garbage (a misconfigured proxy, another
/// service): the failure is said in one sentence, without the TLS library's internals or build paths.
final class TLSGarbageTests: XCTestCase {
    func testAHandshakeOfGarbageIsSaidInOneSentence() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        XCTAssertEqual(bound, 0)
        listen(listener, 4)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) }
        }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var request = [UInt8](repeating: 0, count: 8)
            _ = read(client, &request, 8)
            // "S": yes to TLS; then, once the client's hello has come, bytes no TLS server sends.
            var yes = UInt8(ascii: "S")
            _ = write(client, &yes, 1)
            var hello = [UInt8](repeating: 0, count: 4096)
            _ = read(client, &hello, hello.count)
            let garbage = Array("HTTP/1.1 400 Bad Request\r\n\r\n<html>not postgres</html>".utf8)
            _ = garbage.withUnsafeBytes { write(client, $0.baseAddress!, $0.count) }
            usleep(300_000)
            close(client)
        }
        let url = try DatabaseURL("postgres://karim:secret@127.0.0.1:\(port)/cell?sslmode=require&connect_timeout=3")
        XCTAssertThrowsError(try DatabaseLink(url)) { error in
            let said = "\(error)"
            print("TLS GARBAGE: \(said)")
            XCTAssertTrue(said.contains("TLS"), said)
            XCTAssertFalse(
                said.contains(".swift") || said.contains("/work/") || said.contains(".cc"), "no build path: \(said)")
            XCTAssertFalse(said.contains("secret"), said)
            XCTAssertFalse(
                said.uppercased().contains("SSL_ROUTINES") || said.contains("BoringSSL") || said.contains("error:"),
                said)
            XCTAssertEqual(said.split(separator: "\n").count, 1, said)
        }
    }
}
