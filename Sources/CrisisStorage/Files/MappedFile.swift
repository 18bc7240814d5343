import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file mapped read-only and private. Loading a large snapshot through it lets the reader hand back
/// the pages it has passed (`discard(below:)`), so the file is not held in memory on top of the world it
/// becomes. Snapshots are only ever replaced by rename, never rewritten in place, so the mapped bytes stay
/// those of the file that was opened.
final class MappedFile {
    let base: UnsafeRawPointer?
    let count: Int
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The mapped file, or nil when it does not exist.
    static func open(_ path: String) throws(PersistenceError) -> MappedFile? {
        guard let fd = try PosixFile.openForReading(path) else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, action: "stat", errno: errno) }
        let size = Int(st.st_size)
        guard size > 0 else { return MappedFile(base: nil, count: 0) }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw .io(path: path, action: "map", errno: errno)
        }
        return MappedFile(base: UnsafeRawPointer(p), count: size)
    }

    private init(base: UnsafeRawPointer?, count: Int) {
        self.base = base
        self.count = count
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The bytes as Data without a copy; valid while this object lives.
    var data: Data {
        guard let base else { return Data() }
        return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: count, deallocator: .none)
    }

    /// Drops the resident pages below `offset`. Touching them again reads them back from the file.
    func discard(below offset: Int) {
        guard let base else { return }
        let length = min(offset, count) / Self.pageSize * Self.pageSize
        if length > 0 { madvise(UnsafeMutableRawPointer(mutating: base), length, MADV_DONTNEED) }
    }
}
