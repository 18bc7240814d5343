import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over the POSIX calls durability depends on (Foundation hides fsync of directories,
/// O_NOFOLLOW and file modes).
package enum PosixFile {
    package static let fileMode: mode_t = 0o600
    package static let dirMode: mode_t = 0o700

    /// Opens for appending, creating with 0600; never follows a symlink.
    package static func openForAppend(_ path: String) throws(PersistenceError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw symlinkAware(path, "open for writing") }
        try ensurePrivate(fd: fd, path: path)
        return fd
    }

    package static func openForReading(_ path: String) throws(PersistenceError) -> Int32? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw symlinkAware(path, "open")
        }
        return fd
    }

    /// Reads a whole file, or nil when it does not exist.
    package static func read(_ path: String) throws(PersistenceError) -> Data? {
        guard let fd = try openForReading(path) else { return nil }
        defer { close(fd) }
        return try readAll(fd: fd, path: path, from: 0)
    }

    package static func readAll(fd: Int32, path: String, from offset: Int) throws(PersistenceError) -> Data {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, action: "stat", errno: errno) }
        let size = Int(st.st_size)
        guard size > offset else { return Data() }
        var data = Data(count: size - offset)
        var done = 0
        let total = data.count
        let failure: Int32? = data.withUnsafeMutableBytes { buf -> Int32? in
            while done < total {
                let n = pread(fd, buf.baseAddress! + done, total - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { break }
                done += n
            }
            return nil
        }
        if let failure { throw .io(path: path, action: "read", errno: failure) }
        if done < total { data.removeSubrange(done..<total) }
        return data
    }

    package static func writeAll(fd: Int32, _ data: some ContiguousBytes, path: String) throws(PersistenceError) {
        let failure: Int32? = data.withUnsafeBytes { buf -> Int32? in
            var done = 0
            while done < buf.count {
                let n = write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return nil
        }
        if let failure { throw .io(path: path, action: "write", errno: failure) }
    }

    package static func sync(fd: Int32, path: String) throws(PersistenceError) {
        guard fsync(fd) == 0 else { throw .io(path: path, action: "fsync", errno: errno) }
    }

    package static func syncDirectory(_ path: String) throws(PersistenceError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, action: "open directory", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path, action: "fsync directory", errno: errno) }
    }

    /// Crash-safe replace: temp file in the same directory (0600), write, fsync, rename, fsync the directory.
    package static func atomicWrite(_ data: some ContiguousBytes, to path: String) throws(PersistenceError) {
        try atomicWrite(to: path) { fd, tmp throws(PersistenceError) in try writeAll(fd: fd, data, path: tmp) }
    }

    /// The same, with the contents written to the temporary file's descriptor by `contents`.
    package static func atomicWrite(to path: String, contents: (Int32, String) throws(PersistenceError) -> Void)
        throws(PersistenceError)
    {
        try refuseSymlink(path)
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw .io(path: tmp, action: "create", errno: errno) }
        do {
            try ensurePrivate(fd: fd, path: tmp)
            try contents(fd, tmp)
            try sync(fd: fd, path: tmp)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let e = errno
            unlink(tmp)
            throw .io(path: path, action: "rename into place", errno: e)
        }
        try syncDirectory(dir)
    }

    /// Writes a new private file and fsyncs it, for a later rename into place.
    package static func writeNew(_ data: some ContiguousBytes, to path: String) throws(PersistenceError) {
        try writeNew(to: path) { fd throws(PersistenceError) in try writeAll(fd: fd, data, path: path) }
    }

    package static func writeNew(to path: String, contents: (Int32) throws(PersistenceError) -> Void)
        throws(PersistenceError)
    {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw .io(path: path, action: "create", errno: errno) }
        defer { close(fd) }
        do {
            try ensurePrivate(fd: fd, path: path)
            try contents(fd)
            try sync(fd: fd, path: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    package static func refuseSymlink(_ path: String) throws(PersistenceError) {
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            throw .unsafeFile(path: path, reason: "it is a symbolic link; CrisisCell never writes through links")
        }
    }

    /// Files hold personal data: 0600 whatever the umask or whoever created them.
    package static func ensurePrivate(fd: Int32, path: String) throws(PersistenceError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, action: "stat", errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .unsafeFile(path: path, reason: "not a regular file") }
        if st.st_mode & 0o777 != fileMode, fchmod(fd, fileMode) != 0 {
            throw .io(path: path, action: "set mode 0600", errno: errno)
        }
    }

    private static func symlinkAware(_ path: String, _ action: String) -> PersistenceError {
        let e = errno
        if e == ELOOP {
            return .unsafeFile(path: path, reason: "it is a symbolic link; CrisisCell never follows links")
        }
        return .io(path: path, action: action, errno: e)
    }
}

/// An exclusive or shared advisory lock on the directory's lock file, held for one critical section.
package final class DirectoryLock {
    private let fd: Int32
    private let path: String

    package init(path: String) throws(PersistenceError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, PosixFile.fileMode)
        guard fd >= 0 else { throw .io(path: path, action: "open lock file", errno: errno) }
        self.fd = fd
    }

    deinit { close(fd) }

    package func withLock<T>(exclusive: Bool, _ body: () throws -> T) throws -> T {
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw PersistenceError.io(path: path, action: "lock", errno: errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

/// A lock on a file that holds between threads as well as between processes. flock excludes open files, not
/// threads: two threads sharing one descriptor would both "hold" it, and a shared lock taken by one would turn
/// the other's exclusive lock into a shared one. So each section opens the file anew, after taking a mutex
/// that every user of the same path in this process shares.
package final class SharedFileLock: @unchecked Sendable {
    private let path: String
    private let mutex: NSLock
    private nonisolated(unsafe) static var mutexes: [String: NSLock] = [:]
    private static let guardMutexes = NSLock()

    package init(path: String) throws(PersistenceError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, PosixFile.fileMode)
        guard fd >= 0 else { throw .io(path: path, action: "open lock file", errno: errno) }
        close(fd)
        Self.guardMutexes.lock()
        if Self.mutexes[path] == nil { Self.mutexes[path] = NSLock() }
        mutex = Self.mutexes[path]!
        Self.guardMutexes.unlock()
    }

    package func withLock<T>(exclusive: Bool, _ body: () throws -> T) throws -> T {
        mutex.lock()
        defer { mutex.unlock() }
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, PosixFile.fileMode)
        guard fd >= 0 else { throw PersistenceError.io(path: path, action: "open lock file", errno: errno) }
        defer { close(fd) }
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw PersistenceError.io(path: path, action: "lock", errno: errno) }
        }
        return try body()
    }
}
