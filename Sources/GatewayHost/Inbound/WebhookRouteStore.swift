/// Finds the integration a webhook delivery is for, before its client is known (operator scope).
package protocol WebhookRouteStore: Sendable {
    func integration(provider: String, routeIndexes: [String]) async throws -> IntegrationRecord?
    func integration(webhookID id: String) async throws -> IntegrationRecord?
}
