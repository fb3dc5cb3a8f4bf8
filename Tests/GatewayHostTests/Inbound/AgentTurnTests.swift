import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import GatewayHost

/// Inbound messages become agent turns: debounced durably, delivered by the real AgentWebhook plugin to a fake agent
/// endpoint with Standard Webhooks signatures (checked by the `standardwebhooks` reference library), retried, and the
/// agent's reply sent back through the real Uazapi plugin to the fake uazapi.
@Suite struct AgentTurnTests {
    private struct Setup: Sendable {
        let gateway: TestGateway
        let uazapi: FakeUazapi
        let agent: FakeAgent
        let client: any TestClientProtocol
        let token: String
        /// The signing secret `PUT /api/agent` showed.
        let secret: String
        let agentURL: String
    }

    private func withAgent(
        _ settings: String, backend: TestQueue = .sqlite, _ body: @Sendable (Setup) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: backend, plugins: ["Uazapi", "AgentWebhook"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
            configuration.delivery.agentRetry.backoff = [.milliseconds(200), .milliseconds(200), .milliseconds(200)]
        }
        let uazapi = FakeUazapi()
        let agent = FakeAgent()
        try await LocalServer.run(uazapi.router) { uazapiURL in
            try await LocalServer.run(agent.router) { agentURL in
                try await gateway.app.test(.live) { client in
                    let token = try await gateway.token("acme")
                    #expect(try await client.configureWhatsApp(token: token, url: uazapiURL).status == .ok)
                    let configured = try await client.call(.put, "/api/agent", token: token, json: #"{"url":"\#(agentURL)/turns",\#(settings)}"#)
                    #expect(configured.status == .ok, "\(configured.text)")
                    let secret = try #require(configured["agent"]?["signing_secret"]?.stringValue)
                    try await body(
                        Setup(gateway: gateway, uazapi: uazapi, agent: agent, client: client, token: token, secret: secret, agentURL: agentURL))
                }
            }
        }
    }

    /// Waits until the agent has had `count` deliveries.
    private func deliveries(_ agent: FakeAgent, count: Int, within timeout: Duration = .seconds(15)) async throws -> [FakeAgent.Delivery] {
        let deadline = ContinuousClock.now + timeout
        while agent.deliveries.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return agent.deliveries
    }

    @Test(arguments: [TestQueue.sqlite, .postgres])
    func aBurstBecomesOneSignedTurnAndTheAgentsReplyGoesBack(_ backend: TestQueue) async throws {
        // A debounce long enough that a loaded machine's delay between two messages does not split the burst (2 s did,
        // with the whole suite running on two cores).
        try await withAgent(#""debounce_ms":6000,"max_wait_ms":30000"#, backend: backend) { setup in
            setup.agent.reply("Oi! Como posso ajudar?")
            // Three messages, each delivered five times at once: one turn of three.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, text) in ["oi", "tudo bem?", "quero cancelar"].enumerated() {
                    let delivery = try UazapiDeliveries.message(id: "BURST-\(index)", text: text)
                    for _ in 0..<5 { group.addTask { _ = try await setup.client.deliver("/webhooks/uazapi", delivery) } }
                    try await group.waitForAll()
                }
            }
            let received = try await deliveries(setup.agent, count: 1)
            #expect(received.count == 1)
            let turn = try #require(received.first?.json)
            #expect(turn["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue } == ["oi", "tudo bem?", "quero cancelar"])
            #expect(turn["contact"]?["phone"] == .string(UazapiDeliveries.senderPhone) && turn["contact"]?["name"] == "Rafael")
            #expect(turn["conversation"]?["channel"] == "whatsapp" && turn["conversation"]?["status"] == "open")
            #expect(received.first?.headers["webhook-id"] == turn["turn_id"]?.stringValue)
            #expect(try await FakeAgent.verified(received, secret: setup.secret) == ["ok"])
            #expect(
                try await FakeAgent.verified(received, secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()).first?.hasPrefix("refused")
                    == true)

            // The reply goes back to the contact once.
            let deadline = ContinuousClock.now + .seconds(10)
            while !setup.uazapi.log.requests.contains(where: { $0.path == "/send/text" }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let replies = setup.uazapi.log.requests.filter { $0.path == "/send/text" }
            #expect(replies.count == 1)
            #expect(
                replies.first?.body["text"] == "Oi! Como posso ajudar?"
                    && replies.first?.body["number"]?.stringValue?.filter(\.isNumber) == "553498217808")

            let shown = try await setup.client.call(.get, "/api/agent", token: setup.token)
            #expect(shown["agent"]?["debounce_ms"] == 6000 && shown["agent"]?["signing_secret"] == nil && !shown.text.contains(setup.secret))
        }
    }

    @Test func hundredConcurrentCopiesMakeOneMessageInOneTurn() async throws {
        try await withAgent(#""debounce_ms":1000,"max_wait_ms":5000"#) { setup in
            let delivery = try UazapiDeliveries.message(id: "COPIES-1", text: "uma vez")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 { group.addTask { _ = try await setup.client.deliver("/webhooks/uazapi", delivery) } }
                try await group.waitForAll()
            }
            let received = try await deliveries(setup.agent, count: 1)
            #expect(received.count == 1 && received.first?.json["messages"]?.arrayValue?.count == 1)
            // One message was recorded, and a turn holds only recorded messages: no second turn can follow.
            let events = try await setup.client.call(.get, "/api/events?type=message_received", token: setup.token)
            #expect(events["events"]?.arrayValue?.count == 1)
        }
    }

    @Test func turnsSplitOnMaxWaitAndMaxMessagesAndLoseNone() async throws {
        try await withAgent(#""debounce_ms":400,"max_wait_ms":800,"max_messages":3"#) { setup in
            // Seven messages 150 ms apart: debounce alone would make one turn; max_wait and max_messages split it.
            for index in 0..<7 {
                #expect(
                    try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "SPLIT-\(index)", text: "m\(index)")).status
                        == .ok)
                try await Task.sleep(for: .milliseconds(150))
            }
            let deadline = ContinuousClock.now + .seconds(15)
            var texts: [String] = []
            while ContinuousClock.now < deadline {
                texts = setup.agent.deliveries.flatMap { $0.json["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? [] }
                if texts.count >= 7 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(texts == (0..<7).map { "m\($0)" }, "every message once, in order")
            let sizes = setup.agent.deliveries.map { $0.json["messages"]?.arrayValue?.count ?? 0 }
            #expect(sizes.count >= 3 && sizes.allSatisfy { $0 <= 3 }, "\(sizes)")
        }
    }

    @Test func aFailedDeliveryIsRetriedUnderTheSameWebhookID() async throws {
        try await withAgent(#""debounce_ms":0,"max_wait_ms":0"#) { setup in
            setup.agent.fail(with: [503, 503])
            #expect(
                try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "RETRY-1", text: "segredo do cliente")).status
                    == .ok)
            _ = try await deliveries(setup.agent, count: 1)
            // While the turn waits for its retry, its job keeps the contact's phone and words sealed.
            let directory = URL(fileURLWithPath: setup.gateway.configuration.dataDirectory)
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("gateway.sqlite") {
                let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                #expect(bytes.range(of: Data("3498217808".utf8)) == nil && bytes.range(of: Data("segredo do cliente".utf8)) == nil, "\(file)")
            }
            let received = try await deliveries(setup.agent, count: 3)
            #expect(received.count == 3)
            #expect(Set(received.map { $0.headers["webhook-id"] }).count == 1)
            #expect(received.last?.json["messages"]?.arrayValue?.first?["text"] == "segredo do cliente")
            #expect(try await FakeAgent.verified(received, secret: setup.secret) == ["ok", "ok", "ok"])
        }
    }

    @Test func aRotatedSecretSignsBesideTheOldOneDuringTheOverlap() async throws {
        try await withAgent(#""debounce_ms":0,"max_wait_ms":0"#) { setup in
            let rotated = try await setup.client.call(
                .put, "/api/agent", token: setup.token,
                json: #"{"url":"\#(setup.agentURL)/turns","debounce_ms":0,"max_wait_ms":0,"rotate_secret":true}"#
            )
            let newSecret = try #require(rotated["agent"]?["signing_secret"]?.stringValue)
            #expect(newSecret != setup.secret && newSecret.hasPrefix("whsec_"))
            let secrets = rotated["agent"]?["signing_secrets"]?.arrayValue ?? []
            #expect(secrets.count == 2 && secrets.filter { $0["until"]?.stringValue != nil }.count == 1, "the old secret expires after the overlap")

            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "ROTATE-1")).status == .ok)
            let received = try await deliveries(setup.agent, count: 1)
            #expect(received.first?.headers["webhook-signature"]?.split(separator: " ").count == 2)
            #expect(try await FakeAgent.verified(received, secret: setup.secret) == ["ok"], "an agent still on the old secret accepts it")
            #expect(try await FakeAgent.verified(received, secret: newSecret) == ["ok"], "an agent on the new secret accepts it")
            let unchanged = try await setup.client.call(.put, "/api/agent", token: setup.token, json: #"{"url":"\#(setup.agentURL)/turns"}"#)
            #expect(unchanged["agent"]?["signing_secret"] == nil, "a secret is shown only when made")
        }
    }

    @Test func contentIsKeptSealedOnlyWhenTheClientAsksAndOnlyForItsRetention() async throws {
        try await withAgent(#""debounce_ms":0,"max_wait_ms":0,"store_content":true,"content_retention_days":1"#) { setup in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "KEEP-1", text: "guarde isto")).status == .ok)
            let conversation = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first)
            let path = "/api/conversations/\(try #require(conversation["id"]?.stringValue))/messages"
            let kept = try await setup.client.call(.get, path, token: setup.token)
            #expect(kept["messages"]?.arrayValue?.first?["content"] == "guarde isto", "\(kept.text)")
            let stored = try await setup.gateway.core.store.conversationMessages(
                clientID: "acme", conversationID: try #require(conversation["id"]?.stringValue), limit: 1)
            #expect(stored.first?.sealedContent?.hasPrefix("gwenc:v1:") == true, "sealed in the store")

            #expect(try await setup.gateway.core.store.dropExpiredContent(now: Date().addingTimeInterval(2 * 86_400)) == 1)
            let dropped = try await setup.client.call(.get, path, token: setup.token)
            #expect(dropped["messages"]?.arrayValue?.first?["content"] == nil && dropped["messages"]?.arrayValue?.count == 1, "the metadata stays")
        }
    }

    @Test func agentSettingsOutOfRangeAreRefusedNamingTheField() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["AgentWebhook"])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            for (body, field) in [
                (#"{"url":"https://agent.example.com","debounce_ms":-1}"#, "debounce_ms"),
                (#"{"url":"https://agent.example.com","debounce_ms":5000,"max_wait_ms":1000}"#, "max_wait_ms"),
                (#"{"url":"https://agent.example.com","max_messages":0}"#, "max_messages"),
                (#"{"url":"https://agent.example.com","content_retention_days":0}"#, "content_retention_days"),
                (#"{"url":"ftp://agent.example.com"}"#, "url"), (#"{"url":"00"}"#, "url"), (#"{"debounce_ms":100}"#, "url"),
            ] {
                let answer = try await client.call(.put, "/api/agent", token: token, json: body)
                #expect(answer.status == .unprocessableContent && answer["details"]?["field"] == .string(field), "\(body): \(answer.text)")
            }
            #expect(try await client.call(.get, "/api/agent", token: token).status == .notFound, "nothing was configured")
        }
    }

    @Test func removingTheAgentStopsTurns() async throws {
        try await withAgent(#""debounce_ms":60000,"max_wait_ms":60000"#) { setup throws in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "BEFORE-REMOVE")).status == .ok)
            #expect(try await setup.client.call(.delete, "/api/agent", token: setup.token).status == .ok)
            #expect(try await setup.client.call(.get, "/api/agent", token: setup.token).status == .notFound)
            #expect(try await setup.client.call(.delete, "/api/agent", token: setup.token).status == .notFound)
            // The open turn went with it, and at once (this process forgot its cached settings) a new message opens none.
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "AFTER-REMOVE")).status == .ok)
            #expect(try await setup.gateway.core.store.claimDueTurns(now: Date().addingTimeInterval(3_600), lease: 30, limit: 10).isEmpty)
            #expect(try await setup.client.call(.get, "/api/events?type=message_received", token: setup.token)["events"]?.arrayValue?.count == 2)
        }
    }

    @Test func aRestartDuringDebounceLosesNoMessage() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi", "AgentWebhook"]) {
            $0.delivery.pollInterval = .milliseconds(20)
        }
        let uazapi = FakeUazapi()
        let agent = FakeAgent()
        try await LocalServer.run(uazapi.router) { uazapiURL in
            try await LocalServer.run(agent.router) { agentURL in
                // The first process takes the message into a turn due in a minute, then goes away.
                try await gateway.app.test(.router) { client in
                    let token = try await gateway.token("acme")
                    #expect(try await client.configureWhatsApp(token: token, url: uazapiURL).status == .ok)
                    #expect(
                        try await client.call(
                            .put, "/api/agent", token: token, json: #"{"url":"\#(agentURL)/turns","debounce_ms":60000,"max_wait_ms":60000}"#
                        ).status == .ok)
                    #expect(
                        try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "RESTART-1", text: "antes do restart")).status
                            == .ok)
                }
                try await gateway.core.store.close()
                // The next process on the same store finds the turn when it is due, and delivers it.
                let restarted = try await GatewayRuntime.open(gateway.configuration, logger: Logger(label: "restarted"))
                #expect(try await restarted.turns.flushDue(now: Date().addingTimeInterval(120)) == 1)
                try await buildApplication(runtime: restarted).test(.live) { _ in
                    let received = try await deliveries(agent, count: 1)
                    #expect(received.first?.json["messages"]?.arrayValue?.first?["text"] == "antes do restart")
                }
            }
        }
    }
}
