import Foundation
public import ProviderKit

/// SMS and WhatsApp through Twilio's Messages API (facts: shared/providers/twilio/). Requests are form-encoded with
/// HTTP basic auth; webhooks are form-encoded and signed (`X-Twilio-Signature`) over the URL Twilio called.
final class TwilioProvider: Provider {
    static let manifest = ProviderManifest(
        id: "twilio",
        name: "Twilio (SMS, WhatsApp)",
        version: "1.0.0",
        kind: "sms",
        ops: ["test", "send", "send_media"],
        config: [
            ConfigField("account_sid", .string, required: true, description: "the account's SID (AC...)", example: .string("AC00000000000000000000000000000000")),
            ConfigField("auth_token", .string, required: true, secret: true, description: "the account's auth token: signs requests and webhooks", example: .string("example-auth-token")),
            ConfigField("from", .string, description: "the sender: +E.164 for SMS, whatsapp:+E.164 for WhatsApp (or messaging_service_sid)", example: .string("+14155550100")),
            ConfigField("messaging_service_sid", .string, description: "a Messaging Service (MG...) to send from instead of from", example: .string("MG00000000000000000000000000000000")),
            ConfigField("api_url", .string, destination: true, description: "Twilio's API (default https://api.twilio.com)", example: .string("https://api.twilio.com")),
        ],
        webhook: true,
        threadSafe: true,
        alsoKinds: ["whatsapp"]
    )

    static let webhookVectors: WebhookVectorSet? = TwilioWebhookVectors.set

    let accountSID: String
    let authToken: String
    /// `From` or `MessagingServiceSid`, as the send form names it.
    let sender: (field: String, value: String)
    /// `whatsapp:` when the sender is a WhatsApp number: destinations take it too.
    let channelPrefix: String
    let messagesURL: String
    let webhook: TwilioWebhook
    private let http = HTTPClient()

    init(config: ProviderConfig) throws(ProviderError) {
        accountSID = try config.requiredString("account_sid")
        guard accountSID.hasPrefix("AC"), accountSID.count == 34, accountSID.dropFirst(2).allSatisfy(\.isHexDigit) else {
            throw .invalid("account_sid must be AC followed by 32 hexadecimal digits", field: "account_sid")
        }
        authToken = try config.requiredString("auth_token")
        if let service = config.string("messaging_service_sid"), !service.isEmpty {
            sender = ("MessagingServiceSid", service)
            channelPrefix = ""
        } else {
            let from = try config.requiredString("from")
            channelPrefix = from.hasPrefix("whatsapp:") ? "whatsapp:" : ""
            sender = ("From", channelPrefix + (try TwilioNumber.e164(String(from.dropFirst(channelPrefix.count)), field: "from")))
        }
        messagesURL = try config.baseURL("api_url", fallback: "https://api.twilio.com") + "/2010-04-01/Accounts/\(accountSID)/Messages.json"
        webhook = TwilioWebhook(authToken: authToken)
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test": return try testConnection(call.context)
        case "send":
            let message = try call.decode(TextSend.self)
            guard !message.text.isEmpty else { throw ProviderError.invalid("text must not be empty", field: "text") }
            return try send(to: message.to, [("Body", message.text)], callback: try call.decode(Callback.self), context: call.context)
        default:
            let message = try call.decode(MediaSend.self)
            try message.check(mediaTypes: ["image", "video", "audio", "document"])
            return try send(to: message.to, [("MediaUrl", message.mediaUrl)] + (message.caption.map { [("Body", $0)] } ?? []), callback: try call.decode(Callback.self), context: call.context)
        }
    }

    func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult {
        try webhook.handle(request)
    }

    /// `GET Messages.json?PageSize=1`: the credentials are right when Twilio lists the account's messages.
    private func testConnection(_ context: CallContext) throws(ProviderError) -> [String: String] {
        let response = try http.send(request("GET", messagesURL + "?PageSize=1"), context: context)
        try TwilioResponse.check(response)
        return ["message": "account \(accountSID) reachable; sending as \(sender.value)"]
    }

    /// Where the host takes this integration's deliveries, when it knows its public URL: Twilio's `StatusCallback`.
    private struct Callback: Decodable {
        let webhookURL: String?

        enum CodingKeys: String, CodingKey {
            case webhookURL = "webhook_url"
        }
    }

    /// `POST Messages.json` with `To`, the sender, the content fields and `StatusCallback`. The created message's `sid`
    /// is the id receipts name. Twilio takes no idempotency key: a send in doubt is sent again (at least once).
    private func send(to: String, _ content: [(String, String)], callback: Callback, context: CallContext) throws(ProviderError) -> SendResult {
        var form = [("To", channelPrefix + (try TwilioNumber.e164(to, field: "to"))), sender] + content
        if let url = callback.webhookURL { form.append(("StatusCallback", url)) }
        let response = try http.send(request("POST", messagesURL, form: form), context: context)
        try TwilioResponse.check(response)
        struct Created: Decodable {
            let sid: String?
        }
        return SendResult(providerMessageId: (try? JSONDecoder().decode(Created.self, from: response.body))?.sid)
    }

    private func request(_ method: String, _ url: String, form: [(String, String)]? = nil) -> HTTPRequest {
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        var headers: [(name: String, value: String)] = [("Authorization", "Basic \(credentials)"), ("Accept", "application/json")]
        if form != nil { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        return HTTPRequest(method: method, url: url, headers: headers, body: form.map { Data(FormEncoding.encode($0).utf8) })
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(TwilioProvider.self, host) }
