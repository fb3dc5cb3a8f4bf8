import ProviderKit

/// Deliveries for `gateway provider-test`, in the envelope shared/providers/evolution/README.md documents.
enum EvolutionWebhookVectors {
    static let secret = "vector-webhook-secret"

    static let set = WebhookVectorSet(
        config: [
            "api_url": .string("https://evolution.example.com"), "api_key": .string("vector-key"), "instance": .string("loja"),
            "webhook_secret": .string(secret),
        ],
        vectors: [
            WebhookVector(name: "received text message", headers: headers(secret), body: upsert(instance: "loja", fromMe: false), expect: .ok, events: 1),
            WebhookVector(name: "own message (no reply loop)", headers: headers(secret), body: upsert(instance: "loja", fromMe: true), expect: .ok, events: 0),
            WebhookVector(name: "delivery receipt", headers: headers(secret), body: receipt, expect: .ok, events: 1),
            WebhookVector(name: "wrong webhook secret", headers: headers("vector-webhook-secreT"), body: upsert(instance: "loja", fromMe: false), expect: .auth),
            WebhookVector(name: "no webhook secret", headers: ["content-type": "application/json"], body: upsert(instance: "loja", fromMe: false), expect: .auth),
            WebhookVector(name: "another instance", headers: headers(secret), body: upsert(instance: "outra", fromMe: false), expect: .auth),
        ]
    )

    private static func headers(_ secret: String) -> [String: String] {
        ["content-type": "application/json", EvolutionProvider.secretHeader: secret]
    }

    static func upsert(instance: String, fromMe: Bool) -> String {
        #"{"event":"messages.upsert","instance":"\#(instance)","data":{"key":{"remoteJid":"553498217808@s.whatsapp.net","fromMe":\#(fromMe),"#
            + #""id":"3EB0C767D26A1D8E6E1F"},"pushName":"Rafael","message":{"conversation":"olá?"},"messageType":"conversation","#
            + #""messageTimestamp":1786470633,"owner":"\#(instance)","source":"android"},"destination":"https://gateway.example.com/webhooks/evolution","#
            + #""date_time":"2026-08-11T12:30:33.000Z","sender":"553499754953@s.whatsapp.net","server_url":"https://evolution.example.com","apikey":null}"#
    }

    static let receipt =
        #"{"event":"messages.update","instance":"loja","data":{"keyId":"BAE5FA1CB273B533","remoteJid":"553498217808@s.whatsapp.net","#
        + #""fromMe":true,"status":"DELIVERY_ACK","instanceId":"af6c5b7c-ee27-4f94-9ea8-192393746ddd"},"destination":"https://gateway.example.com/webhooks/evolution","#
        + #""date_time":"2026-08-11T12:30:35.000Z","sender":"553499754953@s.whatsapp.net","server_url":"https://evolution.example.com","apikey":null}"#
}
