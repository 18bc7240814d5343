import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on 127.0.0.1 to a Unix socket (a private cluster's), that can turn into a black hole: it keeps
/// every connection open and accepts new ones, but forwards nothing either way, as a link whose route died
/// without a reset does. `blackHole = false` lets bytes through again (the old connections stay dead, as
/// they would after a real outage).
public final class BlackHoleProxy: @unchecked Sendable {
    public private(set) var port: Int = 0
    private let target: String
    private let listener: Int32
    private let lock = NSLock()
    private var holing = false
    private var generation = 0
    private var stopped = false

    public var blackHole: Bool {
        get {
            lock.lock()
            defer { lock.unlock() }
            return holing
        }
        set {
            lock.lock()
            if holing && !newValue { generation += 1 }
            holing = newValue
            lock.unlock()
        }
    }

    public init(toUnixSocket path: String) throws {
        target = path
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw NSError(domain: "proxy", code: Int(errno)) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        let was = stopped
        stopped = true
        lock.unlock()
        if !was {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in target.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if ok != 0 {
                close(client)
                close(server)
                continue
            }
            lock.lock()
            let born = generation
            lock.unlock()
            Thread.detachNewThread { [self] in pump(from: client, to: server, born: born) }
            Thread.detachNewThread { [self] in pump(from: server, to: client, born: born) }
        }
    }

    /// Forwards while the link is whole; in a black hole (or once it has been one), reads and drops.
    private func pump(from: Int32, to: Int32, born: Int) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = read(from, &buffer, buffer.count)
            if n <= 0 { break }
            lock.lock()
            let dead = holing || generation != born
            lock.unlock()
            if dead { continue }
            var off = 0
            while off < n {
                let w = buffer[off..<n].withUnsafeBytes { write(to, $0.baseAddress!, n - off) }
                if w <= 0 { break }
                off += w
            }
        }
        shutdown(to, Int32(SHUT_WR))
    }
}
