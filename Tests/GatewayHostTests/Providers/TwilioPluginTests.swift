import Foundation
import GatewayHost
import Logging
import Testing

/// The real libTwilio.so through the real loader, against a local Twilio that follows the published facts; webhook
/// signatures made by the PyPI `twilio` package's RequestValidator.
@Suite struct TwilioPluginTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libTwilio.so").path

    private func instance(_ url: String, _ extra: [String: JSONValue] = [:]) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config: [String: JSONValue] = [
            "api_url": .string(url), "account_sid": .string(FakeTwilio.accountSID), "auth_token": .string(FakeTwilio.authToken), "from": "+1 415 555 0100",
        ]
        return try await plugin.createInstance(config: JSONEncoder().encode(config.merging(extra) { $1 })).get()
    }

    private func withFake(_ body: @Sendable (_ url: String, _ fake: FakeTwilio) async throws -> Void) async throws {
        let fake = FakeTwilio()
        try await LocalServer.run(fake.router) { url in try await body(url, fake) }
    }

    private func object(_ data: Data) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    @Test func testListsTheAccountsMessagesWithBasicAuth() async throws {
        try await withFake { url, fake in
            #expect(try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
            #expect(fake.log.requests.map { "\($0.method) \($0.path)?\($0.query)" } == ["GET /2010-04-01/Accounts/\(FakeTwilio.accountSID)/Messages.json?PageSize=1"])
            let wrong = try await instance(url, ["auth_token": "not-the-token"]).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(wrong.status == .auth && wrong.errorMessage?.contains("Authenticate (20003)") == true)
        }
    }

    @Test func sendPostsAFormWithToFromBodyAndTheStatusCallback() async throws {
        try await withFake { url, fake in
            let input = #"{"to":"+55 11 98888-7777","text":"Seu pedido saiu & chega hoje","message_id":"m1","webhook_url":"https://gw.example.com/webhooks/twilio/i1"}"#
            let result = try await instance(url).invoke("send", input: Data(input.utf8), timeoutMs: 30_000)
            #expect(result.status == .ok)
            let sent = try #require(fake.messages.first)
            #expect(try object(result.output)["provider_message_id"] == .string(sent.sid))
            #expect(
                sent.fields == ["To": "+5511988887777", "From": "+14155550100", "Body": "Seu pedido saiu & chega hoje", "StatusCallback": "https://gw.example.com/webhooks/twilio/i1"])
        }
    }

    @Test func aWhatsAppSenderAddressesWhatsAppAndAMessagingServiceReplacesFrom() async throws {
        try await withFake { url, fake in
            let whatsapp = try await instance(url, ["from": "whatsapp:+14155550100"])
            #expect(try await whatsapp.invoke("send", input: Data(#"{"to":"5511988887777","text":"oi"}"#.utf8), timeoutMs: 30_000).status == .ok)
            #expect(fake.messages.last?.fields["To"] == "whatsapp:+5511988887777" && fake.messages.last?.fields["From"] == "whatsapp:+14155550100")
            let media = #"{"to":"+5511988887777","media_url":"https://example.com/recibo.pdf","media_type":"document","caption":"recibo"}"#
            #expect(try await whatsapp.invoke("send_media", input: Data(media.utf8), timeoutMs: 30_000).status == .ok)
            #expect(fake.messages.last?.fields["MediaUrl"] == "https://example.com/recibo.pdf" && fake.messages.last?.fields["Body"] == "recibo")

            let service = try await instance(url, ["messaging_service_sid": .string("MG" + String(repeating: "2b", count: 16))])
            #expect(try await service.invoke("send", input: Data(#"{"to":"+5511988887777","text":"oi"}"#.utf8), timeoutMs: 30_000).status == .ok)
            #expect(fake.messages.last?.fields["MessagingServiceSid"]?.hasPrefix("MG") == true && fake.messages.last?.fields["From"] == nil)
        }
    }

    @Test(arguments: ["abc", "1234", "+55 11 9888x-7777", "whatsapp:+5511988887777"])
    func aDestinationThatIsNotAPhoneIsInvalidBeforeAnyRequest(to: String) async throws {
        try await withFake { url, fake in
            let result = try await instance(url).invoke("send", input: JSONEncoder().encode(["to": to, "text": "hi"]), timeoutMs: 30_000)
            #expect(result.status == .invalid && result.errorFieldName == "to")
            #expect(fake.log.requests.isEmpty)
        }
    }

    @Test(arguments: [(400, 21211, ProviderStatus.invalid), (400, 21602, .invalid), (401, 20003, .auth), (429, 20429, .rateLimited), (500, 20500, .retryable)])
    func eachErrorMapsToItsStatusWithTwiliosCode(status: Int, code: Int, expected: ProviderStatus) async throws {
        try await withFake { url, fake in
            fake.log.script(status, body: FakeTwilio.error(code, "scripted failure", status))
            let result = try await instance(url).invoke("send", input: Data(#"{"to":"+5511988887777","text":"hi"}"#.utf8), timeoutMs: 30_000)
            #expect(result.status == expected)
            #expect(result.errorMessage?.contains("scripted failure (\(code))") == true)
            if code == 21211 { #expect(result.errorFieldName == "to") }
        }
    }

    @Test func webhooksSignedByTwiliosValidatorAreAcceptedAndAnythingElseRefused() async throws {
        let instance = try await instance("http://127.0.0.1:1")
        let url = "https://gw.example.com/webhooks/twilio/i1"
        let inbound = ["MessageSid": "SM11", "AccountSid": FakeTwilio.accountSID, "From": "+5534982178080", "To": "+14155550100", "Body": "Olá + tudo bem?", "NumMedia": "0"]
        let receipt = ["MessageSid": "SM22", "AccountSid": FakeTwilio.accountSID, "MessageStatus": "undelivered", "ErrorCode": "30003"]
        let media = inbound.merging(["NumMedia": "1", "MediaUrl0": "https://api.twilio.com/media/ME1", "MediaContentType0": "image/jpeg", "Body": ""]) { $1 }
        let signatures = try await FakeTwilio.signatures([(url, inbound), (url, receipt), (url, media), ("https://gw.example.com:443/webhooks/twilio/i1", inbound)])
        func deliver(_ params: [String: String], signature: String?, url: String = url) async throws -> PluginCallResult {
            var headers = ["content-type": "application/x-www-form-urlencoded", ":url": url]
            headers["x-twilio-signature"] = signature
            return try await instance.webhook(method: "POST", path: "/", headers: headers, body: Data(FakeTwilio.form(params).utf8), timeoutMs: 30_000)
        }
        let message = try await deliver(inbound, signature: signatures[0])
        #expect(message.status == .ok)
        let event = try #require(try object(message.output)["events"]?.arrayValue?.first)
        #expect(event["type"] == "message_received" && event["from"] == "5534982178080" && event["text"] == "Olá + tudo bem?" && event["provider_message_id"] == "SM11")
        #expect(try object(message.output)["response"]?["body"] == "<Response></Response>")

        let status = try #require(try object(try await deliver(receipt, signature: signatures[1]).output)["events"]?.arrayValue?.first)
        #expect(status["status"] == "failed" && status["provider_message_id"] == "SM22")
        let image = try #require(try object(try await deliver(media, signature: signatures[2]).output)["events"]?.arrayValue?.first)
        #expect(image["media_type"] == "image" && image["media_url"] == "https://api.twilio.com/media/ME1")
        #expect(try await deliver(inbound, signature: signatures[3]).status == .ok, "signed with the default port written out")

        #expect(try await deliver(inbound.merging(["Body": "forjada"]) { $1 }, signature: signatures[0]).status == .auth)
        #expect(try await deliver(inbound, signature: signatures[0], url: url + "x").status == .auth)
        #expect(try await deliver(inbound, signature: nil).status == .auth)
        #expect(try await deliver(inbound, signature: String(signatures[0].dropLast(2)) + "A=").status == .auth)
    }
}
