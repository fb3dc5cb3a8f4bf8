import Foundation
public import ProviderKit

/// An example provider in Swift: relays messages to an HTTP endpoint and accepts webhooks signed with a shared token.
/// It shows every part of ProviderKit a real provider uses, and the tests run it through the real loader.
final class HTTPEchoProvider: Provider {
    static let manifest = ProviderManifest(
        id: "swift_http_echo",
        name: "HTTP echo (Swift example)",
        version: "1.0.0",
        kind: "echo",
        ops: ["test", "send", "echo"],
        config: [
            ConfigField("endpoint", .string, required: true, destination: true, description: "URL that receives messages", example: .string("http://127.0.0.1:9/echo")),
            ConfigField("token", .string, required: true, secret: true, description: "Bearer token, also required on webhooks", example: .string("example-token")),
        ],
        webhook: true,
        threadSafe: true
    )

    static let webhookVectors: WebhookVectorSet? = WebhookVectorSet(
        config: ["endpoint": .string("http://127.0.0.1:9/echo"), "token": .string("vector-token")],
        vectors: [
            WebhookVector(name: "signed message", headers: ["x-echo-token": "vector-token"], body: #"{"id":"m1","from":"5511999990000","text":"hi"}"#, expect: .ok, events: 1),
            WebhookVector(name: "wrong token", headers: ["x-echo-token": "vector-tokem"], body: #"{"id":"m1","from":"5511999990000","text":"hi"}"#, expect: .auth),
            WebhookVector(name: "no token", headers: [:], body: #"{"id":"m1","from":"5511999990000","text":"hi"}"#, expect: .auth),
        ]
    )

    private let endpoint: String
    private let token: String
    private let http = HTTPClient()

    init(config: ProviderConfig) throws(ProviderError) {
        endpoint = try config.requiredString("endpoint")
        token = try config.requiredString("token")
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw .invalid("endpoint must be an http or https URL", field: "endpoint")
        }
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test":
            let response = try http.send(HTTPRequest(method: "GET", url: endpoint, headers: [("Authorization", "Bearer \(token)")]), context: call.context)
            try Self.check(response)
            return ["message": "endpoint answered \(response.status)"]
        case "send":
            call.context.log(.debug, "relaying message")
            let request = HTTPRequest(method: "POST", url: endpoint, headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")], body: call.input)
            let response = try http.send(request, context: call.context)
            try Self.check(response)
            let answer = try? JSONDecoder().decode([String: String].self, from: response.body)
            return ["provider_message_id": answer?["id"] ?? ""]
        default:
            return try call.decode(JSONValue.self)
        }
    }

    func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult {
        guard constantTimeEquals(request.headers["x-echo-token"] ?? "", token) else { throw ProviderError(.auth, "webhook token does not match") }
        struct Delivery: Decodable { let id: String; let from: String; let text: String }
        guard let delivery = try? JSONDecoder().decode(Delivery.self, from: request.body) else { throw ProviderError.invalid("body is not an echo message") }
        var event = ProviderEvent(type: .messageReceived)
        event.providerMessageId = delivery.id
        event.from = delivery.from
        event.text = delivery.text
        return WebhookResult(events: [event])
    }

    /// Maps the endpoint's HTTP status to the ABI's retry semantics.
    private static func check(_ response: HTTPResponse) throws(ProviderError) {
        switch response.status {
        case 200..<300: return
        case 401, 403: throw ProviderError(.auth, "endpoint refused the token (\(response.status))")
        case 429: throw ProviderError(.rateLimited, "endpoint is rate limiting", retryAfterMs: response.retryAfterMs)
        case 400..<500: throw ProviderError(.invalid, "endpoint rejected the request (\(response.status))")
        default: throw ProviderError(.retryable, "endpoint failed (\(response.status))")
        }
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(HTTPEchoProvider.self, host) }
