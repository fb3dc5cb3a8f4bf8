/// A client's request limits, set by an admin (`PUT /api/clients/{id}/limits`); an unset limit is the default.
package struct ClientLimits: Codable, Sendable, Equatable {
    /// Webhook deliveries a minute for the client's integrations (default 1,000, the seed's figure).
    package var webhooks_per_minute: Int?
    /// Authenticated API calls a minute, for the client and for each of its API keys (default 600).
    package var api_per_minute: Int?
    /// Messages queued through the send routes and tools a minute (default 6,000).
    package var sends_per_minute: Int?
    /// Events written a minute: those the client's webhook deliveries carry and those it reports (default 60,000).
    package var events_per_minute: Int?

    package static let defaultWebhooksPerMinute = 1_000
    package static let defaultAPIPerMinute = 600
    package static let defaultSendsPerMinute = 6_000
    package static let defaultEventsPerMinute = 60_000
    /// Deliveries a minute from one source address that name no integration or fail authentication (scanning for
    /// tokens or ids, forging).
    package static let unauthenticatedWebhooksPerAddress = 60
    /// Console sign-in attempts a minute from one address (guessing keys).
    package static let signInsPerAddress = 10
    /// The largest limit an admin may set.
    static let maximum = 1_000_000

    package init(webhooks_per_minute: Int? = nil, api_per_minute: Int? = nil, sends_per_minute: Int? = nil, events_per_minute: Int? = nil) {
        self.webhooks_per_minute = webhooks_per_minute
        self.api_per_minute = api_per_minute
        self.sends_per_minute = sends_per_minute
        self.events_per_minute = events_per_minute
    }

    var webhooksPerMinute: Int { webhooks_per_minute ?? Self.defaultWebhooksPerMinute }
    var apiPerMinute: Int { api_per_minute ?? Self.defaultAPIPerMinute }
    var sendsPerMinute: Int { sends_per_minute ?? Self.defaultSendsPerMinute }
    var eventsPerMinute: Int { events_per_minute ?? Self.defaultEventsPerMinute }

    /// Every limit with its default filled in.
    var effective: ClientLimits {
        ClientLimits(
            webhooks_per_minute: webhooksPerMinute, api_per_minute: apiPerMinute, sends_per_minute: sendsPerMinute, events_per_minute: eventsPerMinute)
    }

    /// The limits given, each from 1 to `maximum`; the first one outside names its field.
    var outOfRange: String? {
        [
            ("webhooks_per_minute", webhooks_per_minute), ("api_per_minute", api_per_minute), ("sends_per_minute", sends_per_minute),
            ("events_per_minute", events_per_minute),
        ]
            .first { $0.1.map { !(1...Self.maximum).contains($0) } ?? false }?.0
    }
}
