import Foundation
import Glibc

/// Where provider plugins may connect. Every address is allowed except the ranges a tenant must never reach through
/// the gateway (loopback, private, link-local, CGNAT, multicast, unspecified and reserved), unless the operator lists a
/// network in `GATEWAY_ALLOWED_NETWORKS`. Plugins ask it about each address after name resolution, where the socket
/// connects, so DNS rebinding cannot get around it.
public struct NetworkPolicy: Sendable, Equatable, CustomStringConvertible {
    /// Networks allowed even inside the refused ranges.
    public var allowed: [IPNetwork]

    public init(allowed: [IPNetwork] = []) {
        self.allowed = allowed
    }

    /// Parses `GATEWAY_ALLOWED_NETWORKS`: CIDRs separated by commas (`127.0.0.0/8,::1/128`); a bare address is one host.
    public init(allowing list: String) throws(ConfigurationError) {
        var networks: [IPNetwork] = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let network = IPNetwork(item) else { throw ConfigurationError(key: "GATEWAY_ALLOWED_NETWORKS", value: list) }
            networks.append(network)
        }
        allowed = networks
    }

    public var description: String { allowed.map(\.description).joined(separator: ",") }

    /// The ranges refused by default.
    static let refused: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16",
        "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].compactMap(IPNetwork.init)

    /// Whether a connection to `address` (4 or 16 bytes) is allowed. An IPv6 address that carries an IPv4 one
    /// (mapped, NAT64, 6to4) is judged by the IPv4 address inside.
    public func allows(_ address: [UInt8]) -> Bool {
        if let inner = Self.embeddedIPv4(address) { return allows(inner) }
        if allowed.contains(where: { $0.contains(address) }) { return true }
        return !Self.refused.contains { $0.contains(address) }
    }

    /// Whether a connection to a `struct sockaddr` is allowed; anything but IPv4 and IPv6 (a Unix socket) is refused.
    public func allows(socketAddress: UnsafeRawPointer, length: Int) -> Bool {
        guard length >= MemoryLayout<sa_family_t>.size else { return false }
        switch Int32(socketAddress.load(as: sa_family_t.self)) {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let address = socketAddress.load(as: sockaddr_in.self).sin_addr
            return allows(withUnsafeBytes(of: address) { Array($0) })
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            let address = socketAddress.load(as: sockaddr_in6.self).sin6_addr
            return allows(withUnsafeBytes(of: address) { Array($0) })
        default:
            return false
        }
    }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) or 6to4
    /// (`2002:aabb:ccdd::`) address.
    private static func embeddedIPv4(_ address: [UInt8]) -> [UInt8]? {
        guard address.count == 16 else { return nil }
        if address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xff, address[11] == 0xff { return Array(address[12..<16]) }
        if address[0..<12] == [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return Array(address[12..<16]) }
        if address[0] == 0x20, address[1] == 0x02 { return Array(address[2..<6]) }
        return nil
    }
}

/// An IPv4 or IPv6 network in CIDR form.
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    let address: [UInt8]
    let prefix: Int

    /// The network's address: 4 or 16 bytes.
    public var bytes: [UInt8] { address }

    /// `10.0.0.0/8`, `::1/128`, or a bare address (one host).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let address = Self.parse(first) else { return nil }
        let bits = address.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        self.address = address
        self.prefix = prefix
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = address.withUnsafeBytes { inet_ntop(address.count == 4 ? AF_INET : AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/\(prefix)"
    }

    func contains(_ candidate: [UInt8]) -> Bool {
        guard candidate.count == address.count else { return false }
        var remaining = prefix
        for (mine, theirs) in zip(address, candidate) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if mine & mask != theirs & mask { return false }
            remaining -= 8
        }
        return true
    }

    private static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }
}
