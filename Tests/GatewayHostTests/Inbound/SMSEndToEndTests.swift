import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// SMS on Twilio through the real server: an `sms` integration, a signed inbound SMS (signed by Twilio's own validator
/// over the URL under `GATEWAY_PUBLIC_URL`) that becomes a conversation and a signed agent turn, the agent's reply sent
/// back by SMS with its `StatusCallback`, the receipt that moves it forward; the send route, triggers on `sms`, and a
/// WhatsApp integration served by the same plugin.
@Suite struct SMSEndToEndTests {
    static let publicURL = "https://gw.example.com"

    private struct Setup: Sendable {
        let gateway: TestGateway
        let twilio: FakeTwilio
        let twilioURL: String
        let agent: FakeAgent
        let client: any TestClientProtocol
        let token: String
    }

    private func withTwilio(_ body: @Sendable (Setup) async throws -> Void) async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Twilio", "AgentWebhook"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
            configuration.publicURL = PublicURL(Self.publicURL)
        }
        let twilio = FakeTwilio()
        let agent = FakeAgent()
        try await LocalServer.run(twilio.router) { twilioURL in
            try await LocalServer.run(agent.router) { agentURL in
                try await gateway.app.test(.live) { client in
                    let token = try await gateway.token("acme")
                    let agentSet = try await client.call(.put, "/api/agent", token: token, json: #"{"url":"\#(agentURL)/turns","debounce_ms":0,"max_wait_ms":0}"#)
                    #expect(agentSet.status == .ok, "\(agentSet.text)")
                    try await body(Setup(gateway: gateway, twilio: twilio, twilioURL: twilioURL, agent: agent, client: client, token: token))
                }
            }
        }
    }

    /// Configures `type` on the fake Twilio; answers the integration's id.
    private func configure(_ setup: Setup, _ type: String = "sms", from: String = "+14155550100") async throws -> String {
        let provider = type == "sms" ? "" : #""provider":"twilio","#
        let configured = try await setup.client.call(
            .post, "/api/integrations/\(type)/configure", token: setup.token,
            json: #"{\#(provider)"account_sid":"\#(FakeTwilio.accountSID)","auth_token":"\#(FakeTwilio.authToken)","from":"\#(from)","api_url":"\#(setup.twilioURL)"}"#
        )
        #expect(configured.status == .ok, "\(configured.text)")
        #expect(configured["integration"]?["provider"] == "twilio" && configured["integration"]?["status"] == "connected")
        #expect(!configured.text.contains(FakeTwilio.authToken))
        return try #require(configured["integration"]?["id"]?.stringValue)
    }

    /// Posts `params` to the integration's webhook URL, signed by Twilio's validator (or with `signature`).
    private func deliver(_ setup: Setup, _ params: [String: String], integration: String, signature: String? = nil) async throws -> APIResponse {
        let path = "/webhooks/twilio/\(integration)"
        let signed = try await FakeTwilio.signatures([(Self.publicURL + path, params)])[0]
        return try await setup.client.deliver(
            path, FakeTwilio.form(params),
            headers: [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: signature ?? signed])
    }


    @Test func anSMSBecomesATurnTheReplyGoesBackBySMSAndItsReceiptCounts() async throws {
        try await withTwilio { setup in
            setup.agent.reply("Oi! Seu pedido sai hoje.")
            let id = try await configure(setup)
            let inbound = ["MessageSid": "SM" + String(repeating: "a1", count: 16), "AccountSid": FakeTwilio.accountSID, "From": "+5534982178080",
                           "To": "+14155550100", "Body": "Quando chega meu pedido?", "NumMedia": "0"]
            let delivered = try await deliver(setup, inbound, integration: id)
            #expect(delivered.status == .ok && delivered.text == "<Response></Response>", "\(delivered.text)")

            #expect(await eventually { !setup.agent.deliveries.isEmpty })
            let turn = try #require(setup.agent.deliveries.first?.json)
            #expect(turn["conversation"]?["channel"] == "sms" && turn["contact"]?["phone"] == "+5534982178080")
            #expect(turn["messages"]?.arrayValue?.first?["text"] == "Quando chega meu pedido?")

            #expect(await eventually { !setup.twilio.messages.isEmpty })
            let reply = try #require(setup.twilio.messages.first)
            #expect(
                reply.fields == ["To": "+5534982178080", "From": "+14155550100", "Body": "Oi! Seu pedido sai hoje.", "StatusCallback": "\(Self.publicURL)/webhooks/twilio/\(id)"])

            let receipt = ["MessageSid": reply.sid, "AccountSid": FakeTwilio.accountSID, "MessageStatus": "delivered"]
            #expect(try await deliver(setup, receipt, integration: id).status == .ok)
            let conversation = try #require(try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first)
            #expect(conversation["channel"] == "sms")
            let messages = try await setup.client.call(.get, "/api/conversations/\(try #require(conversation["id"]?.stringValue))/messages", token: setup.token)
            let outbound = try #require(messages["messages"]?.arrayValue?.first { $0["direction"] == "out" })
            #expect(outbound["provider_message_id"] == .string(reply.sid) && outbound["delivered_at"]?.stringValue != nil, "\(messages.text)")

            // A replayed delivery is taken once; a forged one is refused and recorded nowhere.
            #expect(try await deliver(setup, inbound, integration: id).status == .ok)
            let forged = try await deliver(setup, inbound.merging(["Body": "forjada", "MessageSid": "SMforged"]) { $1 }, integration: id, signature: "bm90IGEgc2lnbmF0dXJl")
            #expect(forged.status == .unauthorized && forged["error_code"] == "INVALID_SIGNATURE")
            let events = try await setup.client.call(.get, "/api/events?type=message_received", token: setup.token)
            #expect(events["events"]?.arrayValue?.count == 1)
        }
    }

    @Test func theSendRouteTriggersAndAWhatsAppIntegrationUseTwilio() async throws {
        try await withTwilio { setup in
            _ = try await configure(setup)
            let sent = try await setup.client.call(
                .post, "/api/integrations/sms/send", token: setup.token, json: #"{"phone":"+55 11 98888-7777","message":"Código: 1234"}"#)
            #expect(sent.status == .accepted, "\(sent.text)")
            let job = try await setup.gateway.waitForMessage("acme", try #require(sent["message_id"]?.stringValue), toBe: [.sent])
            #expect(setup.twilio.messages.last?.fields["To"] == "+5511988887777" && setup.twilio.messages.last?.sid == job.providerMessageID)
            for (body, field) in [
                (#"{"phone":"+5511988887777","message":"\#(String(repeating: "x", count: 1601))"}"#, "message"),
                (#"{"phone":"+5511988887777","message":"  "}"#, "message"), (#"{"phone":"abc","message":"oi"}"#, "phone"),
            ] {
                let refused = try await setup.client.call(.post, "/api/integrations/sms/send", token: setup.token, json: body)
                #expect(refused.status.code >= 400 && refused.status.code < 500 && refused["details"]?["field"] == .string(field), "\(refused.text)")
            }

            let trigger = #"{"trigger_type":"time_based","trigger_config":{"delay_minutes":60,"reference_field":"conversation.created_at"},"action_type":"send_message","action_config":{"channel":"#
            #expect(try await setup.client.call(.post, "/api/triggers", token: setup.token, json: trigger + #""sms","message":"oi"}}"#).status == .created)
            let telegram = try await setup.client.call(.post, "/api/triggers", token: setup.token, json: trigger + #""telegram","message":"oi"}}"#)
            #expect(telegram.status.code == 422 && telegram["details"]?["field"] == "action_config.channel", "\(telegram.text)")

            _ = try await configure(setup, "whatsapp", from: "whatsapp:+14155550100")
            let whatsapp = try await setup.client.call(
                .post, "/api/integrations/whatsapp/send", token: setup.token, json: #"{"phone":"+5511988887777","message":"pelo WhatsApp"}"#)
            _ = try await setup.gateway.waitForMessage("acme", try #require(whatsapp["message_id"]?.stringValue), toBe: [.sent])
            #expect(setup.twilio.messages.last?.fields["To"] == "whatsapp:+5511988887777" && setup.twilio.messages.last?.fields["Body"] == "pelo WhatsApp")
        }
    }

    /// The hostile-tenant extremes in every field of the SMS configure and send, then webhooks with extreme bodies and
    /// signatures: each answered with the envelope below 500, and the server goes on serving.
    @Test func extremeConfigsSendsAndDeliveriesAreAnsweredAndTheServerStaysUp() async throws {
        try await withTwilio { setup in
            // Untested configures (a null api_url means Twilio's own, which no test may reach), then the valid one, then sends.
            let configure: JSONValue = [
                "account_sid": .string(FakeTwilio.accountSID), "auth_token": .string(FakeTwilio.authToken), "from": "+14155550100",
                "api_url": .string(setup.twilioURL), "test": false,
            ]
            let routes: [(path: String, base: JSONValue, fields: [String])] = [
                ("/api/integrations/sms/configure", configure, ["account_sid", "auth_token", "from", "messaging_service_sid", "api_url"]),
                ("/api/integrations/sms/send", ["phone": "+5511988887777", "message": "oi"], ["phone", "message", "priority", "send_at"]),
            ]
            let id = try await self.configure(setup)
            for route in routes {
                if route.path.hasSuffix("/send") { _ = try await self.configure(setup) }
                try await HostileTenantTests.answerLightExtremes(setup.client, token: setup.token, path: route.path, base: route.base, fields: route.fields)
            }
            let json: HTTPFields = [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: String(repeating: "A", count: 60_000)]
            for body in [
                String(repeating: "Body=x&", count: 10_000), "%ZZ=%G1", String(repeating: "a", count: 100_000),
                "From=%2B5511988887777&Body=" + String(repeating: "%C3%A9", count: 20_000),
            ] {
                let answer = try await setup.client.deliver("/webhooks/twilio/\(id)", body, headers: json)
                #expect(answer.status.code < 500 && answer["error_code"] != nil, "\(answer.status) \(answer.text.prefix(200))")
            }
            #expect(try await setup.client.call(.get, "/health", token: nil).status == .ok)
            let globex = try await setup.gateway.token("globex")
            #expect(try await setup.client.call(.get, "/api/conversations", token: globex).status == .ok)
        }
    }
}
