import Foundation

/// Evaluates a trigger's IF against one conversation at fire time. A condition that cannot be evaluated (a comparison
/// that does not suit the field's value) is an error the execution log records as `CONDITION_EVALUATION_ERROR`.
struct TriggerConditions {
    struct EvaluationError: Error {
        let message: String
    }

    /// What fields name: the conversation, its lead, its contact's name, and the event that fired the trigger.
    let conversation: ConversationRecord
    let contactName: String?
    let event: [String: JSONValue]?
    let now: Date

    func evaluate(_ type: ConditionType, _ config: [String: JSONValue]) throws(EvaluationError) -> Bool {
        switch type {
        case .always:
            return true
        case .fieldEquals:
            return try compare(config["field"]?.stringValue ?? "", "equals", config["value"])
        case .fieldContains:
            return try compare(config["field"]?.stringValue ?? "", "contains", config["value"])
        case .timeElapsed:
            let field = config["field"]?.stringValue ?? ""
            guard let since = value(of: field)?.stringValue.flatMap(SQLTimestamp.parse) else {
                throw EvaluationError(message: "\(field) is not a time")
            }
            let units: [(String, Double)] = [("days", 86_400), ("hours", 3_600), ("minutes", 60)]
            let (unit, seconds) = units.first { config[$0.0] != nil } ?? ("days", 86_400)
            return now.timeIntervalSince(since) >= Double(config[unit]?.intValue ?? 0) * seconds
        case .condition:
            return try matches(.object(config))
        }
    }

    /// The comparison that made the condition false (`field operator value`), for a simulation's near misses; nil when
    /// it holds or cannot be evaluated.
    func failure(_ type: ConditionType, _ config: [String: JSONValue]) -> String? {
        guard (try? evaluate(type, config)) == false else { return nil }
        switch type {
        case .fieldEquals: return Self.describe(.object(config), operator: "equals")
        case .fieldContains: return Self.describe(.object(config), operator: "contains")
        case .timeElapsed: return "\(config["field"]?.stringValue ?? "") not long enough ago"
        case .always, .condition: return firstFailure(.object(config))
        }
    }

    private func firstFailure(_ condition: JSONValue) -> String? {
        let members = condition.objectValue ?? [:]
        if case .array(let items)? = members["all"] {
            return items.lazy.compactMap { item in (try? matches(item)) == false ? firstFailure(item) : nil }.first
        }
        if case .array? = members["any"] { return "none of any" }
        return Self.describe(condition, operator: members["operator"]?.stringValue ?? "")
    }

    private static func describe(_ comparison: JSONValue, operator op: String) -> String {
        let members = comparison.objectValue ?? [:]
        let value = members["value"].map(\.jsonText) ?? ""
        return "\(members["field"]?.stringValue ?? "") \(op) \(value)".trimmingCharacters(in: .whitespaces)
    }

    private func matches(_ condition: JSONValue) throws(EvaluationError) -> Bool {
        let members = condition.objectValue ?? [:]
        if case .array(let items)? = members["all"] {
            for item in items where try !matches(item) { return false }
            return true
        }
        if case .array(let items)? = members["any"] {
            for item in items where try matches(item) { return true }
            return false
        }
        return try compare(members["field"]?.stringValue ?? "", members["operator"]?.stringValue ?? "", members["value"])
    }

    private func compare(_ field: String, _ op: String, _ expected: JSONValue?) throws(EvaluationError) -> Bool {
        let actual = value(of: field)
        switch op {
        case "exists":
            return actual != nil && actual != .null
        case "equals", "not_equals":
            let equal = actual.map { same($0, expected ?? .null) } ?? false
            return op == "equals" ? equal : !equal
        case "contains":
            switch (actual, expected) {
            case (.string(let text)?, .string(let part)?): return text.localizedCaseInsensitiveContains(part)
            case (.array(let items)?, let item?): return items.contains { same($0, item) }
            case (nil, _), (.null?, _): return false
            default: throw EvaluationError(message: "contains needs text or a list in \(field)")
            }
        case "in":
            guard case .array(let options)? = expected else { throw EvaluationError(message: "in needs a list") }
            return actual.map { value in options.contains { same(value, $0) } } ?? false
        case "greater_than", "less_than":
            guard let actual else { return false }
            guard let left = number(actual), let right = expected.flatMap(number) else {
                throw EvaluationError(message: "\(op) compares numbers; \(field) or the value is not one")
            }
            return op == "greater_than" ? left > right : left < right
        default:
            throw EvaluationError(message: "unknown operator \(op)")
        }
    }

    /// The field's value, nil when it has none.
    func value(of field: String) -> JSONValue? {
        if let name = TriggerRules.conversationField(field) {
            let times = [
                "created_at": conversation.createdAt, "last_message_at": conversation.lastMessageAt, "last_inbound_at": conversation.lastInboundAt,
                "last_outbound_at": conversation.lastOutboundAt,
            ]
            if let time = times[name] { return time.map { .string(SQLTimestamp.format($0)) } }
            switch name {
            case "status": return .string(conversation.status.rawValue)
            case "channel": return .string(conversation.channel.rawValue)
            case "integration_id": return .string(conversation.integrationID)
            case "inbound_count": return .integer(Int64(conversation.inboundCount))
            case "outbound_count": return .integer(Int64(conversation.outboundCount))
            default: return nil
            }
        }
        switch field {
        case "lead.score": return conversation.lead.score.map(JSONValue.number)
        case "lead.tags": return .array(conversation.lead.tags.map(JSONValue.string))
        case "contact.name": return contactName.map(JSONValue.string)
        default:
            if field.hasPrefix("lead.fields.") { return conversation.lead.fields[String(field.dropFirst("lead.fields.".count))] }
            if field.hasPrefix("event.") { return event?[String(field.dropFirst("event.".count))] }
            return nil
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
