import Foundation
public import ProviderKit

/// WhatsApp through Evolution API v2 (facts: shared/providers/evolution/README.md). Every request carries the key in
/// the `apikey` header and names the instance in its path. Deliveries come to `POST /webhooks/evolution` with the
/// integration's webhook secret in a header the instance's webhook sends verbatim (Evolution signs nothing).
final class EvolutionProvider: Provider {
    static let secretHeader = "x-gateway-webhook-secret"

    static let manifest = ProviderManifest(
        id: "evolution",
        name: "Evolution API (WhatsApp)",
        version: "1.0.0",
        kind: "whatsapp",
        ops: ["test", "send", "send_media", "register_webhook"],
        config: [
            ConfigField("api_url", .string, required: true, destination: true, description: "Evolution API server URL", example: .string("https://evolution.example.com")),
            ConfigField("api_key", .string, required: true, secret: true, description: "the server's global key or the instance's token (apikey header)", example: .string("example-api-key")),
            ConfigField("instance", .string, required: true, description: "the instance's name", example: .string("loja")),
            ConfigField("default_country_code", .string, description: "added to national numbers (default 55)", example: .string("55")),
            ConfigField(
                "webhook_secret", .string, secret: true, generated: true,
                description: "deliveries must carry it in the X-Gateway-Webhook-Secret header; generated when left out", example: .string("example-webhook-secret")),
            ConfigField("register_webhook", .boolean, description: "at configure, set the instance's webhook to webhook_url with the secret", example: .bool(false)),
            ConfigField(
                "webhook_url", .string, destination: true, description: "the gateway's public POST /webhooks/evolution URL (needed by register_webhook)",
                example: .string("https://gateway.example.com/webhooks/evolution")),
        ],
        webhook: true,
        threadSafe: true,
        webhookRoute: .header(secretHeader, configField: "webhook_secret")
    )

    static let webhookVectors: WebhookVectorSet? = EvolutionWebhookVectors.set

    let apiURL: String
    let apiKey: String
    let instance: String
    let countryCode: String
    let webhook: EvolutionWebhook
    /// Where `register_webhook` points the instance's deliveries; nil when it is not asked to.
    let registration: String?
    private let http = HTTPClient()

    init(config: ProviderConfig) throws(ProviderError) {
        apiURL = try config.baseURL("api_url")
        apiKey = try config.requiredString("api_key")
        instance = try config.requiredString("instance")
        countryCode = try WhatsAppNumber.countryCode(config.string("default_country_code"), field: "default_country_code")
        let secret = try config.requiredString("webhook_secret")
        // It is the deliveries' only credential, and it routes them: one a person chose must not be guessable.
        guard secret.count >= 16 else { throw .invalid("webhook_secret must be at least 16 characters", field: "webhook_secret") }
        webhook = EvolutionWebhook(secret: secret, instance: instance)
        registration = config.bool("register_webhook") == true ? try config.baseURL("webhook_url") : nil
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test": return try testConnection(call.context)
        case "send": return try send(call.decode(TextSend.self), context: call.context)
        case "register_webhook": return try registerWebhook(call.context)
        default: return try sendMedia(call.decode(MediaSend.self), context: call.context)
        }
    }

    func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult {
        try webhook.handle(request)
    }

    /// `GET /instance/connectionState/{instance}`: `open` -> OK; anything else is PERMANENT.
    private func testConnection(_ context: CallContext) throws(ProviderError) -> [String: String] {
        let response = try http.send(request("GET", "/instance/connectionState/"), context: context)
        try EvolutionResponse.check(response)
        let state = (try? JSONValue(json: response.body))?["instance"]?["state"]?.string ?? "unknown"
        guard state == "open" else {
            throw ProviderError(.permanent, "the WhatsApp instance is \(state): connect it (scan the QR code) in Evolution API")
        }
        return ["message": "instance \(instance) is connected", "state": state]
    }

    /// `POST /webhook/set/{instance}`: deliveries of received messages, receipts and connection changes to
    /// `webhook_url`, each with the webhook secret in a header.
    private func registerWebhook(_ context: CallContext) throws(ProviderError) -> [String: Bool] {
        guard let url = registration else { return ["registered": false] }
        let settings: [String: JSONValue] = [
            "enabled": .bool(true), "url": .string(url), "headers": .object([Self.secretHeader: .string(webhook.secret)]),
            "byEvents": .bool(false), "base64": .bool(false),
            "events": .array(["MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE"].map(JSONValue.string)),
        ]
        let body = JSONValue.object(["webhook": .object(settings)])
        let response = try http.send(request("POST", "/webhook/set/", body: body), context: context)
        try EvolutionResponse.check(response, field: "webhook_url")
        return ["registered": true]
    }

    /// `POST /message/sendText/{instance} {number, text}`.
    private func send(_ message: TextSend, context: CallContext) throws(ProviderError) -> SendResult {
        guard !message.text.isEmpty else { throw .invalid("text must not be empty", field: "text") }
        let number = try WhatsAppNumber.normalise(message.to, defaultCountryCode: countryCode, field: "to")
        return try post("/message/sendText/", ["number": .string(number), "text": .string(message.text)], context: context)
    }

    /// `POST /message/sendMedia/{instance} {number, mediatype, media, caption?, fileName?}`.
    private func sendMedia(_ message: MediaSend, context: CallContext) throws(ProviderError) -> SendResult {
        try message.check(mediaTypes: ["image", "video", "audio", "document"])
        var body: [String: JSONValue] = [
            "number": .string(try WhatsAppNumber.normalise(message.to, defaultCountryCode: countryCode, field: "to")),
            "mediatype": .string(message.mediaType),
            "media": .string(message.mediaUrl),
        ]
        if let caption = message.caption { body["caption"] = .string(caption) }
        if let fileName = message.fileName { body["fileName"] = .string(fileName) }
        return try post("/message/sendMedia/", body, context: context)
    }

    /// The created message's key: its `id` is the one receipts (`messages.update`) name.
    private struct SentMessage: Decodable {
        struct Key: Decodable {
            let id: String?
        }
        let key: Key?
    }

    private func post(_ path: String, _ body: [String: JSONValue], context: CallContext) throws(ProviderError) -> SendResult {
        let response = try http.send(request("POST", path, body: .object(body)), context: context)
        try EvolutionResponse.check(response)
        return SendResult(providerMessageId: (try? JSONDecoder().decode(SentMessage.self, from: response.body))?.key?.id)
    }

    /// A request to `path` followed by the instance's name (Evolution's routes end with it).
    private func request(_ method: String, _ path: String, body: JSONValue? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("apikey", apiKey), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let name = instance.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? instance
        return HTTPRequest(method: method, url: apiURL + path + name, headers: headers, body: body.flatMap { try? JSONEncoder().encode($0) })
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(EvolutionProvider.self, host) }
