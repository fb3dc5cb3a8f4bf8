import Foundation
public import ProviderKit

/// Delivers agent turns to a client's agent endpoint (`send`): a JSON POST signed as the Standard Webhooks
/// specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
/// "id.timestamp.body">`, one signature per active secret while a secret rotates). The signature is made at each
/// attempt, so a retry hours later carries a fresh timestamp. A 2xx answer may carry `{"reply": ...}`, handed back to
/// the host. `post` sends a POST signed the same way to another URL of the client's (a trigger's `http` tool), with the
/// tool's own secrets, so a third party that receives it cannot pass it to the agent as a turn; its answer is not read.
final class AgentWebhookProvider: Provider {
    static let manifest = ProviderManifest(
        id: "agent_webhook",
        name: "Agent endpoint (Standard Webhooks)",
        version: "1.0.0",
        kind: "agent",
        ops: ["send", "post"],
        config: [
            ConfigField(
                "url", .string, required: true, destination: true, description: "the agent's endpoint (http or https)",
                example: .string("https://agent.example.com/turns")),
            ConfigField(
                "signing_secrets", .array, required: true, secret: true,
                description: "[{secret: whsec_..., until?: epoch ms}]: every secret not past its until signs each delivery",
                example: .array([.object(["secret": .string("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])])
            ),
            ConfigField(
                "tool_signing_secrets", .array, secret: true,
                description: "[{secret: whsec_..., until?: epoch ms}]: sign `post` (a trigger's http tool), never the agent's turns",
                example: .array([.object(["secret": .string("whsec_c2VwYXJhdGUtdG9vbC1zZWNyZXQtZm9yLWh0dHA=")])])
            ),
        ],
        webhook: false,
        threadSafe: true
    )

    private let url: String
    private let secrets: [SigningSecret]
    /// Nil for an agent configured before tools had secrets of their own: its `post` is refused.
    private let toolSecrets: [SigningSecret]?
    private let http = HTTPClient()

    /// The largest answer read from an agent.
    static let maxAnswerBytes = 256 * 1024

    init(config: ProviderConfig) throws(ProviderError) {
        let url = try config.requiredString("url")
        guard Self.isWebURL(url) else {
            throw .invalid("url must be an http(s) URL", field: "url")
        }
        self.url = url
        secrets = try SigningSecret.parse(config.values["signing_secrets"], field: "signing_secrets")
        toolSecrets = try config.values["tool_signing_secrets"].map { value throws(ProviderError) in
            try SigningSecret.parse(value, field: "tool_signing_secrets")
        }
    }

    struct Input: Decodable {
        /// Stable across retries: the receiver deduplicates on it.
        let webhook_id: String
        let payload: JSONValue
        /// `post` only: where to.
        let url: String?
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        let input = try call.decode(Input.self)
        guard call.op == "post" else {
            let response = try post(input.payload, id: input.webhook_id, to: url, signedWith: secrets, context: call.context)
            let reply = (try? JSONValue(json: response.body))?["reply"]
            return Output(provider_message_id: input.webhook_id, reply: reply.flatMap { $0 == .null ? nil : $0 })
        }
        guard let target = input.url, Self.isWebURL(target) else { throw ProviderError.invalid("url must be an http(s) URL", field: "url") }
        guard let toolSecrets else {
            throw ProviderError.invalid("the agent has no tool signing secret: PUT /api/agent again to generate one", field: "tool_signing_secrets")
        }
        _ = try post(input.payload, id: input.webhook_id, to: target, signedWith: toolSecrets, context: call.context)
        return Output(provider_message_id: input.webhook_id, reply: nil)
    }

    /// POSTs `payload` to `target`, signed with every active one of `secrets`; throws what a failed answer means.
    private func post(_ payload: JSONValue, id: String, to target: String, signedWith secrets: [SigningSecret], context: CallContext) throws
        -> HTTPResponse
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(payload)
        let now = Date()
        let timestamp = String(Int64(now.timeIntervalSince1970))
        let signatures = secrets.filter { $0.isActive(at: now) }.map { $0.signature(id: id, timestamp: timestamp, body: body) }
        let headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("webhook-id", id), ("webhook-timestamp", timestamp),
            ("webhook-signature", signatures.joined(separator: " ")),
        ]
        let response = try http.send(
            HTTPRequest(method: "POST", url: target, headers: headers, body: body, maxResponseBytes: Self.maxAnswerBytes), context: context)
        try Self.check(response)
        return response
    }

    private static func isWebURL(_ text: String) -> Bool {
        guard let parsed = URL(string: text) else { return false }
        return ["http", "https"].contains(parsed.scheme ?? "") && parsed.host != nil
    }

    struct Output: Encodable {
        let provider_message_id: String
        let reply: JSONValue?
    }

    /// What the agent's status means: 2xx taken; 429 and 5xx, 408 retried; 401/403 its key or our secret refused;
    /// any other 4xx refused.
    private static func check(_ response: HTTPResponse) throws(ProviderError) {
        switch response.status {
        case 200..<300: return
        case 429: throw ProviderError(.rateLimited, "the agent asked to slow down", retryAfterMs: response.retryAfterMs)
        case 408, 500...: throw ProviderError(.retryable, "the agent failed (\(response.status))")
        case 401, 403: throw ProviderError(.auth, "the agent refused the delivery (\(response.status)): check its signing secret")
        default: throw ProviderError(.permanent, "the agent answered \(response.status): \(response.bodyExcerpt)")
        }
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(AgentWebhookProvider.self, host) }
