import Foundation
import Testing

@testable import GatewayHost

/// Every IF operator over every kind of field: what holds, what does not, what cannot be evaluated (a wrong type) or
/// is refused before it is ever stored (an unknown operator), and the comparison a simulation names as a near miss.
@Suite struct ConditionEvaluatorTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let conditions = ConditionEvaluator(
        conversation: ConversationRecord(
            id: "c", clientID: "acme", integrationID: "i", contactID: "k", channel: .whatsapp, status: .open,
            lead: Lead(score: 85, tags: ["vip", "sp"], fields: ["plan": "gold", "seats": 12]), inboundCount: 3, outboundCount: 1,
            createdAt: now.addingTimeInterval(-10 * 86_400), updatedAt: now, lastMessageAt: now.addingTimeInterval(-4 * 86_400),
            lastInboundAt: now.addingTimeInterval(-4 * 86_400), lastOutboundAt: nil
        ),
        contactName: "Rafael", event: ["intent": "cancelamento", "confidence": .number(0.9)], now: now
    )

    private func holds(_ field: String, _ op: String, _ value: JSONValue? = nil) throws -> Bool {
        var comparison: [String: JSONValue] = ["field": .string(field), "operator": .string(op)]
        comparison["value"] = value
        return try Self.conditions.evaluate(TriggerCondition(type: "condition", config: comparison))
    }

    /// The IF a `condition_type` and `condition_config` state, parsed as the API parses them.
    private func condition(_ type: ConditionType, _ config: [String: JSONValue]) throws -> TriggerCondition {
        try TriggerCondition(type: type.rawValue, config: config)
    }

    @Test(
        arguments: [
            ("conversations.status", "equals", "open", true), ("conversation.status", "equals", "closed", false),
            ("conversation.status", "not_equals", "closed", true), ("conversation.status", "not_equals", "open", false),
            ("conversation.channel", "equals", "whatsapp", true), ("conversation.integration_id", "equals", "i", true),
            ("conversation.inbound_count", "greater_than", 2, true), ("conversation.outbound_count", "less_than", 2, true),
            ("lead.score", "greater_than", 80, true), ("lead.score", "less_than", 80, false), ("lead.score", "equals", .number(85.0), true),
            ("lead.score", "in", [70, 85], true), ("lead.score", "in", [1], false),
            ("lead.tags", "contains", "vip", true), ("lead.tags", "contains", "rj", false),
            ("lead.fields.plan", "equals", "gold", true), ("lead.fields.seats", "greater_than", 10, true),
            ("lead.fields.plan", "exists", nil, true), ("lead.fields.missing", "exists", nil, false),
            ("contact.name", "contains", "rafa", true), ("contact.name", "in", ["Rafael", "Ana"], true),
            ("event.intent", "equals", "cancelamento", true), ("event.confidence", "greater_than", .number(0.5), true),
            ("conversation.last_message_at", "exists", nil, true), ("conversation.last_outbound_at", "exists", nil, false),
            ("lead.fields.missing", "equals", "x", false), ("lead.fields.missing", "not_equals", "x", true),
            ("lead.fields.missing", "greater_than", 1, false), ("lead.fields.missing", "contains", "x", false),
        ] as [(String, String, JSONValue?, Bool)])
    func everyOperatorOverEveryKindOfField(field: String, op: String, value: JSONValue?, expected: Bool) throws {
        #expect(try holds(field, op, value) == expected)
    }

    @Test func theSeedsShapesAndNestedGroups() throws {
        let conditions = Self.conditions
        #expect(try conditions.evaluate(condition(.always, [:])))
        #expect(try conditions.evaluate(condition(.fieldEquals, ["field": "conversations.status", "operator": "equals", "value": "open"])))
        #expect(try conditions.evaluate(condition(.fieldContains, ["field": "contact.name", "value": "fael"])))
        #expect(try conditions.evaluate(condition(.timeElapsed, ["field": "conversations.last_message_at", "days": 3])))
        #expect(!(try conditions.evaluate(condition(.timeElapsed, ["field": "conversations.last_message_at", "days": 5]))))
        #expect(try conditions.evaluate(condition(.timeElapsed, ["field": "conversations.last_message_at", "hours": 90])))
        let nested: [String: JSONValue] = [
            "all": [
                ["field": "lead.score", "operator": "greater_than", "value": 80],
                ["any": [["field": "lead.tags", "operator": "contains", "value": "rj"], ["field": "contact.name", "operator": "exists"]]],
            ]
        ]
        #expect(try conditions.evaluate(condition(.condition, nested)))
        #expect(!(try conditions.evaluate(condition(.condition, ["any": [["field": "lead.score", "operator": "less_than", "value": 10]]]))))
    }

    @Test(
        arguments: [
            ("conversation.status", "greater_than", JSONValue.integer(3)),
            ("lead.score", "contains", "8"),
            ("lead.score", "less_than", "ninety"),
        ] as [(String, String, JSONValue)])
    func aComparisonThatDoesNotSuitItsFieldCannotBeEvaluated(field: String, op: String, value: JSONValue) throws {
        #expect(throws: ConditionEvaluator.EvaluationError.self) { try holds(field, op, value) }
        let notATime = try condition(.timeElapsed, ["field": "conversation.status", "days": 1])
        #expect(throws: ConditionEvaluator.EvaluationError.self) { try Self.conditions.evaluate(notATime) }
    }

    @Test(arguments: [("lead.score", "in", JSONValue.string("85"), "condition_config.value"), ("lead.score", "resembles", 85, "condition_config.operator")])
    func aComparisonThatCouldNeverBeEvaluatedIsRefusedWhenParsed(field: String, op: String, value: JSONValue, path: String) {
        let error = #expect(throws: TriggerError.self) { try holds(field, op, value) }
        #expect(error?.field == path)
    }

    @Test func aNearMissNamesTheComparisonThatFailed() throws {
        let conditions = Self.conditions
        #expect(
            try conditions.failure(condition(.fieldEquals, ["field": "conversations.status", "operator": "equals", "value": "closed"]))
                == #"conversations.status equals "closed""#)
        #expect(try conditions.failure(condition(.fieldContains, ["field": "contact.name", "value": "Ana"])) == #"contact.name contains "Ana""#)
        #expect(
            try conditions.failure(condition(.timeElapsed, ["field": "conversations.last_message_at", "days": 9]))
                == "conversations.last_message_at not long enough ago")
        let all: [String: JSONValue] = [
            "all": [
                ["field": "lead.score", "operator": "greater_than", "value": 80], ["field": "lead.tags", "operator": "contains", "value": "rj"],
            ]
        ]
        #expect(try conditions.failure(condition(.condition, all)) == #"lead.tags contains "rj""#, "the first comparison of all that is false")
        #expect(try conditions.failure(condition(.condition, ["any": [["field": "lead.score", "operator": "less_than", "value": 10]]])) == "none of any")
        #expect(try conditions.failure(condition(.always, [:])) == nil)
        #expect(try conditions.failure(condition(.condition, ["field": "lead.score", "operator": "exists"])) == nil)
        #expect(
            try conditions.failure(condition(.condition, ["field": "lead.score", "operator": "contains", "value": "8"])) == nil,
            "an error is not a near miss")
    }
}
