import Foundation

/// Finding the integration a webhook delivery is for, before its client is known (operator scope): by id (the
/// generic route's URL names it) or by the blind index of the token the delivery carries (`POST /webhooks/uazapi`).
extension SQLStore: WebhookRouteStore {
    package func integration(provider: String, routeIndexes: [String]) async throws -> IntegrationRecord? {
        guard !routeIndexes.isEmpty else { return nil }
        let placeholders = routeIndexes.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        return try await database.transaction(.system) { connection in
            try connection.query(
                "SELECT \(Self.integrationColumns) FROM integrations WHERE provider = $1 AND route_index IN (\(placeholders)) LIMIT 1",
                [.text(provider)] + routeIndexes.map(SQLValue.text)
            ).first.map(Self.integration)
        }
    }

    package func integration(webhookID id: String) async throws -> IntegrationRecord? {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT \(Self.integrationColumns) FROM integrations WHERE id = $1", .text(id)).first.map(Self.integration)
        }
    }
}
