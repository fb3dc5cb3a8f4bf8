import Crypto
import Foundation
import ProviderKit

/// Deliveries for `gateway provider-test`, in the shape shared/providers/sendgrid/README.md documents, signed at the
/// harness's run (their timestamps must be recent) with a key made for the vectors alone. The key is fixed: its
/// public half is the manifest's example, and a manifest must not change from one process to the next.
enum SendGridWebhookVectors {
    // SHA-256 of a fixed text is a valid P-256 scalar (the harness signs with it in every `make test`).
    private static let key = try! P256.Signing.PrivateKey(rawRepresentation: SHA256.hash(data: Data("gateway sendgrid webhook vectors".utf8)))
    static let publicKey = key.publicKey.derRepresentation.base64EncodedString()

    static var set: WebhookVectorSet {
        let now = Int64(exactly: Date().timeIntervalSince1970.rounded(.down)) ?? 0
        let events = #"[{"email":"ana@example.com","timestamp":\#(now),"event":"delivered","sg_event_id":"ZGVsaXZlcmVk","#
            + #""sg_message_id":"W2kn5X0sQ3Gu2Kk7mdgX7Q.filterdrecv-5645d9c87f-78xqz-1-5F2B.0","gateway_message_id":"01a24ef2-0000-7000-8000-000000000001"},"#
            + #"{"email":"ana@example.com","timestamp":\#(now),"event":"processed","sg_message_id":"W2kn5X0sQ3Gu2Kk7mdgX7Q.filter.0"}]"#
        return WebhookVectorSet(
            config: ["api_key": .string("SG.vector"), "from_email": .string("agent@example.com"), "event_webhook_public_key": .string(publicKey)],
            vectors: [
                vector("delivered receipt (processed says nothing new)", events, timestamp: now, events: 1),
                vector("signed by another key", events, timestamp: now, key: P256.Signing.PrivateKey(), expect: .auth),
                vector("timestamp ten minutes old (a replay)", events, timestamp: now - 600, expect: .auth),
                WebhookVector(name: "no signature", headers: ["content-type": "application/json"], body: events, expect: .auth),
            ]
        )
    }

    private static func vector(
        _ name: String, _ body: String, timestamp: Int64, key signer: P256.Signing.PrivateKey = key, expect: WebhookVector.Expectation = .ok,
        events: Int = 0
    ) -> WebhookVector {
        let signature = (try? signer.signature(for: Data("\(timestamp)".utf8) + Data(body.utf8)))?.derRepresentation.base64EncodedString() ?? ""
        return WebhookVector(
            name: name,
            headers: [
                "content-type": "application/json", SendGridEventWebhook.signatureHeader: signature, SendGridEventWebhook.timestampHeader: "\(timestamp)",
            ],
            body: body, expect: expect, events: events)
    }
}
