import Foundation
import ProviderKit

/// Authenticates and parses uazapiGO webhook deliveries. They are not signed, so authenticity is a shared secret:
/// the instance `token` in the body (compared in constant time) and, when `webhook_secret` is configured, that secret
/// in the `X-Gateway-Webhook-Secret` header or as a segment of the URL path. A delivery without a body token (the
/// `{event, instance, data}` shape) is accepted only through the webhook secret.
struct UazapiWebhook: Sendable {
    let apiToken: String
    let webhookSecret: String?

    func handle(_ request: WebhookRequest) throws(ProviderError) -> WebhookResult {
        guard let body = try? JSONValue(json: request.body), case .object = body else {
            throw ProviderError.invalid("webhook body is not a JSON object", field: "body")
        }
        try authenticate(request, body: body)
        return WebhookResult(events: UazapiEvents.parse(body))
    }

    private func authenticate(_ request: WebhookRequest, body: JSONValue) throws(ProviderError) {
        if let secret = webhookSecret {
            let header = request.headers["x-gateway-webhook-secret"].map { constantTimeEquals($0, secret) } ?? false
            let path = request.path.split(separator: "?").first?.split(separator: "/").contains { constantTimeEquals(String($0), secret) } ?? false
            guard header || path else { throw ProviderError(.auth, "webhook secret missing or wrong") }
        }
        if let token = body["token"]?.string {
            guard constantTimeEquals(token, apiToken) else { throw ProviderError(.auth, "webhook token does not match the instance token") }
        } else if webhookSecret == nil {
            throw ProviderError(.auth, "webhook carries no instance token; configure webhook_secret to accept this shape")
        }
    }
}
