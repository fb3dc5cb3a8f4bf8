import Glibc

/// What the socket of an idle connection says without waiting: whether the peer hung up (a restarted server closed
/// it) or sent something nobody asked for (its goodbye). Checked before reusing a pooled connection, so a server that
/// restarted costs a reconnect instead of a failed statement.
enum IdleSocket {
    /// `POLLRDHUP` (Linux), which Glibc's Swift module does not export.
    private static let peerClosed = Int16(0x2000)

    static func state(_ fd: Int32) -> (hasInput: Bool, peerHungUp: Bool) {
        var poller = pollfd(fd: fd, events: Int16(POLLIN) | peerClosed, revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return (false, false) }
        let hungUp = poller.revents & (peerClosed | Int16(POLLHUP) | Int16(POLLERR)) != 0
        return (poller.revents & Int16(POLLIN) != 0, hungUp)
    }
}
