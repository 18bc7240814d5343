import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a console as soon as another process writes to the data directory (inotify), so changes
/// show within a fraction of a second without a key press. Where inotify is unavailable the caller
/// falls back to polling `Repository.refresh()`, which costs one stat when nothing changed.
public final class JournalWatcher {
    /// Readable when something in the directory changed; nil when inotify is unavailable.
    public let fd: Int32?

    public init(directory: DataDirectory) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else {
            self.fd = nil
            return
        }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)
        guard inotify_add_watch(fd, directory.path, mask) >= 0 else {
            close(fd)
            self.fd = nil
            return
        }
        self.fd = fd
    }

    deinit { if let fd { close(fd) } }

    /// Empties the event queue; true if anything had happened.
    @discardableResult
    public func drain() -> Bool {
        guard let fd else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var any = false
        while read(fd, &buffer, buffer.count) > 0 { any = true }
        return any
    }

    /// Waits until the watched directory changes or `input` becomes readable, at most `milliseconds`.
    /// Returns which woke it, and whether the input hung up (its terminal is gone: an SSH drop).
    /// `also`: another descriptor to wake for (a database's notifications); the caller empties it.
    public func wait(input: Int32, also other: Int32? = nil, milliseconds: Int32) -> (
        input: Bool, data: Bool, hangup: Bool
    ) {
        var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
        if let fd { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        if let other { fds.append(pollfd(fd: other, events: Int16(POLLIN), revents: 0)) }
        let n = poll(&fds, nfds_t(fds.count), milliseconds)
        guard n > 0 else { return (false, false, false) }
        let data = fds.dropFirst().contains { $0.revents & Int16(POLLIN) != 0 }
        if let fd, fds[1].fd == fd, fds[1].revents & Int16(POLLIN) != 0 { drain() }
        let hangup = fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
        return (fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, data, hangup)
    }
}
