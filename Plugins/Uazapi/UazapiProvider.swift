import Foundation
public import ProviderKit

/// WhatsApp through uazapiGO v2 (spec: shared/providers/uazapi/openapi.yaml). Every request carries the instance
/// token in the `token` header.
final class UazapiProvider: Provider {
    static let manifest = ProviderManifest(
        id: "uazapi",
        name: "Uazapi (WhatsApp)",
        version: "1.0.0",
        kind: "whatsapp",
        ops: ["test", "send", "send_media", "find_sent"],
        config: [
            ConfigField("api_url", .string, required: true, destination: true, description: "uazapiGO server URL, e.g. https://free.uazapi.com", example: .string("https://free.uazapi.com")),
            ConfigField("api_token", .string, required: true, secret: true, description: "the instance token", example: .string("example-instance-token")),
            ConfigField("phone_number", .string, required: true, description: "the instance's WhatsApp number", example: .string("5511999990000")),
            ConfigField("default_country_code", .string, description: "added to national numbers (default 55)", example: .string("55")),
            ConfigField("webhook_secret", .string, secret: true, description: "when set, webhooks must carry it (X-Gateway-Webhook-Secret header or URL path)", example: .string("example-webhook-secret")),
        ],
        webhook: true,
        threadSafe: true,
        // `POST /webhooks/uazapi`: every instance posts there, with its token in the body.
        webhookRoute: .bodyField("token", configField: "api_token")
    )

    static let webhookVectors: WebhookVectorSet? = UazapiWebhookVectors.set

    let apiURL: String
    let token: String
    let countryCode: String
    let webhook: UazapiWebhook
    private let http = HTTPClient()

    init(config: ProviderConfig) throws(ProviderError) {
        apiURL = try config.baseURL("api_url")
        token = try config.requiredString("api_token")
        countryCode = try WhatsAppNumber.countryCode(config.string("default_country_code"), field: "default_country_code")
        _ = try WhatsAppNumber.normalise(config.requiredString("phone_number"), defaultCountryCode: countryCode, field: "phone_number")
        let secret = config.string("webhook_secret")
        webhook = UazapiWebhook(apiToken: token, webhookSecret: secret?.isEmpty == true ? nil : secret)
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test": return try testConnection(call.context)
        case "send": return try send(call.decode(TextSend.self), context: call.context)
        case "find_sent": return try findSent(call.decode(Tracked.self), context: call.context)
        default: return try sendMedia(call.decode(MediaSend.self), context: call.context)
        }
    }

    func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult {
        try webhook.handle(request)
    }

    /// `GET /instance/status`: connected -> OK with the instance's phone; anything else is PERMANENT.
    private func testConnection(_ context: CallContext) throws(ProviderError) -> [String: String] {
        let response = try http.send(request("GET", "/instance/status"), context: context)
        try UazapiResponse.check(response)
        let body = try? JSONValue(json: response.body)
        let state = body?["instance"]?["status"]?.string ?? "unknown"
        guard body?["status"]?["connected"]?.bool == true || state == "connected" else {
            throw ProviderError(.permanent, "the WhatsApp instance is \(state): connect it (scan the QR code) in uazapi")
        }
        let phone = body?["status"]?["jid"]?["user"]?.string ?? WhatsAppNumber.phone(fromJID: body?["instance"]?["owner"]?.string) ?? ""
        return ["message": "connected as \(phone)", "phone": phone]
    }

    /// A message the gateway sent, by the id it tagged it with.
    private struct Tracked: Decodable {
        let messageID: String

        enum CodingKeys: String, CodingKey {
            case messageID = "message_id"
        }
    }

    /// `POST /send/text {number, text}`.
    private func send(_ message: TextSend, context: CallContext) throws(ProviderError) -> SendResult {
        guard !message.text.isEmpty else { throw .invalid("text must not be empty", field: "text") }
        let number = try WhatsAppNumber.normalise(message.to, defaultCountryCode: countryCode, field: "to")
        return try post("/send/text", ["number": .string(number), "text": .string(message.text)], tracking: message.messageID, context: context)
    }

    /// `POST /send/media {number, type, file, text}`.
    private func sendMedia(_ message: MediaSend, context: CallContext) throws(ProviderError) -> SendResult {
        try message.check(mediaTypes: ["image", "video", "document", "audio", "myaudio", "ptt", "ptv", "sticker"])
        var body: [String: JSONValue] = [
            "number": .string(try WhatsAppNumber.normalise(message.to, defaultCountryCode: countryCode, field: "to")),
            "type": .string(message.mediaType),
            "file": .string(message.mediaUrl),
        ]
        if let caption = message.caption { body["text"] = .string(caption) }
        if let fileName = message.fileName { body["docName"] = .string(fileName) }
        return try post("/send/media", body, tracking: message.messageID, context: context)
    }

    /// The two ids of the spec's Message schema: `messageid` is WhatsApp's (what status webhooks name), `id`
    /// uazapi's internal one. Decoded alone, not as a whole JSON tree: this is every send's hot path.
    private struct SentMessage: Decodable {
        let messageid: String?
        let id: String?
    }

    /// Sends tag the message with the gateway's id (`track_source` / `track_id`), so `find_sent` can find it.
    static let trackSource = "gateway"

    /// `POST /message/find {track_source, track_id}`: whether uazapi has a message the gateway tagged with this id.
    private func findSent(_ tracked: Tracked, context: CallContext) throws(ProviderError) -> FindResult {
        let body: [String: JSONValue] = ["track_source": .string(Self.trackSource), "track_id": .string(tracked.messageID), "limit": .integer(1)]
        let response = try http.send(request("POST", "/message/find", body: (try? JSONEncoder().encode(body)) ?? Data()), context: context)
        try UazapiResponse.check(response)
        let first = (try? JSONValue(json: response.body))?["messages"]?.array?.first
        return FindResult(found: first != nil, providerMessageId: first?["messageid"]?.string)
    }

    struct FindResult: Encodable {
        let found: Bool
        let providerMessageId: String?

        enum CodingKeys: String, CodingKey {
            case found
            case providerMessageId = "provider_message_id"
        }
    }

    private func post(_ path: String, _ body: [String: JSONValue], tracking messageID: String?, context: CallContext) throws(ProviderError) -> SendResult {
        var body = body
        if let messageID {
            body["track_source"] = .string(Self.trackSource)
            body["track_id"] = .string(messageID)
        }
        let json = (try? JSONEncoder().encode(body)) ?? Data()
        let response = try http.send(request("POST", path, body: json), context: context)
        try UazapiResponse.check(response)
        let answer = try? JSONDecoder().decode(SentMessage.self, from: response.body)
        return SendResult(providerMessageId: answer?.messageid ?? answer?.id)
    }

    private func request(_ method: String, _ path: String, body: Data? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("token", token), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return HTTPRequest(method: method, url: apiURL + path, headers: headers, body: body)
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(UazapiProvider.self, host) }
