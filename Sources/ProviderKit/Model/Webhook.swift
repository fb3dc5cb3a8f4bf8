public import Foundation

/// One webhook delivery as the host received it.
public struct WebhookRequest: Sendable {
    public let method: String
    /// Below the integration's webhook URL, with the query string.
    public let path: String
    /// Lower-case header names.
    public let headers: [String: String]
    /// The raw body bytes.
    public let body: Data

    /// The full URL the sender called, as the gateway's public URL names it (`GATEWAY_PUBLIC_URL`, else the request's
    /// host): what a provider that signs the URL it calls (Twilio) signed. The host puts it in the `:url` pseudo-header.
    public var url: String? { headers[":url"] }
}

/// What the host answers the webhook's sender, and the events the delivery carried.
public struct WebhookResult: Sendable, Encodable {
    public struct Response: Sendable, Encodable {
        public var status: Int
        public var headers: [String: String]
        public var body: String

        public init(status: Int = 200, headers: [String: String] = [:], body: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public var response: Response
    public var events: [ProviderEvent]

    public init(response: Response = Response(), events: [ProviderEvent]) {
        self.response = response
        self.events = events
    }
}
