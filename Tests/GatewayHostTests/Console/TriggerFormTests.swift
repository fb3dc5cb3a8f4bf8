import Foundation
import Testing

@testable import GatewayHost

/// The console's trigger builder reads each type's fields into the API's config: every WHEN, IF and THEN type the
/// seed has gets fields, and a form filled in the obvious way makes a config the API's rules take as meant.
@Suite struct TriggerFormTests {
    private func config(_ section: String, _ type: String, _ form: [String: String]) throws -> [String: JSONValue] {
        try TriggerForm.config(section: section, type: type, form: form)
    }

    @Test func everyTypeButAlwaysHasFields() {
        for type in TriggerType.allCases { #expect(!TriggerForm.fields(section: "trigger", type: type.rawValue).isEmpty, "\(type)") }
        for type in ConditionType.allCases where type != .always {
            #expect(!TriggerForm.fields(section: "condition", type: type.rawValue).isEmpty, "\(type)")
        }
        for type in ActionType.allCases { #expect(!TriggerForm.fields(section: "action", type: type.rawValue).isEmpty, "\(type)") }
        #expect(TriggerForm.fields(section: "condition", type: "always").isEmpty)
    }

    @Test func filledFormsMakeTheConfigsTheRulesTake() throws {
        let when = try config(
            "trigger", "schedule",
            [
                "trigger.schedule.cron": " 0 9 * * 1-5 ", "trigger.schedule.timezone": "America/Sao_Paulo",
                "trigger.schedule.audience.join": "any", "trigger.schedule.audience.0.field": "lead.score",
                "trigger.schedule.audience.0.operator": "greater_than", "trigger.schedule.audience.0.value": "50",
                "trigger.schedule.audience.1.field": "lead.tags", "trigger.schedule.audience.1.operator": "in",
                "trigger.schedule.audience.1.value": "vip, pro", "trigger.schedule.audience.2.field": "",
            ])
        #expect(
            when == [
                "cron": "0 9 * * 1-5", "timezone": "America/Sao_Paulo",
                "audience": [
                    "any": [["field": "lead.score", "operator": "greater_than", "value": 50], ["field": "lead.tags", "operator": "in", "value": ["vip", "pro"]]]
                ],
            ])
        let event = try config("trigger", "event_based", ["trigger.event_based.event": "message_received", "trigger.event_based.keywords": "preço, valor"])
        #expect(event == ["event": "message_received", "keywords": ["preço", "valor"]])
        let elapsed = try config(
            "condition", "time_elapsed",
            ["condition.time_elapsed.field": "conversations.last_inbound_at", "condition.time_elapsed.elapsed.amount": "2", "condition.time_elapsed.elapsed.unit": "hours"])
        #expect(elapsed == ["field": "conversations.last_inbound_at", "hours": 2])
        let equals = try config("condition", "field_equals", ["condition.field_equals.field": "lead.fields.plano", "condition.field_equals.value": "true"])
        #expect(equals == ["field": "lead.fields.plano", "value": true], "JSON's scalars are read as such")
        let email = try config(
            "action", "send_email",
            [
                "action.send_email.to": "ana@example.com, bia@example.com", "action.send_email.subject": "Oi", "action.send_email.body": "Tudo bem?",
                "action.send_email.business_hours": "on",
            ])
        #expect(email == ["to": ["ana@example.com", "bia@example.com"], "subject": "Oi", "body": "Tudo bem?", "business_hours": true])
        let tool = try config("action", "call_tool", ["action.call_tool.tool": "http", "action.call_tool.url": "https://example.com/hook", "action.call_tool.body": #"{"a":1}"#])
        #expect(tool == ["tool": "http", "url": "https://example.com/hook", "body": ["a": 1]])

        let definition = try TriggerDefinition(
            triggerType: "schedule", triggerConfig: when, conditionType: "time_elapsed", conditionConfig: elapsed, actionType: "send_email",
            actionConfig: email)
        #expect(definition.inBusinessHoursOnly)
        _ = try TriggerDefinition(
            triggerType: "event_based", triggerConfig: event, conditionType: "field_equals", conditionConfig: equals, actionType: "call_tool",
            actionConfig: tool)
    }

    @Test func whatCannotBeReadIsRefusedByItsMember() throws {
        func refusal(_ section: String, _ type: String, _ form: [String: String]) -> TriggerError? {
            do {
                _ = try config(section, type, form)
                return nil
            } catch {
                return error as? TriggerError
            }
        }
        let delay = refusal("trigger", "time_based", ["trigger.time_based.delay.amount": "3.5", "trigger.time_based.delay.unit": "delay_days"])
        #expect(delay?.field == "trigger_config.delay_days" && delay?.message == "delay_days must be a whole number")
        let input = refusal("action", "call_tool", ["action.call_tool.tool": "database.query", "action.call_tool.input": "{table: x"])
        #expect(input?.field == "action_config.input")
        // A unit the type does not have is not taken as a member.
        #expect(try config("trigger", "time_based", ["trigger.time_based.delay.amount": "3", "trigger.time_based.delay.unit": "cron"]).isEmpty)
    }

    @Test func aRefusalsMemberNamesItsField() {
        #expect(TriggerForm.fieldKey(section: "trigger", type: "time_based", member: "delay_days") == "delay")
        #expect(TriggerForm.fieldKey(section: "trigger", type: "schedule", member: "audience.any[0].field") == "audience")
        #expect(TriggerForm.fieldKey(section: "condition", type: "condition", member: "all[1].value") == "")
        #expect(TriggerForm.fieldKey(section: "action", type: "call_tool", member: "input") == "input")
        #expect(TriggerForm.fieldKey(section: "action", type: "call_tool", member: "nothing") == nil)
    }
}
