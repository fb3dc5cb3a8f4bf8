import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import Testing

/// The real libAgentWebhook.so through the real loader, against a local agent endpoint: what the agent's answers mean
/// to the host's retry policy, the reply handed back, and which secrets sign.
@Suite struct AgentWebhookPluginTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libAgentWebhook.so").path
    static let secret = "whsec_" + Data(repeating: 1, count: 32).base64EncodedString()
    static let expired = "whsec_" + Data(repeating: 2, count: 32).base64EncodedString()

    private func instance(_ url: String, secrets: JSONValue) async throws -> Result<PluginInstance, PluginCallFailure> {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test"))
            .get()
        let config: [String: JSONValue] = ["url": .string(url + "/turns"), "signing_secrets": secrets]
        return try await plugin.createInstance(config: JSONEncoder().encode(config))
    }

    /// An agent that answers every delivery with `status` (and `body`, `headers`), recording the signatures it got.
    private func withAgent(
        status: Int, body: String = "{}", headers: HTTPFields = [:],
        _ run: @Sendable (_ url: String, _ signatures: @Sendable () -> [String]) async throws -> Void
    ) async throws {
        let seen = SignatureLog()
        let router = Router()
        router.post("/turns") { request, _ in
            seen.append(request.headers[HTTPField.Name("webhook-signature")!] ?? "")
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        try await LocalServer.run(router) { url in try await run(url) { seen.values } }
    }

    private func send(_ instance: PluginInstance) async throws -> PluginCallResult {
        let input: JSONValue = ["webhook_id": "turn-1", "payload": ["type": "turn", "messages": []]]
        return try await instance.invoke("send", input: JSONEncoder().encode(input), timeoutMs: 30_000)
    }

    @Test(arguments: [
        (200, ProviderStatus.ok), (202, .ok), (401, .auth), (403, .auth), (410, .permanent), (422, .permanent), (408, .retryable), (500, .retryable),
        (503, .retryable), (429, .rateLimited),
    ])
    func theAgentsStatusDecidesTheRetry(status: Int, expected: ProviderStatus) async throws {
        try await withAgent(status: status, headers: status == 429 ? [.retryAfter: "7"] : [:]) { url, _ in
            let sent = try await send(try instance(url, secrets: [["secret": .string(Self.secret)]]).get())
            #expect(sent.status == expected, "\(status)")
            if status == 429 { #expect(sent.retryAfterMs == 7_000) }
        }
    }

    @Test func aReplyIsHandedBackAndOnlyActiveSecretsSign() async throws {
        try await withAgent(status: 200, body: #"{"reply":{"text":"Oi!"},"other":1}"#) { url, signatures in
            let secrets: JSONValue = [["secret": .string(Self.secret)], ["secret": .string(Self.expired), "until": 1_000]]
            let sent = try await send(try instance(url, secrets: secrets).get())
            let output = try JSONDecoder().decode([String: JSONValue].self, from: sent.output)
            #expect(output["reply"] == ["text": "Oi!"] && output["provider_message_id"] == "turn-1")
            #expect(signatures().first?.split(separator: " ").count == 1, "a secret past its until signs no more")
        }
    }

    /// `post` (a trigger's http tool) signs with the tool's secrets only; an agent configured before it had one refuses.
    @Test func aToolPostSignsWithTheToolsSecretOnly() async throws {
        try await withAgent(status: 200) { url, signatures in
            let tool = "whsec_" + Data(repeating: 3, count: 32).base64EncodedString()
            let post: JSONValue = ["webhook_id": "trigger:1", "url": .string(url + "/turns"), "payload": ["trigger_id": "t"]]
            let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test"))
                .get()
            let config: JSONValue = [
                "url": .string(url + "/turns"), "signing_secrets": [["secret": .string(Self.secret)]], "tool_signing_secrets": [["secret": .string(tool)]],
            ]
            let withTool = try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
            #expect(try await withTool.invoke("post", input: JSONEncoder().encode(post), timeoutMs: 30_000).status == .ok)
            let agentSigned = try await send(withTool)
            #expect(agentSigned.status == .ok)
            // Which secret signed each is checked end to end in TriggerToolTests (verified with each secret).
            #expect(signatures().count == 2 && signatures().allSatisfy { $0.split(separator: " ").count == 1 })

            let older = try await instance(url, secrets: [["secret": .string(Self.secret)]]).get()
            let refused = try await older.invoke("post", input: JSONEncoder().encode(post), timeoutMs: 30_000)
            #expect(refused.status == .invalid && refused.errorFieldName == "tool_signing_secrets")
            #expect(signatures().count == 2, "nothing was posted")
        }
    }

    @Test func malformedSecretsAreRefusedNamingThem() async throws {
        for secrets: JSONValue in [[], [["secret": "not-whsec"]], [["secret": "whsec_c2hvcnQ="]], "whsec_plain"] {
            guard case .failure(let failure) = try await instance("http://127.0.0.1:1", secrets: secrets) else {
                Issue.record("\(secrets) was taken")
                continue
            }
            #expect(failure.result.status == .invalid && failure.result.errorFieldName?.hasPrefix("signing_secrets") == true, "\(secrets)")
        }
    }
}

/// The signature headers an agent got, in order.
private final class SignatureLog: Sendable {
    private let storage = Mutex<[String]>([])
    var values: [String] { storage.withLock { $0 } }
    func append(_ value: String) { storage.withLock { $0.append(value) } }
}
