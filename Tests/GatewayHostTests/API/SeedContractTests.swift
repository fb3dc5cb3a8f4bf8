import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// The seed's own request bodies and answers, letter for letter: flat configure bodies for each type (the database's
/// `mode` inferred), the integration's `type` as the seed names it, status with its figures, tests with the seed's
/// message and the tables found, and sends with `sent_at` and `Prefer: wait`.
@Suite struct SeedContractTests {
    @Test func theSeedsWhatsAppBodiesAndAnswers() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite) { $0.delivery.pollInterval = .milliseconds(20) }
        let uazapi = FakeUazapi()
        try await LocalServer.run(uazapi.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let seed = #"{"api_url":"\#(url)","api_token":"\#(FakeUazapi.token)","phone_number":"+5511999999999","send_rate_per_minute":10}"#
                let configured = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: seed)
                #expect(configured.status == .ok, "\(configured.text)")
                let integration = try #require(configured["integration"])
                #expect(integration["id"]?.stringValue != nil && integration["created_at"]?.stringValue != nil)
                #expect(integration["type"] == "whatsapp" && integration["status"] == "connected")

                let refused = try await client.call(
                    .post, "/api/integrations/whatsapp/configure", token: token,
                    json: #"{"api_url":"ftp://nope","api_token":"t","phone_number":"+5511999999999"}"#)
                #expect(
                    refused.status == .unprocessableContent && refused["details"]?["field"] == "api_url",
                    "flat fields are named flat: \(refused.text)")

                let tested = try await client.call(.post, "/api/integrations/whatsapp/test", token: token)
                #expect(tested["success"] == .bool(true) && tested["message"] == "Connection successful" && tested["latency_ms"]?.intValue != nil)

                // A send answers at once with sent_at null; Prefer: wait answers with the real sent_at.
                let queued = try await client.call(
                    .post, "/api/integrations/whatsapp/send", token: token, json: #"{"phone":"5511988887777","message":"Olá"}"#)
                #expect(queued.status == .accepted && queued["sent_at"] == .null && queued["message_id"]?.stringValue != nil, "\(queued.text)")
                let waited = try await client.execute(
                    uri: "/api/integrations/whatsapp/send", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json", HTTPField.Name("Prefer")!: "wait=10"],
                    body: ByteBuffer(string: #"{"phone":"5511988887777","message":"Tudo bem?"}"#)
                ) { response in
                    (
                        response.status, response.headers[HTTPField.Name("Preference-Applied")!],
                        try JSONDecoder().decode(JSONValue.self, from: Data(String(buffer: response.body).utf8))
                    )
                }
                #expect(waited.0 == .ok && waited.1 == "wait=10", "\(waited.2)")
                #expect(waited.2["status"] == "sent" && waited.2["sent_at"]?.stringValue != nil)

                _ = try await gateway.waitForMessage("acme", try #require(queued["message_id"]?.stringValue), toBe: [.sent])
                let status = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
                #expect(status["status"] == "connected" && status["last_tested_at"]?.stringValue != nil)
                #expect(status["phone_number"] == "+5511999999999")
                #expect(status["messages_sent_today"] == 2 && status["rate_limit_remaining"] == 8, "\(status.text)")
            }
        }
    }

    @Test func aSendTheProviderRefusesIsAnErrorWhenWaitedFor() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite) { $0.delivery.pollInterval = .milliseconds(20) }
        let uazapi = FakeUazapi()
        try await LocalServer.run(uazapi.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                #expect(try await client.configureWhatsApp(token: token, url: url).status == .ok)
                uazapi.log.script(400, body: #"{"error":"number not on WhatsApp"}"#)
                let refused = try await client.execute(
                    uri: "/api/integrations/whatsapp/send", method: .post,
                    headers: [
                        .authorization: "Bearer \(token)", .contentType: "application/json", HTTPField.Name("Prefer")!: "respond-async, wait=10",
                    ],
                    body: ByteBuffer(string: #"{"phone":"5511988887777","message":"Olá"}"#)
                ) { response in (response.status, try JSONDecoder().decode(JSONValue.self, from: Data(String(buffer: response.body).utf8))) }
                #expect(refused.0 == .badGateway && refused.1["success"] == .bool(false), "\(refused.1)")
                #expect(refused.1["error_code"] == "VALIDATION_ERROR" && refused.1["details"]?["status"] == "failed")
                #expect(refused.1["details"]?["provider_status"] == "INVALID", "the provider's own word kept")
                #expect(refused.1["details"]?["message_id"]?.stringValue != nil)
            }
        }
    }

    @Test func theSeedsEmailBodiesNameTheTypeByProvider() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["SendGrid", "SMTP"])
        let sendgrid = FakeSendGrid()
        let sink = try SMTPSink(login: ("agent", "pw-1234"))
        try await LocalServer.run(sendgrid.router) { url in
            try await gateway.app.test(.live) { client in
                let acme = try await gateway.token("acme")
                let seed =
                    #"{"provider":"sendgrid","api_key":"\#(FakeSendGrid.apiKey)","from_email":"contato@empresa.com","from_name":"Empresa","base_url":"\#(url)"}"#
                let configured = try await client.call(.post, "/api/integrations/email/configure", token: acme, json: seed)
                #expect(configured.status == .ok && configured["integration"]?["type"] == "email_sendgrid", "\(configured.text)")

                let globex = try await gateway.token("globex")
                let smtp = """
                    {"provider":"smtp","host":"127.0.0.1","port":\(sink.port),"username":"agent","password":"pw-1234","use_tls":false,\
                    "from_email":"contato@empresa.com"}
                    """
                let viaSMTP = try await client.call(.post, "/api/integrations/email/configure", token: globex, json: smtp)
                #expect(viaSMTP.status == .ok && viaSMTP["integration"]?["type"] == "email_smtp", "\(viaSMTP.text)")
                #expect(viaSMTP["integration"]?["config"]?["password"]?.stringValue?.hasPrefix("****") == true && !viaSMTP.text.contains("pw-1234"))
            }
        }
    }

    @Test func theSeedsDatabaseBodyInfersItsModeAndTheTestFindsTables() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["ClientSupabase"])
        let postgrest = FakePostgREST()
        try await LocalServer.run(postgrest.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let seed =
                    #"{"supabase_url":"\#(url)","supabase_key":"\#(FakePostgREST.key)","read_only":true,"allowed_tables":["orders","invoices"]}"#
                let configured = try await client.call(.post, "/api/integrations/database/configure", token: token, json: seed)
                #expect(configured.status == .ok, "\(configured.text)")
                #expect(configured["integration"]?["config"]?["mode"] == "rest", "a Supabase URL means rest")
                let tested = try await client.call(.post, "/api/integrations/database/test", token: token)
                #expect(tested["success"] == .bool(true) && tested["message"] == "Connection successful", "\(tested.text)")
                #expect(tested["tables_found"] == ["orders"], "invoices does not exist")
            }
        }
    }

    @Test func aSwitchedOffIntegrationRefusesSendsHoldsQueuedOnesAndTriggersSkip() async throws {
        try await SchedulerSetup.run { setup in
            let client = setup.client
            let token = setup.token
            let integrationID = try #require(
                try await client.call(.get, "/api/integrations/whatsapp/status", token: token)["integration"]?["id"]?.stringValue)
            // A message due in 5 s, and the integration switched off right after it was queued.
            let sendAt = Date().addingTimeInterval(5)
            let delayed = try await client.call(
                .post, "/api/integrations/whatsapp/send", token: token,
                json: #"{"phone":"5511988887777","message":"Mais tarde","send_at":"\#(sendAt.formatted(.iso8601))"}"#)
            let delayedID = try #require(delayed["message_id"]?.stringValue, "\(delayed.text)")
            let off = try await client.call(.patch, "/api/integrations/\(integrationID)", token: token, json: #"{"enabled":false}"#)
            #expect(off.status == .ok && off["integration"]?["enabled"] == .bool(false), "\(off.text)")
            let refused = try await client.call(
                .post, "/api/integrations/whatsapp/send", token: token, json: #"{"phone":"5511988887777","message":"Oi"}"#)
            #expect(refused.status == .conflict && refused["error_code"] == "INTEGRATION_DISABLED")

            let body = """
                {"trigger_type":"time_based","trigger_config":{"delay_days":3,"reference_field":"conversations.last_inbound_at"},
                 "action_type":"send_message","action_config":{"channel":"whatsapp","message":"Olá! Posso ajudar em algo?"}}
                """
            let triggerID = try #require(try await setup.createTrigger(body))
            let written = Date()
            #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "OFF-1")).status == .ok)
            _ = try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5))
            let log = try await setup.executions(triggerID)
            #expect(log.first?["skip_reason"] == "integration_disabled" && log.first?["error_message"] == .null, "\(log)")

            // Once its send_at passes, a worker takes it and, the integration being off, puts it back for later: its
            // next attempt moves past send_at.
            #expect(
                try await eventually(within: .seconds(30)) {
                    (try await setup.gateway.waitForMessage("acme", delayedID, toBe: [.queued]).nextAttemptAt ?? .distantPast) > sendAt
                }, "held back by a worker after its send_at")
            let held = try await setup.gateway.waitForMessage("acme", delayedID, toBe: [.queued])
            #expect(held.attempts == 0 && setup.sentTexts().isEmpty, "it waits, spending no attempt")
            #expect(try await client.call(.patch, "/api/integrations/\(integrationID)", token: token, json: #"{"enabled":true}"#).status == .ok)
            _ = try await setup.gateway.waitForMessage("acme", delayedID, toBe: [.sent])
            #expect(setup.sentTexts() == ["Mais tarde"])
            let audit = try await client.call(.get, "/api/audit", token: token)
            #expect(audit.text.contains("integration.disable") && audit.text.contains("integration.enable"), "\(audit.text)")
        }
    }
}
