import Foundation
import Glibc

/// A loopback TCP forwarder (Tests/Fixtures/tcp_partition.py) in front of a server, that can cut the link without
/// closing a connection: what a network partition looks like to the client. Stopped when released. Sendable by hand:
/// every property is a constant.
final class NetworkPartition: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let said: FileHandle

    init(to targetPort: Int) throws {
        port = try FreePort.next()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TestPaths.repository.appendingPathComponent("Tests/Fixtures/tcp_partition.py").path, "\(port)", "\(targetPort)"]
        let output = Pipe()
        process.standardOutput = output
        said = output.fileHandleForReading
        try process.run()
        _ = said.availableData  // "ready" once it listens
    }

    /// Bytes stop flowing both ways; connections stay open. Returns once the forwarder says it took effect.
    func cut() {
        kill(process.processIdentifier, SIGUSR1)
        _ = said.availableData
    }

    func heal() {
        kill(process.processIdentifier, SIGUSR2)
        _ = said.availableData
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
