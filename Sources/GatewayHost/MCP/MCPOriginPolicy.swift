import Foundation

/// Which browser origins may call `/mcp`. A request without `Origin` (every non-browser client) passes; one with an
/// origin must be listed, or be loopback when nothing is listed, so a web page cannot drive a local gateway through
/// DNS rebinding.
public struct MCPOriginPolicy: Sendable, Equatable {
    /// Exact origins (`https://app.example.com`); `*` allows any. Empty: loopback origins only.
    public var allowed: [String] = []

    public init(allowed: [String] = []) {
        self.allowed = allowed
    }

    func allows(_ origin: String?) -> Bool {
        guard let origin else { return true }
        if allowed.contains("*") || allowed.contains(origin) { return true }
        guard allowed.isEmpty, let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? "") else { return false }
        return ["localhost", "127.0.0.1", "::1", "[::1]"].contains(url.host ?? "")
    }
}
