import Foundation
import XCTest

/// The Python feed server beside the fixtures, on a free port of 127.0.0.1, stopped with the test.
public final class FeedServer {
    let process = Process()
    public let port: Int

    /// `tls`: a certificate and key to serve HTTPS with (a self-signed one, which no fetcher should trust).
    /// `directory`: where /served/NAME is read from, as the test writes it.
    public init(tls: (certificate: String, key: String)? = nil, directory: String? = nil) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CrisisFeedsTests/Fixtures/feed_server.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script] + (tls.map { ["--tls", $0.certificate, $0.key] } ?? [])
        if let directory {
            var env = ProcessInfo.processInfo.environment
            env["FEED_DIR"] = directory
            process.environment = env
        }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The port is the first line: a state, not a wait.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw XCTSkip("the feed server did not start (python3 missing?)") }
        self.port = port
    }

    public func url(_ path: String, scheme: String = "http") -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// How many requests a path had.
    public func count(_ path: String) throws -> Int {
        // Foundation on Linux reads no http URL without FoundationNetworking: Python, which runs the server, asks.
        let r = runProcess(
            "/usr/bin/env",
            [
                "python3", "-c", "import sys,urllib.request;print(urllib.request.urlopen(sys.argv[1]).read().decode())",
                url("/count" + path),
            ])
        return Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    public func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
