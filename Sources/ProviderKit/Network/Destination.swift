import Foundation
import Glibc
import ProviderABI

/// Where a provider may connect, by the host's network policy. Clients that open their own sockets (libpq, a raw TCP
/// client) resolve the host here and connect only to the address it returns; ProviderKit's HTTP client and SMTP sender
/// check every socket they open themselves.
public enum Destination {
    /// The first address of `host` (a name or a numeric address) the host's policy allows, as numeric text. A refused
    /// destination fails as PERMANENT "destination not allowed", saying nothing about what is there.
    public static func allowedAddress(host: String, port: Int, context: CallContext) throws(ProviderError) -> String {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else {
            throw ProviderError(.retryable, "cannot resolve the host name")
        }
        defer { freeaddrinfo(first) }
        for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
            guard let address = entry.pointee.ai_addr, context.allows(address, length: Int(entry.pointee.ai_addrlen)) else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        throw refused
    }

    /// The error for a destination the policy refuses.
    public static let refused = ProviderError(.permanent, "destination not allowed")
}

extension CallContext {
    /// Whether the host's network policy lets the plugin connect to this `struct sockaddr`.
    public func allows(_ address: UnsafeRawPointer, length: Int) -> Bool {
        gw_destination_allowed(host, address, length) != 0
    }
}
