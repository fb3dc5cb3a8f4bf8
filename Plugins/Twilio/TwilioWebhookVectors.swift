import ProviderKit

/// Deliveries for `gateway provider-test`, with the parameters shared/providers/twilio/ documents, signed as Twilio
/// signs them over the URL the host names in `:url`.
enum TwilioWebhookVectors {
    static let token = "vector-auth-token"
    static let url = "https://gateway.example.com/webhooks/twilio/vector"

    static let set = WebhookVectorSet(
        config: ["account_sid": .string("AC" + String(repeating: "0", count: 32)), "auth_token": .string(token), "from": .string("+14155550100")],
        vectors: [
            vector("received SMS", inbound, token: token, events: 1),
            vector("delivery receipt", receipt, token: token, events: 1),
            vector("signed with another token", inbound, token: "vector-auth-tokem", expect: .auth),
            vector("signed for another URL", inbound, token: token, url: url + "/other", expect: .auth),
            WebhookVector(
                name: "no signature", headers: ["content-type": "application/x-www-form-urlencoded", ":url": url], body: FormEncoding.encode(inbound),
                expect: .auth),
        ]
    )

    static let inbound = [
        ("MessageSid", "SM0123456789abcdef0123456789abcdef"), ("AccountSid", "AC" + String(repeating: "0", count: 32)), ("From", "+5534982178080"),
        ("To", "+14155550100"), ("Body", "Olá, quero saber do pedido"), ("NumMedia", "0"),
    ]
    static let receipt = [
        ("MessageSid", "SM0123456789abcdef0123456789abcdef"), ("AccountSid", "AC" + String(repeating: "0", count: 32)), ("MessageStatus", "delivered"),
    ]

    private static func vector(
        _ name: String, _ fields: [(String, String)], token: String, url signedURL: String = url, expect: WebhookVector.Expectation = .ok, events: Int = 0
    ) -> WebhookVector {
        let signature = TwilioWebhook.signature(url: signedURL, fields.map { (name: $0.0, value: $0.1) }, token: token)
        return WebhookVector(
            name: name, headers: ["content-type": "application/x-www-form-urlencoded", ":url": url, "x-twilio-signature": signature],
            body: FormEncoding.encode(fields), expect: expect, events: events)
    }
}
