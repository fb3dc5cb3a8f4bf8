import Foundation
import Glibc

enum FreePort {
    /// A port nothing listens on right now: bind to port 0 and let the kernel choose. Another test may take it next.
    static func next() throws -> Int {
        let (socket, port) = try bound()
        close(socket)
        return port
    }

    /// A socket bound to a loopback port the kernel chose, not listening.
    fileprivate static func bound() throws -> (socket: Int32, port: Int) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else {
            close(socket)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// A loopback port that refuses connections for as long as this lives: bound but never listening, so no other test's
/// server can take it meanwhile, as it could a port from `FreePort.next()`. Keep it alive past the last connection
/// (`withExtendedLifetime`).
final class ClosedPort: Sendable {
    let port: Int
    private let socket: Int32

    init() throws {
        (socket, port) = try FreePort.bound()
    }

    deinit {
        close(socket)
    }
}
