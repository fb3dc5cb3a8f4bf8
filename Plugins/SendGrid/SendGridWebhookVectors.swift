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
    static let inboundSecret = "vector-inbound-secret"

    static var set: WebhookVectorSet {
        let now = Int64(exactly: Date().timeIntervalSince1970.rounded(.down)) ?? 0
        let events = #"[{"email":"ana@example.com","timestamp":\#(now),"event":"delivered","sg_event_id":"ZGVsaXZlcmVk","#
            + #""sg_message_id":"W2kn5X0sQ3Gu2Kk7mdgX7Q.filterdrecv-5645d9c87f-78xqz-1-5F2B.0","gateway_message_id":"01a24ef2-0000-7000-8000-000000000001"},"#
            + #"{"email":"ana@example.com","timestamp":\#(now),"event":"processed","sg_message_id":"W2kn5X0sQ3Gu2Kk7mdgX7Q.filter.0"}]"#
        return WebhookVectorSet(
            config: [
                "api_key": .string("SG.vector"), "from_email": .string("agent@example.com"), "event_webhook_public_key": .string(publicKey),
                "inbound_secret": .string(inboundSecret),
            ],
            vectors: [
                vector("delivered receipt (processed says nothing new)", events, timestamp: now, events: 1),
                vector("signed by another key", events, timestamp: now, key: P256.Signing.PrivateKey(), expect: .auth),
                vector("timestamp ten minutes old (a replay)", events, timestamp: now - 600, expect: .auth),
                WebhookVector(name: "no signature", headers: ["content-type": "application/json"], body: events, expect: .auth),
                WebhookVector(name: "inbound email", path: "/\(inboundSecret)", headers: inboundHeaders, body: inboundEmail, expect: .ok, events: 1),
                WebhookVector(name: "inbound email, wrong secret", path: "/vector-inbound-secreT", headers: inboundHeaders, body: inboundEmail, expect: .auth),
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

    static let boundary = "xYzZY"
    static let inboundHeaders = ["content-type": "multipart/form-data; boundary=\(boundary)"]

    /// An email as Inbound Parse posts it (its fields; no attachment).
    static var inboundEmail: String {
        let fields = [
            ("headers", "Message-ID: <CAF=abc123@mail.example.com>\r\nSubject: Pedido 123\r\nFrom: Ana Souza <ana@example.com>"),
            ("from", "Ana Souza <ana@example.com>"), ("to", "atendimento@loja.example"), ("subject", "Pedido 123"),
            ("text", "Quando chega meu pedido?"), ("envelope", #"{"to":["atendimento@loja.example"],"from":"ana@example.com"}"#),
            ("charsets", #"{"to":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"UTF-8"}"#), ("SPF", "pass"),
        ]
        return fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--\(boundary)--\r\n"
    }
}
