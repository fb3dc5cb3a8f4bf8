import Foundation
import GatewayHost
import Logging
import Testing

/// The real libUazapi.so through the real loader, against a local uazapiGO that follows the spec.
@Suite struct UazapiPluginTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libUazapi.so").path

    private func instance(_ url: String, token: String = FakeUazapi.token, webhookSecret: String? = nil) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        var config: [String: JSONValue] = ["api_url": .string(url), "api_token": .string(token), "phone_number": .string("+55 11 99999-0000")]
        config["webhook_secret"] = webhookSecret.map(JSONValue.string)
        return try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
    }

    private func withFake(_ body: @Sendable (_ url: String, _ fake: FakeUazapi) async throws -> Void) async throws {
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in try await body(url, fake) }
    }

    private func object(_ data: Data) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    @Test func testReportsTheConnectedPhone() async throws {
        try await withFake { url, fake in
            let result = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(try object(result.output)["phone"] == .string("5511999990000"))
            #expect(fake.log.requests.map { "\($0.method) \($0.path)" } == ["GET /instance/status"])
            #expect(fake.log.requests.first?.headers["token"] == FakeUazapi.token)
        }
    }

    @Test func testOfADisconnectedInstanceIsPermanentAndSaysSo() async throws {
        try await withFake { url, fake in
            fake.setInstanceStatus("disconnected")
            let result = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .permanent)
            #expect(result.errorMessage?.contains("disconnected") == true)
        }
    }

    @Test func aWrongTokenIsAuth() async throws {
        try await withFake { url, _ in
            let result = try await instance(url, token: "not-the-token").invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .auth)
        }
    }

    @Test(arguments: [
        ("+55 11 98888-7777", "5511988887777"),
        ("(11) 98888-7777", "5511988887777"),
        ("5511988887777", "5511988887777"),
        ("5511988887777@s.whatsapp.net", "5511988887777"),
        ("0044 20 7946 0958", "442079460958"),
        ("120363025246125486@g.us", "120363025246125486@g.us"),
    ])
    func sendNormalisesTheNumberAndReturnsTheMessageId(to: String, number: String) async throws {
        try await withFake { url, fake in
            let input = try JSONEncoder().encode(["to": to, "text": "Olá! Seu pedido saiu."])
            let result = try await instance(url).invoke("send", input: input, timeoutMs: 30_000)
            #expect(result.status == .ok)
            let output = try object(result.output)
            #expect(output["provider_message_id"]?.stringValue?.hasPrefix("3EB0") == true, "the WhatsApp id uazapi answered: \(output)")
            let request = try #require(fake.log.requests.first)
            #expect(request.path == "/send/text")
            #expect(request.body == ["number": .string(number), "text": .string("Olá! Seu pedido saiu.")])
        }
    }

    @Test func sendTagsTheMessageWithTheGatewayIdAndFindSentFindsItByThatTag() async throws {
        try await withFake { url, fake in
            let instance = try await instance(url)
            let missing = try await instance.invoke("find_sent", input: Data(#"{"message_id":"msg-1"}"#.utf8), timeoutMs: 30_000)
            #expect(try object(missing.output)["found"] == .bool(false))

            let sent = try await instance.invoke("send", input: Data(#"{"to":"5511988887777","text":"oi","message_id":"msg-1"}"#.utf8), timeoutMs: 30_000)
            #expect(sent.status == .ok)
            let request = try #require(fake.log.requests.last)
            #expect(request.body["track_source"] == .string("gateway"))
            #expect(request.body["track_id"] == .string("msg-1"))

            let found = try await instance.invoke("find_sent", input: Data(#"{"message_id":"msg-1"}"#.utf8), timeoutMs: 30_000)
            #expect(found.status == .ok)
            #expect(try object(found.output)["found"] == .bool(true))
            #expect(try object(found.output)["provider_message_id"] == (try object(sent.output))["provider_message_id"])
            #expect(fake.log.requests.last?.path == "/message/find")
        }
    }

    @Test(arguments: ["abc", "12345", "212288019648554@lid", "+55 (11) 9888x-7777"])
    func aNumberThatIsNotAPhoneIsInvalidAndNothingIsSent(to: String) async throws {
        try await withFake { url, fake in
            let result = try await instance(url).invoke("send", input: JSONEncoder().encode(["to": to, "text": "hi"]), timeoutMs: 30_000)
            #expect(result.status == .invalid)
            #expect(result.errorFieldName == "to")
            #expect(fake.log.requests.isEmpty)
        }
    }

    @Test func sendMediaPostsNumberTypeFileAndText() async throws {
        try await withFake { url, fake in
            let input = try JSONEncoder().encode(["to": "11988887777", "media_url": "https://example.com/receipt.jpg", "media_type": "image", "caption": "seu recibo"])
            let result = try await instance(url).invoke("send_media", input: input, timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(fake.log.requests.first?.path == "/send/media")
            #expect(
                fake.log.requests.first?.body
                    == ["number": .string("5511988887777"), "type": .string("image"), "file": .string("https://example.com/receipt.jpg"), "text": .string("seu recibo")]
            )
        }
    }

    @Test func anUnknownMediaTypeIsInvalidBeforeAnyRequest() async throws {
        try await withFake { url, fake in
            let input = try JSONEncoder().encode(["to": "5511988887777", "media_url": "https://example.com/a.exe", "media_type": "executable"])
            let result = try await instance(url).invoke("send_media", input: input, timeoutMs: 30_000)
            #expect(result.status == .invalid)
            #expect(result.errorFieldName == "media_type")
            #expect(fake.log.requests.isEmpty)
        }
    }

    @Test(arguments: [
        (400, ProviderStatus.invalid), (401, .auth), (413, .invalid), (415, .invalid), (429, .rateLimited), (500, .retryable), (503, .retryable),
    ])
    func eachDocumentedErrorMapsToItsStatus(code: Int, status: ProviderStatus) async throws {
        try await withFake { url, fake in
            fake.log.script(code, headers: code == 429 ? ["Retry-After": "12"] : [:], body: #"{"error":"scripted failure"}"#)
            let result = try await instance(url).invoke("send", input: Data(#"{"to":"5511988887777","text":"hi"}"#.utf8), timeoutMs: 30_000)
            #expect(result.status == status)
            #expect(result.errorMessage?.contains("scripted failure") == true)
            if code == 429 { #expect(result.retryAfterMs == 12_000) }
        }
    }

    @Test func anUnreachableServerIsRetryable() async throws {
        let result = try await instance("http://127.0.0.1:1").invoke("send", input: Data(#"{"to":"5511988887777","text":"hi"}"#.utf8), timeoutMs: 30_000)
        #expect(result.status == .retryable)
    }

    @Test func configMustNameAnHTTPServer() async throws {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config = #"{"api_url":"ftp://uazapi.example","api_token":"t","phone_number":"5511999990000"}"#
        let failure = try #require(try await plugin.createInstance(config: Data(config.utf8)).failure)
        #expect(failure.result.errorFieldName == "api_url")
    }
}
