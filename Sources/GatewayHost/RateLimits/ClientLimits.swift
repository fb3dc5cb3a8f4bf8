/// A client's request limits, set by an admin (`PUT /api/clients/{id}/limits`); an unset limit is the default.
package struct ClientLimits: Codable, Sendable, Equatable {
    /// Webhook deliveries a minute for the client's integrations (default 1,000, the seed's figure).
    package var webhooks_per_minute: Int?

    package static let defaultWebhooksPerMinute = 1_000
    /// Deliveries a minute from one source address that name no integration or fail authentication (scanning for
    /// tokens or ids, forging).
    package static let unauthenticatedWebhooksPerAddress = 60

    package init(webhooks_per_minute: Int? = nil) {
        self.webhooks_per_minute = webhooks_per_minute
    }

    var webhooksPerMinute: Int { webhooks_per_minute ?? Self.defaultWebhooksPerMinute }
}
