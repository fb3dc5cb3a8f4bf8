import Foundation
import GatewayHost
import Logging
import Testing

/// The real libEvolutionAPI.so through the real loader, against a local Evolution API that follows the published facts.
@Suite struct EvolutionPluginTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libEvolutionAPI.so").path
    static let secret = "evo-webhook-secret-1234"

    private func instance(_ url: String, _ extra: [String: JSONValue] = [:]) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config: [String: JSONValue] = [
            "api_url": .string(url), "api_key": .string(FakeEvolution.apiKey), "instance": .string(FakeEvolution.instance),
            "webhook_secret": .string(Self.secret),
        ]
        return try await plugin.createInstance(config: JSONEncoder().encode(config.merging(extra) { $1 })).get()
    }

    private func withFake(_ body: @Sendable (_ url: String, _ fake: FakeEvolution) async throws -> Void) async throws {
        let fake = FakeEvolution()
        try await LocalServer.run(fake.router) { url in try await body(url, fake) }
    }

    private func object(_ data: Data) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    @Test func testAsksTheInstancesConnectionStateWithTheKey() async throws {
        try await withFake { url, fake in
            let result = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(fake.log.requests.map { "\($0.method) \($0.path)" } == ["GET /instance/connectionState/loja"])
            #expect(fake.log.requests.first?.headers["apikey"] == FakeEvolution.apiKey)

            fake.setState("close")
            let closed = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(closed.status == .permanent && closed.errorMessage?.contains("close") == true)
        }
    }

    @Test func aWrongKeyIsAuthAndAnUnknownInstanceIsPermanentNamingIt() async throws {
        try await withFake { url, _ in
            let wrongKey = try await instance(url, ["api_key": "not-the-key"]).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(wrongKey.status == .auth)
            let unknown = try await instance(url, ["instance": "outra"]).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(unknown.status == .permanent && unknown.errorFieldName == "instance")
            #expect(unknown.errorMessage?.contains("does not exist") == true, "\(unknown.errorMessage ?? "")")
        }
    }

    @Test func sendPostsNumberAndTextAndReturnsTheKeyId() async throws {
        try await withFake { url, fake in
            let input = try JSONEncoder().encode(["to": "+55 11 98888-7777", "text": "Olá! Seu pedido saiu."])
            let result = try await instance(url).invoke("send", input: input, timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(try object(result.output)["provider_message_id"]?.stringValue == fake.sentMessageIDs.first)
            let request = try #require(fake.log.requests.first)
            #expect(request.path == "/message/sendText/loja")
            #expect(request.body == ["number": "5511988887777", "text": "Olá! Seu pedido saiu."])
        }
    }

    @Test func sendMediaPostsMediatypeMediaAndCaption() async throws {
        try await withFake { url, fake in
            let input = try JSONEncoder().encode(["to": "11988887777", "media_url": "https://example.com/recibo.pdf", "media_type": "document", "caption": "seu recibo", "file_name": "recibo.pdf"])
            let result = try await instance(url).invoke("send_media", input: input, timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(fake.log.requests.first?.path == "/message/sendMedia/loja")
            #expect(
                fake.log.requests.first?.body
                    == ["number": "5511988887777", "mediatype": "document", "media": "https://example.com/recibo.pdf", "caption": "seu recibo", "fileName": "recibo.pdf"])
            let sticker = try await instance(url).invoke(
                "send_media", input: Data(#"{"to":"5511988887777","media_url":"https://example.com/a.webp","media_type":"sticker"}"#.utf8), timeoutMs: 30_000)
            #expect(sticker.status == .invalid && sticker.errorFieldName == "media_type" && fake.log.requests.count == 1)
        }
    }

    @Test(arguments: [(400, ProviderStatus.invalid), (401, .auth), (403, .auth), (429, .rateLimited), (500, .retryable), (503, .retryable)])
    func eachErrorMapsToItsStatusWithTheProvidersMessage(code: Int, status: ProviderStatus) async throws {
        try await withFake { url, fake in
            fake.log.script(code, body: #"{"status":\#(code),"error":"Scripted","response":{"message":["scripted failure"]}}"#)
            let result = try await instance(url).invoke("send", input: Data(#"{"to":"5511988887777","text":"hi"}"#.utf8), timeoutMs: 30_000)
            #expect(result.status == status)
            #expect(result.errorMessage?.contains("scripted failure") == true)
        }
    }

    @Test func registerWebhookSetsTheURLTheEventsAndTheSecretHeaderOnlyWhenAsked() async throws {
        try await withFake { url, fake in
            let notAsked = try await instance(url).invoke("register_webhook", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(notAsked.status == .ok && fake.log.requests.isEmpty)

            let asked = try await instance(url, ["register_webhook": true, "webhook_url": "https://gateway.example.com/webhooks/evolution"])
            #expect(try await asked.invoke("register_webhook", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
            #expect(fake.log.requests.map(\.path) == ["/webhook/set/loja"])
            let settings = try #require(fake.webhookSettings)
            #expect(settings["url"] == "https://gateway.example.com/webhooks/evolution" && settings["enabled"] == true)
            #expect(settings["headers"] == .object(["x-gateway-webhook-secret": .string(Self.secret)]))
            #expect(settings["events"] == ["MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE"])
        }
    }

    @Test func registeringWithoutAWebhookURLIsRefusedNamingIt() async throws {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config = #"{"api_url":"http://127.0.0.1:1","api_key":"k","instance":"loja","webhook_secret":"\#(Self.secret)","register_webhook":true}"#
        let refused = try await plugin.createInstance(config: Data(config.utf8))
        guard case .failure(let failure) = refused else { Issue.record("a config without webhook_url was accepted"); return }
        #expect(failure.result.status == .invalid && failure.result.errorFieldName == "webhook_url")
        let short = try await plugin.createInstance(config: Data(#"{"api_url":"http://127.0.0.1:1","api_key":"k","instance":"loja","webhook_secret":"guessable"}"#.utf8))
        guard case .failure(let weak) = short else { Issue.record("a guessable webhook_secret was accepted"); return }
        #expect(weak.result.errorFieldName == "webhook_secret")
    }

    @Test func deliveriesParseIntoMessagesReceiptsAndConnectionChanges() async throws {
        let instance = try await instance("http://127.0.0.1:1")
        func deliver(_ body: String, headers: [String: String] = ["x-gateway-webhook-secret": Self.secret]) async throws -> PluginCallResult {
            try await instance.webhook(method: "POST", path: "/", headers: headers, body: Data(body.utf8), timeoutMs: 30_000)
        }
        let message = try await deliver(EvolutionDeliveries.message(id: "3EB0AA", text: "quero comprar"))
        let event = try #require(try object(message.output)["events"]?.arrayValue?.first)
        #expect(event["type"] == "message_received" && event["from"] == "553498217808" && event["text"] == "quero comprar")
        #expect(event["provider_message_id"] == "3EB0AA" && event["name"] == "Rafael" && event["is_group"] == false)

        let group = EvolutionDeliveries.envelope(
            "messages.upsert",
            data: #"{"key":{"remoteJid":"120363025246125486@g.us","fromMe":false,"id":"G1","participant":"212288019648554@lid"},"#
                + #""message":{"imageMessage":{"caption":"foto"}},"messageType":"imageMessage","messageTimestamp":1786470633}"#)
        let groupEvent = try #require(try object(try await deliver(group).output)["events"]?.arrayValue?.first)
        #expect(groupEvent["is_group"] == true && groupEvent["from"] == nil, "an @lid participant is no phone")
        #expect(groupEvent["text"] == "foto" && groupEvent["media_type"] == "image")

        let receipt = try await deliver(EvolutionDeliveries.receipt(providerMessageID: "BAE5AB", status: "READ"))
        #expect(try object(receipt.output)["events"]?.arrayValue?.first?["status"] == "read")

        let connection = try await deliver(EvolutionDeliveries.envelope("connection.update", data: #"{"instance":"loja","state":"close","statusReason":401}"#))
        #expect(try object(connection.output)["events"]?.arrayValue?.first?["state"] == "disconnected")

        let echo = try await deliver(EvolutionDeliveries.envelope("send.message", data: #"{"key":{"remoteJid":"5511@s.whatsapp.net","fromMe":true,"id":"X"}}"#))
        let echoed = try object(echo.output)["events"]?.arrayValue ?? []
        #expect(echo.status == .ok && echoed.isEmpty)

        #expect(try await deliver(EvolutionDeliveries.message(id: "F", text: "x"), headers: ["x-gateway-webhook-secret": "guess"]).status == .auth)
        #expect(try await deliver(EvolutionDeliveries.message(id: "F", text: "x", instance: "outra")).status == .auth)
        #expect(try await deliver("[1,2]").status == .invalid)
    }
}
