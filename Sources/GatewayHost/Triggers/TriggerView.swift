import Foundation

/// A trigger as the API shows it: the seed's fields, with its counters.
struct TriggerView: Encodable, Sendable {
    let id: String
    let name: String
    /// Null rather than missing when unset, as the seed's answers show them.
    let description: JSONValue
    let trigger_type: String
    let trigger_config: [String: JSONValue]
    let condition_type: String
    let condition_config: [String: JSONValue]
    let action_type: String
    let action_config: [String: JSONValue]
    let active: Bool
    let execution_count: Int
    let last_executed_at: JSONValue
    let created_at: String
    let updated_at: String

    init(_ record: TriggerRecord) {
        id = record.id
        name = record.name
        description = record.description.map(JSONValue.string) ?? .null
        trigger_type = record.when.type.rawValue
        trigger_config = record.definition.triggerConfig
        condition_type = record.condition.type.rawValue
        condition_config = record.definition.conditionConfig
        action_type = record.action.type.rawValue
        action_config = record.definition.actionConfig
        active = record.active
        execution_count = record.executionCount
        last_executed_at = record.lastExecutedAt.map { .string($0.formatted(.iso8601)) } ?? .null
        created_at = record.createdAt.formatted(.iso8601)
        updated_at = record.updatedAt.formatted(.iso8601)
    }
}
