import Glibc

/// A loopback TCP forwarder (Tests/Fixtures/tcp_partition.py) in front of a server, that can cut the link without
/// closing a connection: what a network partition looks like to the client. Stopped when released.
final class NetworkPartition: Sendable {
    let port: Int
    /// Held for its lifetime: the forwarder stops when this is released.
    private let forwarder: PythonFixture

    init(to targetPort: Int) throws {
        port = try FreePort.next()
        forwarder = try PythonFixture("tcp_partition.py", ["\(port)", "\(targetPort)"])
    }

    /// Bytes stop flowing both ways; connections stay open. Returns once the forwarder says it took effect.
    func cut() { forwarder.command(SIGUSR1) }

    func heal() { forwarder.command(SIGUSR2) }
}
