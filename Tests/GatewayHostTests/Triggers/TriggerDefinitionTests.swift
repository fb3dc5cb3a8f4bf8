import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// A trigger's WHEN, IF and THEN are parsed once into what the scheduler switches over: the seed's bodies become the
/// cases they mean, the configs stay as written, and a stored row the rules no longer take reads as corrupt by id and
/// is left out of lists.
@Suite struct TriggerDefinitionTests {
    private func definition(_ json: String) throws -> TriggerDefinition {
        let body = try JSONDecoder().decode(TriggerService.Body.self, from: Data(json.utf8))
        return try TriggerDefinition(
            triggerType: body.trigger_type ?? "", triggerConfig: body.trigger_config ?? [:], conditionType: body.condition_type ?? "always",
            conditionConfig: body.condition_config ?? [:], actionType: body.action_type ?? "", actionConfig: body.action_config ?? [:])
    }

    @Test func theSeedsFollowUpBecomesTheCasesItMeans() throws {
        let seed = try definition(
            #"""
            {"trigger_type":"time_based","trigger_config":{"delay_days":3,"reference_field":"conversations.last_message_at"},
             "condition_type":"field_equals","condition_config":{"field":"conversations.status","operator":"equals","value":"open"},
             "action_type":"send_message","action_config":{"channel":"whatsapp","template_id":"follow_up_1","business_hours":true}}
            """#)
        #expect(seed.when == .timeBased(reference: .lastMessageAt, delaySeconds: 3 * 86_400))
        guard case .fieldEquals(let field, let value) = seed.condition else {
            Issue.record("not field_equals: \(seed.condition)")
            return
        }
        #expect(field.name == "conversations.status" && field.subject == .conversation(.status) && value == "open")
        #expect(seed.action == .sendMessage(channel: .whatsapp, TriggerText(templateID: "follow_up_1", inline: nil)))
        #expect(seed.inBusinessHoursOnly)
        #expect(seed.triggerConfig["reference_field"] == "conversations.last_message_at", "the config stays as written")
    }

    @Test func schedulesEventsAndEmailsKeepTheirValues() throws {
        let schedule = try definition(
            #"""
            {"trigger_type":"schedule","trigger_config":{"cron":"0 9 * * 1-5","timezone":"America/Manaus",
             "audience":{"any":[{"field":"lead.score","operator":"greater_than","value":80},{"field":"contact.name","operator":"exists"}]}},
             "action_type":"call_tool","action_config":{"tool":"agent","instruction":"check in"}}
            """#)
        guard case .schedule(let cron, let zone, let audience?) = schedule.when else {
            Issue.record("not a schedule with an audience: \(schedule.when)")
            return
        }
        #expect(cron == CronExpression("0 9 * * 1-5") && zone == "America/Manaus")
        #expect(audience.readsContactName, "the audience reads the contact's name, so its contact is opened")
        #expect(schedule.action == .callTool(.agent(instruction: "check in")))

        let keywords = try definition(
            #"""
            {"trigger_type":"event_based","trigger_config":{"event":"message_received","keywords":["cancelar","falar com humano"]},
             "action_type":"change_status","action_config":{"status":"pending"}}
            """#)
        guard case .eventBased(let match) = keywords.when else {
            Issue.record("not event-based: \(keywords.when)")
            return
        }
        #expect(match.event == .messageReceived && match.keywords == ["cancelar", "falar com humano"])
        #expect(match.admits(["keywords": ["cancelar"]]) && !match.admits(["keywords": ["outro"]]) && !match.admits([:]))
        #expect(keywords.action == .changeStatus(.pending))

        // An address as long as the OpenAPI document allows (more than 64 characters) is taken.
        let address = String(repeating: "a", count: 90) + "@example.com"
        let email = try definition(
            #"{"trigger_type":"condition_based","trigger_config":{"condition":{"field":"lead.tags","operator":"contains","value":"vip"}},"#
                + #""action_type":"send_email","action_config":{"to":["\#(address)"],"subject":"Oi","body":"Olá {{contact.name}}"}}"#)
        #expect(email.action == .sendEmail(to: [address], subject: "Oi", text: TriggerText(templateID: nil, inline: "Olá {{contact.name}}")))
    }

    @Test func aStoredTriggerTheRulesNoLongerTakeReadsAsCorrupt() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite)
        let token = try await gateway.token("acme")
        try await gateway.app.test(.router) { client in
            let body = #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"open"}}"#
            let created = try await client.call(.post, "/api/triggers", token: token, json: body)
            let id = try #require(created["trigger"]?["id"]?.stringValue)
            let store = gateway.core.store
            _ = try await store.database.transaction(.system) { connection in
                try connection.query("UPDATE triggers SET action_config = $1 WHERE id = $2", .text(#"{"status":"archived"}"#), .text(id))
            }
            let error = await #expect(throws: StoreError.self) { try await store.trigger(clientID: "acme", id: id) }
            #expect(error?.code == .corrupt && error?.message.contains("action_config.status") == true, "\(String(describing: error))")
            // Lists leave it out, so the scans of every client go on; a readable one beside it is listed.
            let other = try await client.call(.post, "/api/triggers", token: token, json: body)["trigger"]?["id"]?.stringValue
            #expect(try await store.triggers(clientID: "acme", active: nil).map(\.id) == [other].compactMap { $0 })
            #expect(try await store.activeTriggers(type: .eventBased).map(\.id) == [other].compactMap { $0 })
        }
    }
}
