import Foundation
import GatewayHost
import Logging
import Testing

/// Uazapi webhooks: every real sample in shared/providers/uazapi/, and tampered copies of them.
@Suite struct UazapiWebhookTests {
    static let samples = TestPaths.repository.deletingLastPathComponent().appendingPathComponent("shared/providers/uazapi")
    /// The instance token in the EventType sample.
    static let sampleToken = "79db7830-d461-4dd1-8499-a0bd72a6702d"
    static let secret = "hook-secret-5555"

    private func instance(webhookSecret: String? = nil) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: UazapiPluginTests.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        var config: [String: JSONValue] = ["api_url": .string("https://free.uazapi.com"), "api_token": .string(Self.sampleToken), "phone_number": .string("553499754953")]
        config["webhook_secret"] = webhookSecret.map(JSONValue.string)
        return try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
    }

    private func sample(_ name: String) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: Data(contentsOf: Self.samples.appendingPathComponent(name)))
    }

    private func deliver(_ body: [String: JSONValue], to instance: PluginInstance, path: String = "/", headers: [String: String] = [:]) async throws -> PluginCallResult {
        try await instance.webhook(method: "POST", path: path, headers: headers, body: JSONEncoder().encode(body), timeoutMs: 30_000)
    }

    private func events(_ result: PluginCallResult) throws -> [[String: JSONValue]] {
        struct Output: Decodable {
            let events: [[String: JSONValue]]
        }
        return try JSONDecoder().decode(Output.self, from: result.output).events
    }

    @Test func theEventTypeSampleBecomesAMessageFromThePhoneNeverTheLid() async throws {
        let result = try await deliver(sample("webhook-messages-eventtype.json"), to: instance())
        #expect(result.status == .ok)
        #expect(
            try events(result) == [[
                "type": .string("message_received"), "provider_message_id": .string("ACD9E19035A6AA4327A704AE66A81B45"),
                "from": .string("553498217808"), "name": .string("Rafael"), "text": .string("olá?"),
                "chat_id": .string("553498217808@s.whatsapp.net"), "is_group": .bool(false), "timestamp": .string("2026-08-11T17:50:33Z"),
            ]]
        )
    }

    @Test func theDataSampleBecomesAMediaMessageWhenTheWebhookSecretIsPresent() async throws {
        let hooked = try await instance(webhookSecret: Self.secret)
        let result = try await deliver(sample("webhook-message-event-data.json"), to: hooked, headers: ["x-gateway-webhook-secret": Self.secret])
        #expect(result.status == .ok)
        let event = try #require(try events(result).first)
        #expect(event["from"] == .string("5511999999999"))
        #expect(event["name"] == .string("João Silva"))
        #expect(event["media_type"] == .string("image"))
        #expect(event["media_url"] == .string("https://uazapi.com/files/image_123.jpg"))
        #expect(event["text"] == .string("Legenda da imagem"))
        #expect(event["timestamp"] == .string("2024-01-24T16:00:00Z"))
    }

    @Test func theSecretMayComeInTheURLPath() async throws {
        let result = try await deliver(sample("webhook-message-event-data.json"), to: instance(webhookSecret: Self.secret), path: "/\(Self.secret)")
        #expect(try events(result).count == 1)
    }

    @Test func aTamperedTokenIsRefused() async throws {
        var body = try sample("webhook-messages-eventtype.json")
        body["token"] = .string("79db7830-d461-4dd1-8499-a0bd72a6702e")
        #expect(try await deliver(body, to: instance()).status == .auth)
    }

    @Test func aMissingOrWrongWebhookSecretIsRefusedEvenWithTheRightToken() async throws {
        let hooked = try await instance(webhookSecret: Self.secret)
        #expect(try await deliver(sample("webhook-messages-eventtype.json"), to: hooked).status == .auth)
        #expect(try await deliver(sample("webhook-messages-eventtype.json"), to: hooked, headers: ["x-gateway-webhook-secret": "hook-secret-5556"]).status == .auth)
        #expect(try await deliver(sample("webhook-messages-eventtype.json"), to: hooked, headers: ["x-gateway-webhook-secret": Self.secret]).status == .ok)
    }

    @Test func aTokenlessDeliveryIsRefusedWithoutAWebhookSecret() async throws {
        #expect(try await deliver(sample("webhook-message-event-data.json"), to: instance()).status == .auth)
    }

    @Test(arguments: ["fromMe", "wasSentByApi"])
    func theAccountsOwnMessagesProduceNoEvent(flag: String) async throws {
        var body = try sample("webhook-messages-eventtype.json")
        guard case .object(var message) = body["message"] else { throw CancellationError() }
        message[flag] = .bool(true)
        body["message"] = .object(message)
        let result = try await deliver(body, to: instance())
        #expect(result.status == .ok)
        #expect(try events(result).isEmpty)
    }

    @Test func aLidOnlySenderGivesNoFromRatherThanTheLid() async throws {
        var body = try sample("webhook-messages-eventtype.json")
        guard case .object(var message) = body["message"] else { throw CancellationError() }
        message["sender_pn"] = nil
        message["chatid"] = .string("212288019648554@lid")
        body["message"] = .object(message)
        let event = try #require(try events(await deliver(body, to: instance())).first)
        #expect(event["from"] == nil)
    }

    @Test func unknownEventTypesAreAcceptedWithoutEvents() async throws {
        var body = try sample("webhook-messages-eventtype.json")
        body["EventType"] = .string("presence")
        let result = try await deliver(body, to: instance())
        #expect(result.status == .ok)
        #expect(try events(result).isEmpty)
    }

    @Test func receiptsAndConnectionChangesAreNormalised() async throws {
        let hooked = try await instance()
        let receipt: [String: JSONValue] = [
            "EventType": .string("messages_update"), "token": .string(Self.sampleToken),
            "event": .object(["Type": .string("Read"), "MessageIDs": .array([.string("3EB0A"), .string("3EB0B")]), "Timestamp": .integer(1706112005000)]),
        ]
        let statuses = try events(await deliver(receipt, to: hooked))
        #expect(statuses.map { $0["provider_message_id"] } == [.string("3EB0A"), .string("3EB0B")])
        #expect(statuses.allSatisfy { $0["type"] == .string("message_status") && $0["status"] == .string("read") })

        let connection: [String: JSONValue] = [
            "EventType": .string("connection"), "token": .string(Self.sampleToken),
            "instance": .object(["status": .string("disconnected"), "owner": .string("553499754953")]),
        ]
        #expect(try events(await deliver(connection, to: hooked)) == [["type": .string("connection"), "state": .string("disconnected"), "phone": .string("553499754953")]])
    }

    @Test func aBodyThatIsNotJSONIsInvalid() async throws {
        let result = try await instance().webhook(method: "POST", path: "/", headers: [:], body: Data("token=x".utf8), timeoutMs: 30_000)
        #expect(result.status == .invalid)
    }
}
