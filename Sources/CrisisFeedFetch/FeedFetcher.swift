import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// What a feed's server said last time, sent back so an unchanged feed costs a 304 and no parsing.
public struct FeedValidators: Codable, Equatable, Sendable {
    public var etag: String?
    public var lastModified: String?
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

public enum FeedFetch: Equatable, Sendable {
    case fresh(Data, FeedValidators)
    case notModified
}

/// Why a fetch failed, in words for `feeds list` and the console ("HTTP 500", "no answer within 30 s").
public struct FeedFetchError: Error, Equatable, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "\(url): \(reason)" }
}

/// Fetches feed documents over HTTP(S) with swift-server's AsyncHTTPClient: conditional requests, gzip,
/// a connect and a whole-request deadline, redirects (five at most) and a size cap that holds after
/// decompression too. Blocking calls: for the fetching thread or a command, never the console's thread.
public final class FeedFetcher: Sendable {
    public let maxBytes: Int
    public let timeout: TimeInterval
    private let client: HTTPClient

    public init(maxBytes: Int = 10 << 20, timeout: TimeInterval = 30) {
        self.maxBytes = maxBytes
        self.timeout = timeout
        let config = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10), read: .milliseconds(Int64(timeout * 1000))),
            decompression: .enabled(limit: .size(maxBytes)))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    public func shutdown() { try? client.syncShutdown() }

    public func fetch(_ url: String, validators: FeedValidators = FeedValidators()) throws -> FeedFetch {
        func fail(_ reason: String) -> FeedFetchError { FeedFetchError(url: url, reason: reason) }
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            headers.add(name: "User-Agent", value: "CrisisCell feeds (consular crisis cell)")
            headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            if let etag = validators.etag { headers.add(name: "If-None-Match", value: etag) }
            if let since = validators.lastModified { headers.add(name: "If-Modified-Since", value: since) }
            request = try HTTPClient.Request(url: url, method: .GET, headers: headers)
        } catch {
            throw fail("not an http or https address")
        }
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        let response: HTTPClient.Response
        do {
            response = try client.execute(
                request: request, delegate: ResponseAccumulator(request: request, maxBodySize: maxBytes),
                deadline: deadline
            ).wait()
        } catch {
            throw fail(describe(error))
        }
        switch response.status.code {
        case 304:
            return .notModified
        case 200..<300:
            let body = response.body.map { Data($0.readableBytesView) } ?? Data()
            let found = FeedValidators(
                etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified"))
            return .fresh(body, found)
        default:
            throw fail("HTTP \(response.status.code) \(response.status.reasonPhrase)")
        }
    }

    private func describe(_ error: Error) -> String {
        let seconds = Int(timeout.rounded())
        if error is ResponseAccumulator.ResponseTooBigError {
            return "larger than the \(maxBytes >> 20) MB cap"
        }
        if let e = error as? NIOHTTPDecompression.DecompressionError {
            return e == .limit ? "larger than the \(maxBytes >> 20) MB cap once unpacked" : "a damaged gzip body"
        }
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout { return "no whole answer within \(seconds) s" }
            if e == .connectTimeout { return "no connection within 10 s" }
            if e == .remoteConnectionClosed { return "the server closed the connection" }
            if e == .redirectLimitReached || e == .redirectCycleDetected { return "too many redirects" }
            return "\(e)"
        }
        if let e = error as? NIOSSLError {
            if "\(e)".contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's certificate is not trusted (self-signed, expired, or for another name)"
            }
            return "the secure connection failed (\(e))"
        }
        if let e = error as? NIOConnectionError { return "cannot connect to \(e.host) port \(e.port)" }
        if let e = error as? IOError {
            let what =
                e.errnoCode == ECONNREFUSED || e.errnoCode == EHOSTUNREACH ? "cannot connect" : "connection failed"
            return what + ": " + String(cString: strerror(e.errnoCode))
        }
        return "\(error)"
    }
}
