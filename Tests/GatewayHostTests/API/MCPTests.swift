import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// The MCP server driven by a client nobody here wrote: the official Python SDK, over Streamable HTTP against the real
/// server and over stdio through `gateway mcp`, with the real Uazapi and ClientSupabase plugins, a spec-following
/// fake uazapi and a real PostgreSQL.
/// Serialized: each test starts Python several times, and two at once would load the 2-core machine for the others.
@Suite(.serialized) struct MCPTests {
    /// Two clients, acme and globex, each with a WhatsApp integration on the fake; acme also has its shop database
    /// (orders and customers allowed, not secrets).
    private func withAgents(
        _ body:
            @Sendable (_ gateway: TestGateway, _ fake: FakeUazapi, _ client: any TestClientProtocol, _ port: Int, _ acme: String, _ globex: String)
            async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi", "ClientSupabase"]) {
            $0.delivery.pollInterval = .milliseconds(20)
        }
        let shop = try ShopDatabase()
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let acme = try await gateway.token("acme")
                let globex = try await gateway.token("globex")
                for (token, instance) in [(acme, "-acme"), (globex, "-globex")] {
                    let configured = try await client.call(
                        .post, "/api/integrations/whatsapp/configure", token: token,
                        json: TestGateway.whatsappConfig(url, extra: #","test":false"#, instance: instance)
                    )
                    #expect(configured.status == .ok, "\(configured.text)")
                }
                let database = try await client.call(
                    .post, "/api/integrations/database/configure", token: acme,
                    json:
                        #"{"config":{"mode":"postgres","connection_string":"\#(try shop.connectionString)","allowed_tables":["orders","customers"]}}"#
                )
                #expect(database.status == .ok, "\(database.text)")
                try await body(gateway, fake, client, try #require(client.port), acme, globex)
            }
        }
    }

    private static func result(_ report: MCPAgent.Report, _ index: Int) throws -> JSONValue {
        #expect(report.failed == nil, "\(report.failed ?? "")")
        return try #require(report.results.count > index ? report.results[index] : nil)
    }

    @Test func anAgentListsEveryToolWithClosedSchemasAndHonestHints() async throws {
        try await withAgents { _, _, _, port, acme, _ in
            let report = try await MCPAgent.overHTTP(port: port, token: acme, [MCPAgent.list])
            #expect(report.protocolVersion == "2025-11-25")
            let tools = try Self.result(report, 0)["tools"]?.arrayValue ?? []
            let byName = Dictionary(uniqueKeysWithValues: tools.compactMap { tool in tool["name"]?.stringValue.map { ($0, tool) } })
            #expect(
                Set(byName.keys) == [
                    "send_whatsapp", "send_sms", "send_email", "query_database", "get_message_status", "list_conversations", "get_conversation",
                    "update_conversation",
                    "report_event",
                ]
            )
            for (name, tool) in byName {
                #expect(tool["inputSchema"]?["type"] == "object" && tool["inputSchema"]?["additionalProperties"] == .bool(false), "\(name)")
                #expect(tool["outputSchema"]?["type"] == "object", "\(name)")
                #expect(tool["annotations"]?["destructiveHint"] == .bool(false), "\(name)")
                #expect(tool["description"]?.stringValue?.isEmpty == false, "\(name)")
            }
            let send = try #require(byName["send_whatsapp"])
            #expect(send["inputSchema"]?["required"] == ["phone"])
            #expect(send["inputSchema"]?["properties"]?["wait_seconds"]?["maximum"] == 30)
            #expect(send["annotations"]?["readOnlyHint"] == .bool(false) && send["annotations"]?["openWorldHint"] == .bool(true))
            let query = try #require(byName["query_database"])
            #expect(query["inputSchema"]?["properties"]?["operation"] == nil, "the tool only reads")
            #expect(query["annotations"]?["readOnlyHint"] == .bool(true) && query["annotations"]?["idempotentHint"] == .bool(true))
            #expect(byName["get_message_status"]?["annotations"]?["openWorldHint"] == .bool(false))
        }
    }

    @Test func anAgentSendsAWhatsAppMessageWaitsForItAndARepeatSendsNothing() async throws {
        try await withAgents { _, fake, _, port, acme, _ in
            let arguments: [String: JSONValue] = [
                "phone": "+55 11 98888-7777", "message": "Seu pedido saiu", "idempotency_key": "order-77", "wait_seconds": 15,
            ]
            let report = try await MCPAgent.overHTTP(
                port: port, token: acme, [MCPAgent.call("send_whatsapp", arguments), MCPAgent.call("send_whatsapp", arguments)])
            let first = try Self.result(report, 0)
            #expect(first["is_error"] == .bool(false), "\(first)")
            let sent = try #require(first["structured"])
            #expect(sent["status"] == "sent" && sent["settled"] == .bool(true) && sent["replayed"] == .bool(false))
            #expect(sent["sent_at"]?.stringValue != nil)
            let id = try #require(sent["message_id"]?.stringValue)
            #expect(first["text"]?.arrayValue?.first?.stringValue.map { $0.contains(id) } == true, "a JSON text copy of the result")

            let repeated = try Self.result(report, 1)["structured"]
            #expect(repeated?["message_id"] == .string(id) && repeated?["replayed"] == .bool(true))
            #expect(fake.deliveries(of: id) == 1)
            let request = try #require(fake.log.requests.first { $0.path == "/send/text" })
            #expect(request.body["number"]?.stringValue?.filter(\.isNumber) == "5511988887777")

            let status = try await MCPAgent.overHTTP(port: port, token: acme, [MCPAgent.call("get_message_status", ["message_id": .string(id)])])
            #expect(try Self.result(status, 0)["structured"]?["status"] == "sent")
        }
    }

    @Test func anAgentQueriesTheClientsPostgreSQLButNotAForbiddenTable() async throws {
        try await withAgents { _, _, client, port, acme, _ in
            let report = try await MCPAgent.overHTTP(
                port: port, token: acme,
                [
                    MCPAgent.call(
                        "query_database",
                        [
                            "table": "orders", "select": ["id", "status"],
                            "filters": [["column": "customer_phone", "op": "eq", "value": "5511999990000"]],
                            "order": [["column": "id"]],
                        ]
                    ),
                    MCPAgent.call("query_database", ["table": "secrets"]),
                    MCPAgent.call("query_database", ["table": "orders", "operation": "delete"]),
                ]
            )
            let rows = try Self.result(report, 0)
            #expect(rows["is_error"] == .bool(false), "\(rows)")
            #expect(rows["structured"]?["count"] == 3 && rows["structured"]?["truncated"] == .bool(false))
            #expect(rows["structured"]?["rows"]?.arrayValue?.first == ["id": 1, "status": "paid"])
            let forbidden = try Self.result(report, 1)
            #expect(forbidden["is_error"] == .bool(true) && forbidden["structured"]?["error_code"] == "TABLE_NOT_ALLOWED")
            #expect(forbidden["structured"]?["error"]?.stringValue?.contains("allowed") == true)
            let write = try Self.result(report, 2)
            #expect(write["is_error"] == .bool(true) && write["structured"]?["details"]?["field"] == "operation")

            // Every query is audited with its table, rows and duration, never a value.
            let audit = try await client.call(.get, "/api/audit", token: acme)
            let queries = (audit["entries"]?.arrayValue ?? []).filter { $0["action"] == "database.query" }
            #expect(queries.count == 2)
            #expect(queries.contains { $0["target"] == "orders" && $0["detail"]?["rows"] == 3 && $0["detail"]?["duration_ms"]?.intValue != nil })
            #expect(queries.contains { $0["target"] == "secrets" && $0["detail"]?["refused"] == "not_allowed" })
            #expect(!audit.text.contains("5511999990000"))
        }
    }

    @Test func aWrongOrMissingCredentialIs401AndStartsNoSession() async throws {
        try await withAgents { _, _, _, port, _, _ in
            for token in ["not-a-token", "gwk_0123456789abcdef_0123456789abcdef0123456789abcdef", nil] {
                let report = try await MCPAgent.overHTTP(port: port, token: token, [MCPAgent.list])
                #expect(report.failed != nil && report.results.isEmpty)
                #expect(report.statuses.first == 401, "\(report.statuses)")
            }
            let overStdio = try await MCPAgent.overStdio(port: port, apiKey: "gwk_wrong", [MCPAgent.list])
            #expect(overStdio.failed?.contains("Authentication required") == true, "\(overStdio.failed ?? "no failure")")
        }
    }

    @Test func overStdioTheKeysClientGetsTheSameToolsAndNeverAnotherClientsMessage() async throws {
        try await withAgents { _, _, client, port, acme, globex in
            let created = try await client.call(.post, "/api/keys", token: acme, json: #"{"name":"desktop agent"}"#)
            let key = try #require(created["key"]?.stringValue)
            let ownSend = try await MCPAgent.overHTTP(
                port: port, token: acme, [MCPAgent.call("send_whatsapp", ["phone": "+5511988887777", "message": "oi"])])
            let own = try #require(try Self.result(ownSend, 0)["structured"]?["message_id"]?.stringValue)
            let otherSend = try await MCPAgent.overHTTP(
                port: port, token: globex, [MCPAgent.call("send_whatsapp", ["phone": "+5511988887777", "message": "oi"])])
            let other = try #require(try Self.result(otherSend, 0)["structured"]?["message_id"]?.stringValue)

            let report = try await MCPAgent.overStdio(
                port: port, apiKey: key,
                [
                    MCPAgent.list, MCPAgent.call("get_message_status", ["message_id": .string(own)]),
                    MCPAgent.call("get_message_status", ["message_id": .string(other)]),
                ]
            )
            #expect(try Self.result(report, 0)["tools"]?.arrayValue?.count == 9)
            #expect(try Self.result(report, 1)["structured"]?["id"] == .string(own))
            let foreign = try Self.result(report, 2)
            #expect(foreign["is_error"] == .bool(true) && foreign["structured"]?["error_code"] == "NOT_FOUND")
            #expect(!(foreign["text"].map { "\($0)" } ?? "").contains("5511988887777"))
        }
    }

    @Test func anAgentWorksItsConversationsAndNeverSeesAnotherClients() async throws {
        try await withAgents { _, _, client, port, acme, globex in
            let delivery = try UazapiDeliveries.message(token: FakeUazapi.token + "-globex")
            #expect(try await client.deliver("/webhooks/uazapi", delivery).status == .ok)
            let theirs = try await MCPAgent.overHTTP(port: port, token: globex, [MCPAgent.call("list_conversations", ["status": "open"])])
            let conversation = try #require(try Self.result(theirs, 0)["structured"]?["conversations"]?.arrayValue?.first)
            let id = try #require(conversation["id"]?.stringValue)

            let report = try await MCPAgent.overHTTP(
                port: port, token: globex,
                [
                    MCPAgent.call("get_conversation", ["conversation_id": .string(id)]),
                    MCPAgent.call(
                        "update_conversation", ["conversation_id": .string(id), "status": "pending", "lead": ["score": 72, "tags": ["hot"]]]),
                    MCPAgent.call("report_event", ["conversation_id": .string(id), "type": "intent_detected", "data": ["intent": "cancelamento"]]),
                    MCPAgent.call("report_event", ["phone": "+55 34 9821-7808", "type": "lead_qualified"]),
                ]
            )
            let detail = try Self.result(report, 0)
            #expect(detail["is_error"] == .bool(false), "\(detail)")
            #expect(detail["structured"]?["contact"]?["phone"] == .string(UazapiDeliveries.senderPhone))
            #expect(detail["structured"]?["messages"]?.arrayValue?.first?["direction"] == "in")
            let updated = try Self.result(report, 1)["structured"]?["conversation"]
            #expect(updated?["status"] == "pending" && updated?["lead"]?["tags"] == ["hot"], "\(String(describing: updated))")
            #expect(try Self.result(report, 2)["structured"]?["event"]?["type"] == "intent_detected")
            #expect(try Self.result(report, 3)["structured"]?["event"]?["conversation_id"] == .string(id))

            // acme's token sees none of globex's conversation, whatever id it names.
            let mine = try await MCPAgent.overHTTP(
                port: port, token: acme,
                [
                    MCPAgent.call("list_conversations"), MCPAgent.call("get_conversation", ["conversation_id": .string(id)]),
                    MCPAgent.call("update_conversation", ["conversation_id": .string(id), "status": "closed"]),
                    MCPAgent.call("report_event", ["conversation_id": .string(id), "type": "intent_detected"]),
                ]
            )
            #expect(try Self.result(mine, 0)["structured"]?["conversations"] == .array([]))
            for index in 1...3 {
                #expect(try Self.result(mine, index)["structured"]?["error_code"] == "NOT_FOUND", "step \(index)")
            }
            let after = try await client.call(.get, "/api/conversations/\(id)", token: globex)
            #expect(after["conversation"]?["status"] == "pending", "acme changed nothing")
        }
    }
}
