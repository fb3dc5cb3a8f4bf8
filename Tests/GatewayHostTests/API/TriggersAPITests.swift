import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// The seed's trigger routes: its two examples posted verbatim, list, read, partial update, toggle, delete, and every
/// refused WHEN, IF and THEN named by its path in `INVALID_TRIGGER_CONFIG`.
@Suite struct TriggersAPITests {
    static let followUp = """
        {
          "name": "Follow-up de Inatividade",
          "description": "Envia mensagem após 3 dias sem resposta",
          "trigger_type": "time_based",
          "trigger_config": {"delay_days": 3, "reference_field": "conversations.last_message_at"},
          "condition_type": "field_equals",
          "condition_config": {"field": "conversations.status", "operator": "equals", "value": "open"},
          "action_type": "send_message",
          "action_config": {"channel": "whatsapp", "template_id": "follow_up_1", "message": "Olá! Posso ajudar em algo?"}
        }
        """

    static let intentAlert = """
        {"trigger_type": "event_based",
         "trigger_config": {"event": "intent_detected", "intent_values": ["cancelamento", "reclamacao"]},
         "condition_type": "always", "condition_config": {},
         "action_type": "send_email",
         "action_config": {"to": ["sucesso@renum.com.br"], "subject": "Alerta: Cliente com intenção de cancelamento", "template_id": "alert_critical_intent"}}
        """

    private func withTriggers(_ body: @Sendable (TestGateway, any TestClientProtocol, String) async throws -> Void) async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in try await body(gateway, client, try await gateway.token("acme")) }
    }

    @Test func theSeedsExamplesAreTakenAsWrittenAndListed() async throws {
        try await withTriggers { gateway, client, token in
            let created = try await client.call(.post, "/api/triggers", token: token, json: Self.followUp)
            #expect(created.status == .created && created["success"] == .bool(true), "\(created.text)")
            let trigger = try #require(created["trigger"])
            #expect(trigger["name"] == "Follow-up de Inatividade" && trigger["active"] == .bool(true))
            #expect(trigger["id"]?.stringValue != nil && trigger["created_at"]?.stringValue != nil)
            let alert = try await client.call(.post, "/api/triggers", token: token, json: Self.intentAlert)
            #expect(alert.status == .created, "\(alert.text)")
            #expect(alert["trigger"]?["name"]?.stringValue?.isEmpty == false, "a name is made up when the body has none")

            let list = try await client.call(.get, "/api/triggers?active=true", token: token)
            #expect(list["total"] == 2 && list["triggers"]?.arrayValue?.count == 2)
            let first = try #require(list["triggers"]?.arrayValue?.first)
            #expect(first["execution_count"] == 0 && first["last_executed_at"] == .null)
            #expect(first["trigger_config"] == ["delay_days": 3, "reference_field": "conversations.last_message_at"])
            let id = try #require(trigger["id"]?.stringValue)
            let read = try await client.call(.get, "/api/triggers/\(id)", token: token)
            #expect(read["trigger"]?["action_config"]?["template_id"] == "follow_up_1")
        }
    }

    @Test func updateChangesOnlyWhatIsGivenAndToggleAndDeleteWork() async throws {
        try await withTriggers { gateway, client, token in
            let id = try #require(try await client.call(.post, "/api/triggers", token: token, json: Self.followUp)["trigger"]?["id"]?.stringValue)
            let renamed = try await client.call(
                .put, "/api/triggers/\(id)", token: token,
                json: #"{"name":"Follow-up (2 dias)","trigger_config":{"delay_days":2,"reference_field":"conversation.last_inbound_at"}}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(renamed["trigger"]?["name"] == "Follow-up (2 dias)" && renamed["trigger"]?["trigger_config"]?["delay_days"] == 2)
            #expect(renamed["trigger"]?["action_config"]?["message"] == "Olá! Posso ajudar em algo?", "what was not given stays")

            let off = try await client.call(.patch, "/api/triggers/\(id)/toggle", token: token, json: #"{"active": false}"#)
            #expect(off["trigger"]?["active"] == .bool(false))
            #expect(try await client.call(.get, "/api/triggers?active=true", token: token)["total"] == 0)
            #expect(try await client.call(.get, "/api/triggers?active=false", token: token)["total"] == 1)
            #expect(try await client.call(.get, "/api/triggers?active=maybe", token: token)["error_code"] == "INVALID_TRIGGER_CONFIG")

            let globex = try await gateway.token("globex")
            for (method, path, json) in [
                (HTTPRequest.Method.get, "/api/triggers/\(id)", nil), (.put, "/api/triggers/\(id)", #"{"name":"x"}"#),
                (.patch, "/api/triggers/\(id)/toggle", #"{"active":true}"#), (.post, "/api/triggers/\(id)/test", nil),
                (.delete, "/api/triggers/\(id)", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                let foreign = try await client.call(method, path, token: globex, json: json)
                #expect(foreign.status == .notFound && foreign["error_code"] == "TRIGGER_NOT_FOUND", "\(method) \(path)")
            }
            #expect(try await client.call(.get, "/api/triggers", token: globex)["total"] == 0)

            let deleted = try await client.call(.delete, "/api/triggers/\(id)", token: token)
            #expect(deleted.status == .ok && deleted["message"] == "Trigger deleted successfully")
            #expect(try await client.call(.get, "/api/triggers/\(id)", token: token)["error_code"] == "TRIGGER_NOT_FOUND")
        }
    }

    /// Each body breaks one rule; the answer names its path.
    @Test(arguments: [
        (
            #"{"trigger_type":"time_based","trigger_config":{"delay_days":0,"reference_field":"conversations.last_message_at"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.delay_days"
        ),
        (
            #"{"trigger_type":"time_based","trigger_config":{"delay_days":"3","reference_field":"conversations.last_message_at"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.delay_days"
        ),
        (
            #"{"trigger_type":"time_based","trigger_config":{"delay_days":1,"delay_hours":2,"reference_field":"conversations.created_at"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.delay_days"
        ),
        (
            #"{"trigger_type":"time_based","trigger_config":{"delay_hours":2,"reference_field":"conversations.status"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.reference_field"
        ),
        (#"{"trigger_type":"hourly","action_type":"change_status","action_config":{"status":"closed"}}"#, "trigger_type"),
        (
            #"{"trigger_type":"schedule","trigger_config":{"cron":"0 9 * *"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.cron"
        ),
        (
            #"{"trigger_type":"schedule","trigger_config":{"cron":"61 9 * * 1-5"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.cron"
        ),
        (
            #"{"trigger_type":"schedule","trigger_config":{"cron":"0 9 * * 1-5","timezone":"Mars/Olympus"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.timezone"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"intent_detected"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.intent_values"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"message_received","keywords":["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"]},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.keywords"
        ),
        (
            #"{"trigger_type":"time_based","trigger_config":{"delay_days":1,"reference_field":"conversations.created_at"},"action_type":"send_email","action_config":{"body":"hi","subject":"a\nb"}}"#,
            "action_config.subject"
        ),
        (
            #"{"trigger_type":"time_based","trigger_config":{"delay_days":1,"reference_field":"conversations.created_at"},"action_type":"send_message","action_config":{"message":"{{>partial}}"}}"#,
            "action_config.message"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"message_received","keywords":[]},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.keywords"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated","keywords":["cancelar"]},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.keywords"
        ),
        (
            #"{"trigger_type":"condition_based","trigger_config":{"condition":{"field":"lead.score","operator":"greater_than"}},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "trigger_config.condition.value"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"condition_type":"condition","condition_config":{"any":[{"field":"lead.score","operator":"greater_than","value":80},{"field":"lead.color","operator":"equals","value":"red"}]},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "condition_config.any.1.field"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"condition_type":"condition","condition_config":{"field":"lead.tags","operator":"in","value":[]},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "condition_config.value"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"condition_type":"field_equals","condition_config":{"field":"conversations.status","operator":"contains","value":"open"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "condition_config.operator"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"condition_type":"time_elapsed","condition_config":{"field":"conversations.last_message_at"},"action_type":"change_status","action_config":{"status":"closed"}}"#,
            "condition_config.days"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"send_message","action_config":{"channel":"whatsapp"}}"#,
            "action_config.message"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"send_message","action_config":{"channel":"telegram","message":"oi"}}"#,
            "action_config.channel"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"send_email","action_config":{"to":["not-an-address"],"body":"oi"}}"#,
            "action_config.to.0"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"call_tool","action_config":{"tool":"shell","input":{}}}"#,
            "action_config.tool"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"call_tool","action_config":{"tool":"http","url":"file:///etc/passwd"}}"#,
            "action_config.url"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"archived"}}"#,
            "action_config.status"
        ),
        (
            #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":"closed"}"#,
            "action_config"
        ),
        (#"{"trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"closed"}}"#, "trigger_type"),
    ])
    func aBrokenRuleIsRefusedNamingItsPath(body: String, field: String) async throws {
        try await withTriggers { _, client, token in
            let refused = try await client.call(.post, "/api/triggers", token: token, json: body)
            #expect(refused.status == .unprocessableContent && refused["error_code"] == "INVALID_TRIGGER_CONFIG", "\(refused.text)")
            #expect(refused["details"]?["field"] == .string(field), "\(refused.text)")
            #expect(try await client.call(.get, "/api/triggers", token: token)["total"] == 0, "nothing stored")
        }
    }

    @Test func conditionsNestOnlySoDeep() async throws {
        var condition = #"{"field":"lead.score","operator":"exists"}"#
        for _ in 0..<(ConditionExpression.maxDepth + 1) { condition = #"{"all":[\#(condition)]}"# }
        let body =
            #"{"trigger_type":"condition_based","trigger_config":{"condition":\#(condition)},"action_type":"change_status","action_config":{"status":"closed"}}"#
        try await withTriggers { _, client, token in
            let refused = try await client.call(.post, "/api/triggers", token: token, json: body)
            #expect(
                refused["error_code"] == "INVALID_TRIGGER_CONFIG"
                    && refused["details"]?["field"]?.stringValue?.hasPrefix("trigger_config.condition.all") == true)
        }
    }
}
