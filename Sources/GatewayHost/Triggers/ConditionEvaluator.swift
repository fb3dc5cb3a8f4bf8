import Foundation

/// Evaluates a trigger's conditions against one conversation at fire time. A condition that cannot be evaluated (a
/// comparison that does not suit the field's value) is an error the execution log records as
/// `CONDITION_EVALUATION_ERROR`.
struct ConditionEvaluator {
    struct EvaluationError: Error {
        let message: String
    }

    /// What fields name: the conversation, its lead, its contact's name, and the event that fired the trigger.
    let conversation: ConversationRecord
    let contactName: String?
    let event: [String: JSONValue]?
    let now: Date

    func evaluate(_ condition: TriggerCondition) throws(EvaluationError) -> Bool {
        switch condition {
        case .always:
            return true
        case .fieldEquals(let field, let value):
            return try compare(field, .equals, value)
        case .fieldContains(let field, let value):
            return try compare(field, .contains, value)
        case .timeElapsed(let field, let seconds):
            guard let since = value(of: field)?.stringValue.flatMap(SQLTimestamp.parse) else {
                throw EvaluationError(message: "\(field.name) is not a time")
            }
            return now.timeIntervalSince(since) >= Double(seconds)
        case .condition(let expression):
            return try holds(expression)
        }
    }

    func holds(_ expression: ConditionExpression) throws(EvaluationError) -> Bool {
        switch expression {
        case .all(let parts):
            for part in parts where try !holds(part) { return false }
            return true
        case .any(let parts):
            for part in parts where try holds(part) { return true }
            return false
        case .comparison(let field, let op, let value):
            return try compare(field, op, value)
        }
    }

    /// The comparison that made the condition false (`field operator value`), for a simulation's near misses; nil when
    /// it holds or cannot be evaluated.
    func failure(_ condition: TriggerCondition) -> String? {
        guard (try? evaluate(condition)) == false else { return nil }
        switch condition {
        case .fieldEquals(let field, let value): return Self.describe(field, .equals, value)
        case .fieldContains(let field, let value): return Self.describe(field, .contains, value)
        case .timeElapsed(let field, _): return "\(field.name) not long enough ago"
        case .condition(let expression): return firstFailure(expression)
        case .always: return nil
        }
    }

    private func firstFailure(_ expression: ConditionExpression) -> String? {
        switch expression {
        case .all(let parts): parts.lazy.compactMap { part in (try? holds(part)) == false ? firstFailure(part) : nil }.first
        case .any: "none of any"
        case .comparison(let field, let op, let value): Self.describe(field, op, value)
        }
    }

    private static func describe(_ field: ConditionField, _ op: ComparisonOperator, _ value: JSONValue?) -> String {
        "\(field.name) \(op.rawValue) \(value.map(\.jsonText) ?? "")".trimmingCharacters(in: .whitespaces)
    }

    private func compare(_ field: ConditionField, _ op: ComparisonOperator, _ expected: JSONValue?) throws(EvaluationError) -> Bool {
        let actual = value(of: field)
        switch op {
        case .exists:
            return actual != nil && actual != .null
        case .equals, .notEquals:
            let equal = actual.map { same($0, expected ?? .null) } ?? false
            return op == .equals ? equal : !equal
        case .contains:
            switch (actual, expected) {
            case (.string(let text)?, .string(let part)?): return text.localizedCaseInsensitiveContains(part)
            case (.array(let items)?, let item?): return items.contains { same($0, item) }
            case (nil, _), (.null?, _): return false
            default: throw EvaluationError(message: "contains needs text or a list in \(field.name)")
            }
        case .in:
            guard case .array(let options)? = expected else { throw EvaluationError(message: "in needs a list") }
            return actual.map { value in options.contains { same(value, $0) } } ?? false
        case .greaterThan, .lessThan:
            guard let actual else { return false }
            guard let left = number(actual), let right = expected.flatMap(number) else {
                throw EvaluationError(message: "\(op.rawValue) compares numbers; \(field.name) or the value is not one")
            }
            return op == .greaterThan ? left > right : left < right
        }
    }

    /// The field's value, nil when it has none.
    func value(of field: ConditionField) -> JSONValue? {
        switch field.subject {
        case .conversation(let name):
            switch name {
            case .lastMessageAt, .lastInboundAt, .lastOutboundAt, .createdAt: return name.time(of: conversation).map { .string(SQLTimestamp.format($0)) }
            case .status: return .string(conversation.status.rawValue)
            case .channel: return .string(conversation.channel.rawValue)
            case .integrationID: return .string(conversation.integrationID)
            case .inboundCount: return .integer(Int64(conversation.inboundCount))
            case .outboundCount: return .integer(Int64(conversation.outboundCount))
            }
        case .leadScore: return conversation.lead.score.map(JSONValue.number)
        case .leadTags: return .array(conversation.lead.tags.map(JSONValue.string))
        case .leadField(let name): return conversation.lead.fields[name]
        case .contactName: return contactName.map(JSONValue.string)
        case .event(let path): return event?[path]
        }
    }

    private func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = number(left), let b = number(right) { return a == b }
        return left == right
    }

    private func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }
}
