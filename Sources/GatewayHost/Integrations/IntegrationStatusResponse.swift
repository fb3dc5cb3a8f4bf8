import Foundation

/// `GET /api/integrations/{type}/status`: the seed's figures beside the integration itself. `messages_sent_today`
/// counts from midnight in the client's time zone (its business hours' zone, else São Paulo's);
/// `rate_limit_remaining` is what the integration's pacing (`send_rate_per_minute`) leaves this minute, null when it
/// paces nothing.
struct IntegrationStatusResponse: Encodable, Sendable {
    var success = true
    let status: String
    let last_tested_at: JSONValue
    let phone_number: JSONValue
    let messages_sent_today: Int
    let rate_limit_remaining: JSONValue
    let integration: IntegrationView

    init(_ record: IntegrationRecord, vault: Vault, hours: any BusinessHoursStore, outbound: any OutboundStore, now: Date) async throws {
        var calendar = Calendar(identifier: .gregorian)
        let zone = try await hours.businessHours(clientID: record.clientID)?.timezone
        calendar.timeZone = zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: TriggerScheduler.defaultTimeZone) ?? .gmt
        messages_sent_today = try await outbound.sentCount(clientID: record.clientID, integrationID: record.id, since: calendar.startOfDay(for: now))
        if let rate = record.sendRatePerMinute {
            let lastMinute = try await outbound.sentCount(clientID: record.clientID, integrationID: record.id, since: now.addingTimeInterval(-60))
            rate_limit_remaining = .integer(Int64(max(0, rate - lastMinute)))
        } else {
            rate_limit_remaining = .null
        }
        integration = IntegrationView(record, vault: vault)
        status = record.status
        last_tested_at = integration.last_tested_at.map(JSONValue.string) ?? .null
        phone_number = integration.config["phone_number"] ?? .null
    }
}
