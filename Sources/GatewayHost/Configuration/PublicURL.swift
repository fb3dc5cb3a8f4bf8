import Foundation

/// The gateway's URL as providers reach it (`GATEWAY_PUBLIC_URL`, e.g. `https://gateway.example.com` behind a proxy
/// that ends TLS). Providers that sign the URL they call (Twilio) need it to check a delivery, and providers told where
/// to send receipts (Twilio's `StatusCallback`) are told an address under it.
public struct PublicURL: Sendable, Equatable {
    /// Without a trailing `/`.
    public let base: String

    /// nil for anything but an absolute http(s) URL without query or fragment.
    public init?(_ text: String) {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil, url.fragment == nil
        else { return nil }
        base = trimmed
    }

    /// Where the integration's own deliveries are taken: `/webhooks/{provider}/{integration_id}`.
    func webhook(provider: String, integrationID: String) -> String {
        "\(base)/webhooks/\(provider)/\(integrationID)"
    }

    /// The URL a delivery was sent to: under the public URL when there is one, else as the request's Host header names
    /// the server (plain HTTP: the gateway serves no TLS itself).
    static func ofRequest(path: String, query: String?, host: String?, publicURL: PublicURL?) -> String {
        let base = publicURL?.base ?? "http://\(host ?? "localhost")"
        return base + path + (query.map { "?" + $0 } ?? "")
    }
}
