import Foundation
import ProviderKit

/// Authenticates and parses Evolution API deliveries. They are not signed: authenticity is the integration's webhook
/// secret, which the instance's webhook sends in the `X-Gateway-Webhook-Secret` header (or which a manual set-up puts
/// in the URL path of `/webhooks/evolution/{integration_id}/{secret}`), compared in constant time. A delivery must
/// also name this integration's instance.
struct EvolutionWebhook: Sendable {
    let secret: String
    let instance: String

    func handle(_ request: WebhookRequest) throws(ProviderError) -> WebhookResult {
        try authenticate(request)
        guard let body = try? JSONValue(json: request.body), case .object = body else {
            throw ProviderError.invalid("webhook body is not a JSON object", field: "body")
        }
        guard body["instance"]?.string == instance else {
            throw ProviderError(.auth, "the delivery is for another instance than this integration's")
        }
        return WebhookResult(events: EvolutionEvents.parse(body))
    }

    private func authenticate(_ request: WebhookRequest) throws(ProviderError) {
        let header = request.headers[EvolutionProvider.secretHeader].map { constantTimeEquals($0, secret) } ?? false
        let path = request.path.split(separator: "?").first?.split(separator: "/").contains { constantTimeEquals(String($0), secret) } ?? false
        guard header || path else { throw ProviderError(.auth, "webhook secret missing or wrong") }
    }
}
