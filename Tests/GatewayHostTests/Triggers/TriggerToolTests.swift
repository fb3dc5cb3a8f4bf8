import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// `call_tool` actions through the real plugins: a query on the client's PostgreSQL through its database integration,
/// the conversation handed to the client's agent as a turn with the trigger as its reason, the reply sent back, and a
/// POST to the client's own endpoint signed with the agent's secret (checked by the Standard Webhooks reference library).
@Suite struct TriggerToolTests {
    @Test func toolsRunOnTheClientsIntegrationsAndAgent() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi", "AgentWebhook", "ClientSupabase"]) {
            $0.delivery.pollInterval = .milliseconds(20)
        }
        let shop = try ShopDatabase()
        let uazapi = FakeUazapi()
        let agent = FakeAgent()
        agent.reply("Temos um desconto para você!")
        try await LocalServer.run(uazapi.router) { uazapiURL in
            try await LocalServer.run(agent.router) { agentURL in
                try await gateway.app.test(.live) { client in
                    let token = try await gateway.token("acme")
                    #expect(try await client.configureWhatsApp(token: token, url: uazapiURL).status == .ok)
                    let database = #"{"config":{"mode":"postgres","connection_string":"\#(try shop.connectionString)","allowed_tables":["orders"]}}"#
                    #expect(try await client.call(.post, "/api/integrations/database/configure", token: token, json: database).status == .ok)
                    // Turns from messages wait a minute: only the trigger's turn reaches the agent here.
                    let agentSet = try await client.call(
                        .put, "/api/agent", token: token, json: #"{"url":"\#(agentURL)/turns","debounce_ms":60000,"max_wait_ms":60000}"#)
                    let secret = try #require(agentSet["agent"]?["signing_secret"]?.stringValue)
                    let toolSecret = try #require(agentSet["agent"]?["tool_signing_secret"]?.stringValue)
                    #expect(toolSecret != secret)

                    func trigger(_ action: String) async throws -> String {
                        let body =
                            #"{"trigger_type":"event_based","trigger_config":{"event":"intent_detected","intent_values":["cancelamento"]},"action_type":"call_tool","action_config":\#(action)}"#
                        let created = try await client.call(.post, "/api/triggers", token: token, json: body)
                        #expect(created.status == .created, "\(created.text)")
                        return try #require(created["trigger"]?["id"]?.stringValue)
                    }
                    let handOff = try await trigger(#"{"tool":"agent","instruction":"Ofereça um desconto"}"#)
                    let query = try await trigger(
                        #"{"tool":"database.query","input":{"table":"orders","filters":[{"column":"customer_phone","op":"eq","value":"5511999990000"}]}}"#
                    )
                    let forbidden = try await trigger(#"{"tool":"database.query","input":{"table":"secrets"}}"#)
                    let http = try await trigger(#"{"tool":"http","url":"\#(agentURL)/tools/crm","body":{"action":"flag","level":2}}"#)

                    #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "TOOL-1")).status == .ok)
                    let report = #"{"phone":"+55 34 9821-7808","type":"intent_detected","data":{"intent":"cancelamento"}}"#
                    #expect(try await client.call(.post, "/api/events", token: token, json: report).status == .created)
                    _ = try await gateway.runtime.scheduler.tick(now: Date())

                    func log(_ id: String) async throws -> JSONValue? {
                        try await client.call(.get, "/api/triggers/\(id)/executions", token: token)["executions"]?.arrayValue?.first
                    }
                    #expect(try await log(query)?["result"] == ["count": 3, "truncated": false])
                    let refused = try await log(forbidden)
                    #expect(
                        refused?["action_executed"] == .bool(false)
                            && refused?["error_message"]?.stringValue?.hasPrefix("TRIGGER_EXECUTION_FAILED") == true)

                    #expect(await eventually { agent.deliveries.count >= 2 }, "the trigger's turn and the tool's POST")
                    let turn = try #require(agent.deliveries.first { $0.path == "/turns" }?.json)
                    #expect(turn["reason"]?["instruction"] == "Ofereça um desconto" && turn["reason"]?["trigger_id"] == .string(handOff))
                    #expect(turn["messages"] == .array([]) && turn["contact"]?["phone"] == .string(UazapiDeliveries.senderPhone))
                    #expect(await eventually { uazapi.log.requests.contains { $0.path == "/send/text" } })
                    #expect(uazapi.log.requests.first { $0.path == "/send/text" }?.body["text"] == "Temos um desconto para você!")

                    let posted = try #require(agent.deliveries.first { $0.path == "/tools/crm" })
                    #expect(posted.json["body"] == ["action": "flag", "level": 2] && posted.json["trigger_id"] == .string(http))
                    #expect(try await FakeAgent.verified([posted], secret: toolSecret) == ["ok"], "signed as agent turns are, with its own secret")
                    #expect(
                        try await FakeAgent.verified([posted], secret: secret).first?.hasPrefix("refused") == true,
                        "the receiver cannot pass it to the agent: the agent's secret did not sign it")
                    let sent = try #require(try await log(http)?["result"]?["message_id"]?.stringValue)
                    _ = try await gateway.waitForMessage("acme", sent, toBe: [.sent])
                    let status = try await client.call(.get, "/api/messages/\(sent)", token: token)["message"]?["status"]
                    #expect(status == "sent", "the POST is a message of its own, followed to its outcome")
                }
            }
        }
    }
}
