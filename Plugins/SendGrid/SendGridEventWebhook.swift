import Crypto
import Foundation
import ProviderKit

/// Authenticates and parses SendGrid's signed Event Webhook (shared/providers/sendgrid/README.md): the
/// `X-Twilio-Email-Event-Webhook-Signature` header is a base64 DER ECDSA P-256 / SHA-256 signature of the
/// `X-Twilio-Email-Event-Webhook-Timestamp` header followed by the raw body, checked with the key SendGrid shows in
/// its settings. A delivery signed more than five minutes from now either way is refused: a replay of an old one.
struct SendGridEventWebhook: Sendable {
    static let signatureHeader = "x-twilio-email-event-webhook-signature"
    static let timestampHeader = "x-twilio-email-event-webhook-timestamp"
    /// How far a delivery's timestamp may be from now.
    static let window: Int64 = 300

    let publicKey: P256.Signing.PublicKey?

    init(publicKey base64: String?) throws(ProviderError) {
        guard let base64, !base64.isEmpty else {
            publicKey = nil
            return
        }
        guard let der = Data(base64Encoded: base64), let key = try? P256.Signing.PublicKey(derRepresentation: der) else {
            throw .invalid("event_webhook_public_key must be the base64 DER P-256 key SendGrid shows", field: "event_webhook_public_key")
        }
        publicKey = key
    }

    func handle(_ request: WebhookRequest, now: Date = Date()) throws(ProviderError) -> WebhookResult {
        guard let publicKey else { throw ProviderError(.auth, "no event_webhook_public_key is configured: signed events cannot be checked") }
        guard let encoded = request.headers[Self.signatureHeader], let timestamp = request.headers[Self.timestampHeader],
            let der = Data(base64Encoded: encoded), let signature = try? P256.Signing.ECDSASignature(derRepresentation: der),
            publicKey.isValidSignature(signature, for: Data(timestamp.utf8) + request.body)
        else { throw ProviderError(.auth, "event webhook signature missing or wrong") }
        guard let seconds = Int64(timestamp), let current = Int64(exactly: now.timeIntervalSince1970.rounded(.down)),
            case let (difference, overflow) = seconds.subtractingReportingOverflow(current), !overflow, difference.magnitude <= Self.window
        else { throw ProviderError(.auth, "event webhook timestamp is more than 5 minutes from now: a stale or replayed delivery") }
        guard let body = try? JSONValue(json: request.body), let events = body.array else {
            throw ProviderError.invalid("event webhook body is not a JSON array", field: "body")
        }
        return WebhookResult(events: events.compactMap(Self.receipt))
    }

    /// A delivery status for a message the gateway sent, found by the `gateway_message_id` it carried (a custom arg)
    /// and by SendGrid's message id; events that say nothing about delivery give none.
    private static func receipt(_ event: JSONValue) -> ProviderEvent? {
        guard let status = deliveryStatus(event["event"]?.string) else { return nil }
        let messageID = event["gateway_message_id"]?.string
        // `sg_message_id` is the send's `X-Message-Id` followed by `.filter...`.
        let providerID = event["sg_message_id"]?.string?.split(separator: ".").first.map(String.init)
        guard messageID != nil || providerID != nil else { return nil }
        var receipt = ProviderEvent(type: .messageStatus)
        receipt.messageId = messageID
        receipt.providerMessageId = providerID
        receipt.status = status
        if let seconds = event["timestamp"]?.int64 {
            let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            receipt.timestamp = overflow ? nil : ProviderEvent.timestamp(milliseconds: milliseconds)
        }
        return receipt
    }

    /// `delivered`; `open` and `click` mean read; `bounce` and `dropped` failed. `processed` and `deferred` are not news.
    private static func deliveryStatus(_ raw: String?) -> String? {
        switch raw {
        case "delivered": "delivered"
        case "open", "click": "read"
        case "bounce", "dropped": "failed"
        default: nil
        }
    }
}
