import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Provider webhooks through the real server and the real Uazapi plugin, with real-shaped deliveries: routing by the
/// instance token's blind index, authentication, deduplication under concurrency, conversations and contacts (the
/// phone sealed), receipts, connection state, and another client seeing none of it; on every store.
@Suite struct InboundWebhookTests {
    private func withInbound(
        _ backend: TestQueue = .sqlite,
        _ body: @Sendable (TestGateway, FakeUazapi, any TestClientProtocol, String) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: backend) { $0.delivery.pollInterval = .milliseconds(20) }
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let configured = try await client.configureWhatsApp(token: token, url: url)
                #expect(configured.status == .ok, "\(configured.text)")
                try await body(gateway, fake, client, token)
            }
        }
    }

    @Test(arguments: TestQueue.allCases)
    func aRealDeliveryBecomesOneConversationWithItsContactSealed(_ backend: TestQueue) async throws {
        try await withInbound(backend) { gateway, _, client, token in
            let delivery = try UazapiDeliveries.message()
            let first = try await client.deliver("/webhooks/uazapi", delivery)
            #expect(first.status == .ok && first["success"] == .bool(true) && first["processed_at"]?.stringValue != nil, "\(first.text)")
            #expect(first["duplicate"] == nil)
            let again = try await client.deliver("/webhooks/uazapi", delivery)
            #expect(again.status == .ok && again["duplicate"] == .bool(true))

            let list = try await client.call(.get, "/api/conversations", token: token)
            let conversations = list["conversations"]?.arrayValue ?? []
            #expect(conversations.count == 1)
            let conversation = try #require(conversations.first)
            #expect(conversation["status"] == "open" && conversation["channel"] == "whatsapp" && conversation["messages"]?["inbound"] == 1)
            #expect(conversation["last_inbound_at"]?.stringValue != nil && conversation["last_outbound_at"] == nil)
            let id = try #require(conversation["id"]?.stringValue)

            let contact = try await client.call(.get, "/api/contacts/\(try #require(conversation["contact_id"]?.stringValue))", token: token)
            #expect(contact["contact"]?["phone"] == .string(UazapiDeliveries.senderPhone) && contact["contact"]?["name"] == "Rafael")
            let messages = try await client.call(.get, "/api/conversations/\(id)/messages", token: token)
            let message = try #require(messages["messages"]?.arrayValue?.first)
            #expect(messages["messages"]?.arrayValue?.count == 1)
            #expect(message["direction"] == "in" && message["provider_message_id"] == "ACD9E19035A6AA4327A704AE66A81B45" && message["type"] == "text")
            #expect(!messages.text.contains("olá"), "content is not kept")

            let events = try await client.call(.get, "/api/events?type=message_received", token: token)
            #expect(events["events"]?.arrayValue?.count == 1 && events["events"]?.arrayValue?.first?["conversation_id"] == .string(id))
            #expect(!events.text.contains("olá") && !events.text.contains("3498217808"))

            // The phone and the name are sealed in the store, and no log line carries them.
            let stored = try await gateway.core.store.contact(clientID: "acme", id: try #require(conversation["contact_id"]?.stringValue))
            #expect(stored?.address.hasPrefix("gwenc:v1:") == true && stored?.name?.hasPrefix("gwenc:v1:") == true)
            #expect(stored.map { !$0.addressIndex.contains("3498217808") } == true)
            #expect(!gateway.logs.recorded.joined().contains("3498217808") && !gateway.logs.recorded.joined().contains("olá"))
            if backend == .sqlite {
                // Nowhere in the database files either (the WAL holds what is not checkpointed yet).
                let directory = URL(fileURLWithPath: gateway.configuration.dataDirectory)
                for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("gateway.sqlite") {
                    let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                    #expect(bytes.range(of: Data("3498217808".utf8)) == nil && bytes.range(of: Data("olá".utf8)) == nil, "\(file)")
                }
            }
        }
    }

    @Test func hundredConcurrentCopiesOfADeliveryRecordOneMessage() async throws {
        try await withInbound { _, _, client, token in
            let delivery = try UazapiDeliveries.message(id: "CONCURRENT-1")
            let answers = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<100 { group.addTask { try await client.deliver("/webhooks/uazapi", delivery) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == .ok }, "\(answers.map(\.status.code))")
            #expect(answers.filter { $0["duplicate"] == nil }.count == 1, "exactly one copy is recorded")
            let list = try await client.call(.get, "/api/conversations", token: token)
            let conversation = try #require(list["conversations"]?.arrayValue?.first)
            #expect(conversation["messages"]?["inbound"] == 1)
            let events = try await client.call(.get, "/api/events", token: token)
            #expect(events["events"]?.arrayValue?.count == 1)
        }
    }

    @Test func forgedMissingMalformedAndOversizedDeliveriesAreRefused() async throws {
        try await withInbound { gateway, _, client, token in
            let forged = try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(token: "forged-token"))
            #expect(forged.status == .unauthorized && forged["error_code"] == "INVALID_SIGNATURE", "\(forged.text)")
            let missing = try await client.deliver("/webhooks/uazapi", #"{"EventType":"messages","message":{"messageid":"X"}}"#)
            #expect(missing.status == .unauthorized && missing["error_code"] == "INVALID_SIGNATURE")
            let malformed = try await client.deliver("/webhooks/uazapi", "{not json")
            #expect(malformed.status == .badRequest && malformed["error_code"] == "INVALID_PAYLOAD")
            let wrongType = try await client.deliver("/webhooks/uazapi", "[1,2,3]")
            #expect(wrongType.status == .badRequest && wrongType["error_code"] == "INVALID_PAYLOAD")
            // A repeated token: the host routes by the first, the plugin checks the last (decision 0034); either way round
            // one of them is not the integration's, and the delivery is refused.
            let authentic = try UazapiDeliveries.message(id: "TWO-TOKENS")
            for twoTokens in [#"{"token":"forged-token","# + authentic.dropFirst(), String(authentic.dropLast()) + #","token":"forged-token"}"#] {
                let refused = try await client.deliver("/webhooks/uazapi", twoTokens)
                #expect(refused.status == .unauthorized && refused["error_code"] == "INVALID_SIGNATURE", "\(refused.text)")
            }
            let oversized = try await client.deliver("/webhooks/uazapi", #"{"token":"x","pad":""# + String(repeating: "a", count: 2 << 20) + #""}"#)
            #expect(oversized.status == .contentTooLarge && oversized["error_code"] == "PAYLOAD_TOO_LARGE")

            // The per-integration route: the plugin checks the body token against the integration's.
            let integration = try #require(try await gateway.core.store.integration(clientID: "acme", type: .whatsapp))
            let generic = "/webhooks/uazapi/\(integration.id)"
            #expect(try await client.deliver(generic, try UazapiDeliveries.message(id: "GENERIC-1")).status == .ok)
            let forgedGeneric = try await client.deliver(generic, try UazapiDeliveries.message(token: "forged-token"))
            #expect(forgedGeneric.status == .unauthorized && forgedGeneric["error_code"] == "INVALID_SIGNATURE")
            let unknown = try await client.deliver("/webhooks/uazapi/\(UUID().uuidString.lowercased())", try UazapiDeliveries.message())
            #expect(unknown.status == .notFound && unknown["error_code"] == "NOT_FOUND")
            let wrongProvider = try await client.deliver("/webhooks/sendgrid/\(integration.id)", try UazapiDeliveries.message())
            #expect(wrongProvider.status == .notFound)

            let events = try await client.call(.get, "/api/events", token: token)
            #expect(events["events"]?.arrayValue?.count == 1, "only the authentic delivery was recorded")
        }
    }

    @Test func receiptsMoveAnOutboundMessageForwardOnlyAndConnectionEventsTheIntegration() async throws {
        try await withInbound { gateway, _, client, token in
            let sent = try await client.call(
                .post, "/api/integrations/whatsapp/send", token: token, json: #"{"phone":"+55 34 9821-7808","message":"Seu pedido saiu"}"#)
            let id = try #require(sent["message_id"]?.stringValue)
            let job = try await gateway.waitForMessage("acme", id, toBe: [.sent])
            let providerID = try #require(job.providerMessageID)

            // The send joined the contact's conversation, the one its inbound messages use.
            #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message()).status == .ok)
            let conversations = try await client.call(.get, "/api/conversations", token: token)
            #expect(conversations["conversations"]?.arrayValue?.count == 1)
            let conversation = try #require(conversations["conversations"]?.arrayValue?.first)
            #expect(conversation["messages"]?["outbound"] == 1 && conversation["last_outbound_at"]?.stringValue != nil)

            #expect(
                try await client.deliver("/webhooks/uazapi", UazapiDeliveries.receipt(providerMessageID: providerID, status: "READ")).status == .ok)
            #expect(
                try await client.deliver("/webhooks/uazapi", UazapiDeliveries.receipt(providerMessageID: providerID, status: "DELIVERED")).status
                    == .ok)
            let message = try await client.call(.get, "/api/messages/\(id)", token: token)
            #expect(message["message"]?["conversation_id"] == conversation["id"])
            #expect(message["message"]?["delivery_status"] == "read", "a late 'delivered' does not undo 'read': \(message.text)")
            #expect(message["message"]?["read_at"]?.stringValue != nil && message["message"]?["status"] == "sent")

            #expect(try await client.deliver("/webhooks/uazapi", UazapiDeliveries.connection("disconnected")).status == .ok)
            let status = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
            #expect(status["integration"]?["status"] == "disconnected")
            let statusEvents = try await client.call(.get, "/api/events?type=message_status", token: token)
            #expect(statusEvents["events"]?.arrayValue?.count == 2)
        }
    }

    @Test func anotherClientSeesNoneOfItAndAgentsReportEvents() async throws {
        try await withInbound { gateway, _, client, token in
            #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message()).status == .ok)
            let list = try await client.call(.get, "/api/conversations", token: token)
            let conversation = try #require(list["conversations"]?.arrayValue?.first)
            let id = try #require(conversation["id"]?.stringValue)
            let contactID = try #require(conversation["contact_id"]?.stringValue)

            let globex = try await gateway.token("globex")
            #expect(try await client.call(.get, "/api/conversations", token: globex)["conversations"] == .array([]))
            #expect(try await client.call(.get, "/api/conversations/\(id)", token: globex).status == .notFound)
            #expect(try await client.call(.patch, "/api/conversations/\(id)", token: globex, json: #"{"status":"closed"}"#).status == .notFound)
            #expect(try await client.call(.get, "/api/conversations/\(id)/messages", token: globex).status == .notFound)
            #expect(try await client.call(.get, "/api/contacts/\(contactID)", token: globex).status == .notFound)
            #expect(try await client.call(.get, "/api/events", token: globex)["events"] == .array([]))
            let foreignReport = try await client.call(
                .post, "/api/events", token: globex, json: #"{"conversation_id":"\#(id)","type":"intent_detected"}"#)
            #expect(foreignReport.status == .notFound)

            // The agent reports an intent by phone, and changes the lead; both land in the log.
            let report = try await client.call(
                .post, "/api/events", token: token, json: #"{"phone":"+55 34 9821-7808","type":"intent_detected","data":{"intent":"cancelamento"}}"#
            )
            #expect(report.status == .created && report["event"]?["conversation_id"] == .string(id), "\(report.text)")
            let reserved = try await client.call(.post, "/api/events", token: token, json: #"{"conversation_id":"\#(id)","type":"message_received"}"#)
            #expect(reserved.status == .unprocessableContent && reserved["details"]?["field"] == "type")
            let patched = try await client.call(
                .patch, "/api/conversations/\(id)", token: token,
                json: #"{"status":"closed","lead":{"score":87.5,"tags":["vip"],"fields":{"plan":"pro"}}}"#
            )
            #expect(patched["conversation"]?["status"] == "closed" && patched["conversation"]?["lead"]?["score"] == .number(87.5), "\(patched.text)")
            #expect(try await client.call(.get, "/api/conversations?tag=vip", token: token)["conversations"]?.arrayValue?.count == 1)
            #expect(try await client.call(.get, "/api/conversations?tag=vi", token: token)["conversations"]?.arrayValue?.count == 0)
            let log = try await client.call(.get, "/api/events", token: token)
            let types = (log["events"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
            #expect(types == ["message_received", "intent_detected", "conversation_status_changed", "lead_updated"])

            // A new inbound message reopens the closed conversation.
            #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "REOPEN-1")).status == .ok)
            #expect(try await client.call(.get, "/api/conversations/\(id)", token: token)["conversation"]?["status"] == "open")
        }
    }

    /// The retention purge takes the event log's entries older than its days (90 by default) and nothing younger; a
    /// delivery still inside them stays known, so its repeat is a duplicate.
    @Test(arguments: [TestQueue.sqlite, .postgres])
    func theEventLogIsPurgedAfterItsRetentionAndRecentDeliveriesStayKnown(_ backend: TestQueue) async throws {
        try await withInbound(backend) { gateway, _, client, _ in
            let store = gateway.core.store
            let day: TimeInterval = 24 * 3_600
            for age in [120.0, 91, 89] {
                _ = try await store.appendEvent(
                    clientID: "acme", conversationID: nil, type: "lead_updated", data: ["age_days": .integer(Int64(age))], at: Date().addingTimeInterval(-age * day))
            }
            let delivery = try UazapiDeliveries.message(id: "KEPT-1")
            #expect(try await client.deliver("/webhooks/uazapi", delivery).status == .ok)

            #expect(try await gateway.runtime.retention.purgeOnce()?.events == 2)
            let left = try await store.events(clientID: "acme", filter: EventFilter(), limit: 10)
            #expect(left.compactMap { $0.data["age_days"]?.intValue } == [89], "only what is past the retention goes")
            #expect(left.contains { $0.type == "message_received" })
            #expect(try await client.deliver("/webhooks/uazapi", delivery)["duplicate"] == .bool(true))
            #expect(try await gateway.runtime.retention.purgeOnce()?.events == 0)
        }
    }

    /// A timeline reads a conversation's newest events; the API's pages the oldest first.
    @Test(arguments: [TestQueue.sqlite, .postgres])
    func theNewestEventsComeFirstWhenAsked(_ backend: TestQueue) async throws {
        try await withInbound(backend) { gateway, _, _, _ in
            let store = gateway.core.store
            for order in 1...3 {
                _ = try await store.appendEvent(clientID: "acme", conversationID: nil, type: "lead_updated", data: ["order": .integer(Int64(order))], at: Date())
            }
            var filter = EventFilter()
            #expect(try await store.events(clientID: "acme", filter: filter, limit: 2).compactMap { $0.data["order"]?.intValue } == [1, 2])
            filter.newestFirst = true
            #expect(try await store.events(clientID: "acme", filter: filter, limit: 2).compactMap { $0.data["order"]?.intValue } == [3, 2])
        }
    }
}
