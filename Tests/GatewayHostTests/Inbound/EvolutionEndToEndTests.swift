import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// WhatsApp on Evolution API through the real server: a configure that generates the webhook secret and registers the
/// instance's webhook, deliveries to the reference's `POST /webhooks/evolution` found by that secret, a signed agent
/// turn, the agent's reply sent back through Evolution, and a receipt that moves it forward.
@Suite struct EvolutionEndToEndTests {
    private struct Setup: Sendable {
        let gateway: TestGateway
        let evolution: FakeEvolution
        let evolutionURL: String
        let agent: FakeAgent
        let client: any TestClientProtocol
        let token: String
        /// The gateway's `/webhooks/evolution` as Evolution reaches it.
        let webhookURL: String
    }

    private func withEvolution(_ body: @Sendable (Setup) async throws -> Void) async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["EvolutionAPI", "AgentWebhook"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let evolution = FakeEvolution()
        let agent = FakeAgent()
        try await LocalServer.run(evolution.router) { evolutionURL in
            try await LocalServer.run(agent.router) { agentURL in
                try await gateway.app.test(.live) { client in
                    let token = try await gateway.token("acme")
                    let agentSet = try await client.call(.put, "/api/agent", token: token, json: #"{"url":"\#(agentURL)/turns","debounce_ms":0,"max_wait_ms":0}"#)
                    #expect(agentSet.status == .ok, "\(agentSet.text)")
                    let webhookURL = "http://127.0.0.1:\(try #require(client.port))/webhooks/evolution"
                    try await body(
                        Setup(gateway: gateway, evolution: evolution, evolutionURL: evolutionURL, agent: agent, client: client, token: token, webhookURL: webhookURL))
                }
            }
        }
    }

    /// The seed's flat configure shape with `provider: "evolution"`, registering the webhook when `webhookURL` is given.
    private func configure(_ setup: Setup, token: String? = nil, webhookURL: String? = nil, test: Bool = true) async throws -> APIResponse {
        let registration = webhookURL.map { #","register_webhook":true,"webhook_url":"\#($0)""# } ?? ""
        return try await setup.client.call(
            .post, "/api/integrations/whatsapp/configure", token: token ?? setup.token,
            json: #"{"provider":"evolution","api_url":"\#(setup.evolutionURL)","api_key":"\#(FakeEvolution.apiKey)","instance":"loja","test":\#(test)\#(registration)}"#
        )
    }

    /// The secret the instance's webhook was set to send.
    private func registeredSecret(_ evolution: FakeEvolution) throws -> String {
        try #require(evolution.webhookSettings?["headers"]?["x-gateway-webhook-secret"]?.stringValue)
    }


    @Test func aMessageBecomesATurnAndTheReplyGoesBackThroughEvolutionAndItsReceiptCounts() async throws {
        try await withEvolution { setup in
            setup.agent.reply("Oi! Como posso ajudar?")
            let configured = try await configure(setup, webhookURL: setup.webhookURL)
            #expect(configured.status == .ok, "\(configured.text)")
            #expect(configured["integration"]?["provider"] == "evolution" && configured["integration"]?["status"] == "connected")
            let secret = try registeredSecret(setup.evolution)
            #expect(secret.count >= 43, "256 random bits")
            #expect(setup.evolution.webhookSettings?["url"] == .string(setup.webhookURL))
            let status = try await setup.client.call(.get, "/api/integrations/whatsapp/status", token: setup.token)
            #expect(!configured.text.contains(secret) && !status.text.contains(secret), "the generated secret is never shown")

            let delivered = try await setup.client.deliver(
                "/webhooks/evolution", EvolutionDeliveries.message(id: "3EB0E2E1", text: "quero saber do meu pedido"), headers: setup.evolution.deliveryHeaders)
            #expect(delivered.status == .ok, "\(delivered.text)")

            #expect(await eventually { !setup.agent.deliveries.isEmpty })
            let turn = try #require(setup.agent.deliveries.first?.json)
            #expect(turn["messages"]?.arrayValue?.first?["text"] == "quero saber do meu pedido")
            #expect(turn["contact"]?["phone"] == "+553498217808" && turn["conversation"]?["channel"] == "whatsapp")

            #expect(await eventually { setup.evolution.log.requests.contains { $0.path == "/message/sendText/loja" } })
            let reply = try #require(setup.evolution.log.requests.first { $0.path == "/message/sendText/loja" })
            #expect(reply.body == ["number": "553498217808", "text": "Oi! Como posso ajudar?"])
            let providerID = try #require(setup.evolution.sentMessageIDs.first)

            let receipt = try await setup.client.deliver(
                "/webhooks/evolution", EvolutionDeliveries.receipt(providerMessageID: providerID, status: "READ"), headers: setup.evolution.deliveryHeaders)
            #expect(receipt.status == .ok)
            let conversation = try #require(try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first)
            let messages = try await setup.client.call(.get, "/api/conversations/\(try #require(conversation["id"]?.stringValue))/messages", token: setup.token)
            let outbound = try #require(messages["messages"]?.arrayValue?.first { $0["direction"] == "out" })
            #expect(outbound["provider_message_id"] == .string(providerID) && outbound["read_at"]?.stringValue != nil, "\(messages.text)")
        }
    }

    @Test func forgedDeliveriesAreRefusedAndRecordedNowhere() async throws {
        try await withEvolution { setup in
            #expect(try await configure(setup, webhookURL: setup.webhookURL).status == .ok)
            let secret = try registeredSecret(setup.evolution)
            let message = EvolutionDeliveries.message(id: "FORGED", text: "forjada")
            var wrongSecret = setup.evolution.deliveryHeaders
            wrongSecret[HTTPField.Name("x-gateway-webhook-secret")!] = String(secret.dropLast()) + (secret.hasSuffix("A") ? "B" : "A")
            for (body, headers) in [
                (message, wrongSecret),
                (message, [.contentType: "application/json"] as HTTPFields),
                (EvolutionDeliveries.message(id: "FORGED", text: "forjada", instance: "outra"), setup.evolution.deliveryHeaders),
            ] {
                let refused = try await setup.client.deliver("/webhooks/evolution", body, headers: headers)
                #expect(refused.status == .unauthorized, "\(refused.text)")
                #expect(refused["error_code"] == "INVALID_SIGNATURE", "\(refused.text)")
            }
            #expect(try await setup.client.call(.get, "/api/events", token: setup.token)["events"] == .array([]))
            #expect(try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"] == .array([]))
            #expect(setup.agent.deliveries.isEmpty)
        }
    }

    @Test func theGeneratedSecretIsKeptOnReconfigureAndReplacedWhenTheWebhookURLChanges() async throws {
        try await withEvolution { setup in
            #expect(try await configure(setup, webhookURL: setup.webhookURL).status == .ok)
            let first = try registeredSecret(setup.evolution)
            #expect(try await configure(setup, webhookURL: setup.webhookURL).status == .ok)
            #expect(try registeredSecret(setup.evolution) == first, "a reconfigure keeps the stored secret")

            let moved = setup.webhookURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            #expect(try await configure(setup, webhookURL: moved).status == .ok)
            let second = try registeredSecret(setup.evolution)
            #expect(second != first, "a new destination gets a new secret")
            let stale = try await setup.client.deliver(
                "/webhooks/evolution", EvolutionDeliveries.message(id: "OLD", text: "velha"), headers: [.contentType: "application/json", HTTPField.Name("x-gateway-webhook-secret")!: first])
            #expect(stale.status == .unauthorized)
            #expect(
                try await setup.client.deliver("/webhooks/evolution", EvolutionDeliveries.message(id: "NEW", text: "nova"), headers: setup.evolution.deliveryHeaders)
                    .status == .ok)

            // Where a proxy drops custom headers, the integration's own URL takes the secret in its path.
            let id = try #require(try await setup.client.call(.get, "/api/integrations/whatsapp/status", token: setup.token)["integration"]?["id"]?.stringValue)
            let json: HTTPFields = [.contentType: "application/json"]
            #expect(try await setup.client.deliver("/webhooks/evolution/\(id)/\(second)", EvolutionDeliveries.message(id: "PATH", text: "p"), headers: json).status == .ok)
            #expect(try await setup.client.deliver("/webhooks/evolution/\(id)/\(first)", EvolutionDeliveries.message(id: "PATH2", text: "p"), headers: json).status == .unauthorized)
            let events = try await setup.client.call(.get, "/api/events?type=message_received", token: setup.token)
            #expect(events["events"]?.arrayValue?.count == 2, "NEW and PATH: \(events.text.prefix(300))")
        }
    }

    @Test func anotherClientOnTheSameInstanceNameIsRoutedApartAndSeesNothing() async throws {
        try await withEvolution { setup in
            #expect(try await configure(setup, webhookURL: setup.webhookURL).status == .ok)
            let acmeHeaders = setup.evolution.deliveryHeaders
            // Instance names are not unique across Evolution servers: a second client may use "loja" too.
            let globex = try await setup.gateway.token("globex")
            #expect(try await configure(setup, token: globex, test: false).status == .ok)
            #expect(try await setup.client.deliver("/webhooks/evolution", EvolutionDeliveries.message(id: "ACME-1", text: "oi"), headers: acmeHeaders).status == .ok)
            #expect(try await setup.client.call(.get, "/api/conversations", token: globex)["conversations"] == .array([]))
            #expect(try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.count == 1)
        }
    }

    @Test func aFailedRegistrationFailsTheConfigureAndKeepsNothing() async throws {
        try await withEvolution { setup in
            setup.evolution.log.script(200, body: #"{"instance":{"instanceName":"loja","state":"open"}}"#)
            setup.evolution.log.script(400, body: #"{"status":400,"error":"Bad Request","response":{"message":["webhook.url is not a valid URL"]}}"#)
            let refused = try await configure(setup, webhookURL: setup.webhookURL)
            #expect(refused.status != .ok && refused.text.contains("webhook.url is not a valid URL"), "\(refused.text)")
            #expect(refused["details"]?["field"] == "webhook_url", "\(refused.text)")
            #expect(try await setup.client.call(.get, "/api/integrations/whatsapp/status", token: setup.token).status == .notFound)
        }
    }

    /// The hostile-tenant extremes in every field of the Evolution configure, then deliveries with extreme secrets and
    /// bodies: each answered with the envelope below 500, and the server goes on serving.
    @Test func extremeConfigsAndDeliveriesAreAnsweredAndTheServerStaysUp() async throws {
        try await withEvolution { setup in
            let base: JSONValue = [
                "provider": "evolution", "api_url": .string(setup.evolutionURL), "api_key": .string(FakeEvolution.apiKey), "instance": "loja",
                "register_webhook": true, "webhook_url": .string(setup.webhookURL),
            ]
            try await HostileTenantTests.answerLightExtremes(
                setup.client, token: setup.token, path: "/api/integrations/whatsapp/configure", base: base,
                fields: ["api_url", "api_key", "instance", "default_country_code", "webhook_secret", "register_webhook", "webhook_url"])
            #expect(try await configure(setup, webhookURL: setup.webhookURL).status == .ok)
            let huge = String(repeating: "s", count: 60_000)
            for (body, secret) in [
                (EvolutionDeliveries.message(id: "H1", text: "x"), huge),
                (String(repeating: "[", count: 20_000), try registeredSecret(setup.evolution)),
                (EvolutionDeliveries.message(id: "H2", text: String(repeating: "é", count: 50_000)), try registeredSecret(setup.evolution)),
                (#"{"event":"messages.upsert","instance":"loja","data":[\#((0..<2_000).map { _ in "{}" }.joined(separator: ","))]}"#, try registeredSecret(setup.evolution)),
            ] {
                let answer = try await setup.client.deliver(
                    "/webhooks/evolution", body, headers: [.contentType: "application/json", HTTPField.Name("x-gateway-webhook-secret")!: secret])
                #expect(answer.status.code < 500 && answer["error_code"] != nil || answer.status == .ok, "\(answer.status) \(answer.text.prefix(200))")
            }
            #expect(try await setup.client.call(.get, "/health", token: nil).status == .ok)
            let globex = try await setup.gateway.token("globex")
            #expect(try await setup.client.call(.get, "/api/conversations", token: globex).status == .ok)
        }
    }
}
