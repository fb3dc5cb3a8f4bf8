import Foundation
public import ProviderKit

/// Email through the SendGrid v3 API (spec excerpt: shared/providers/sendgrid/mail_send-paths.json).
final class SendGridProvider: Provider {
    static let manifest = ProviderManifest(
        id: "sendgrid",
        name: "SendGrid (email)",
        version: "1.0.0",
        kind: "email",
        ops: ["test", "send"],
        config: [
            ConfigField("api_key", .string, required: true, secret: true, description: "SendGrid API key with the mail.send scope", example: .string("SG.example-key")),
            ConfigField("from_email", .string, required: true, description: "verified sender address", example: .string("agent@example.com")),
            ConfigField("from_name", .string, description: "sender display name", example: .string("Example Agent")),
            ConfigField("base_url", .string, destination: true, description: "API base URL (default https://api.sendgrid.com)", example: .string("https://api.sendgrid.com")),
            ConfigField("sandbox_mode", .boolean, description: "validate without delivering", example: .bool(false)),
            ConfigField(
                "event_webhook_public_key", .string,
                description: "the Signed Event Webhook's verification key (base64 DER, from SendGrid's Mail Settings): receipts at /webhooks/sendgrid/{integration_id}",
                example: .string(SendGridWebhookVectors.publicKey)),
            ConfigField(
                "inbound_secret", .string, secret: true,
                description: "at least 16 characters: Inbound Parse posts emails to /webhooks/sendgrid/{integration_id}/{inbound_secret}",
                example: .string(SendGridWebhookVectors.inboundSecret)),
        ],
        webhook: true,
        threadSafe: true
    )

    static let webhookVectors: WebhookVectorSet? = SendGridWebhookVectors.set

    private let apiKey: String
    private let from: SendGridMail.Address
    private let baseURL: String
    private let sandbox: Bool
    private let events: SendGridEventWebhook
    private let inbound: SendGridInboundParse
    private let http = HTTPClient()

    init(config: ProviderConfig) throws(ProviderError) {
        apiKey = try config.requiredString("api_key")
        from = SendGridMail.Address(email: try EmailAddress.validated(config.requiredString("from_email"), field: "from_email"), name: config.string("from_name"))
        baseURL = try config.baseURL("base_url", fallback: "https://api.sendgrid.com")
        sandbox = config.bool("sandbox_mode") ?? false
        events = try SendGridEventWebhook(publicKey: config.string("event_webhook_public_key"))
        let secret = config.string("inbound_secret").flatMap { $0.isEmpty ? nil : $0 }
        guard (secret?.count ?? 16) >= 16 else { throw .invalid("inbound_secret must be at least 16 characters", field: "inbound_secret") }
        inbound = SendGridInboundParse(secret: secret)
    }

    /// Inbound Parse posts emails as multipart/form-data; the Event Webhook posts signed JSON.
    func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult {
        request.headers["content-type"]?.lowercased().hasPrefix("multipart/form-data") == true ? try inbound.handle(request) : try events.handle(request)
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test": return try testKey(call.context)
        default: return try send(call.decode(SendGridMail.Input.self), context: call.context)
        }
    }

    /// `GET /v3/scopes`: the key works and may send mail.
    private func testKey(_ context: CallContext) throws(ProviderError) -> [String: String] {
        let response = try http.send(request("GET", "/v3/scopes"), context: context)
        try SendGridResponse.check(response)
        let scopes = (try? JSONDecoder().decode([String: [String]].self, from: response.body))?["scopes"] ?? []
        guard scopes.contains("mail.send") else {
            throw ProviderError(.permanent, "the API key works but lacks the mail.send scope: grant it in SendGrid")
        }
        return ["message": "API key can send mail (\(scopes.count) scopes)"]
    }

    /// `POST /v3/mail/send`; 202 carries the message id in `X-Message-Id`.
    private func send(_ input: SendGridMail.Input, context: CallContext) throws(ProviderError) -> [String: String] {
        let body = try SendGridMail.body(input, from: from, sandbox: sandbox)
        let response = try http.send(request("POST", "/v3/mail/send", body: body), context: context)
        try SendGridResponse.check(response)
        return ["provider_message_id": response.header("x-message-id") ?? ""]
    }

    private func request(_ method: String, _ path: String, body: Data? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer \(apiKey)"), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body)
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(SendGridProvider.self, host) }
