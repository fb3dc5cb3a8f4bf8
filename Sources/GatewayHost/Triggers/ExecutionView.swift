import Foundation

/// One execution as the API shows it: the seed's columns, the conversation and why the action did not run.
struct ExecutionView: Encodable, Sendable {
    let id: String
    let trigger_id: String
    let conversation_id: String?
    let kind: String?
    let executed_at: String
    let condition_met: Bool
    let action_executed: Bool
    let result: JSONValue
    let error_message: JSONValue
    let skip_reason: JSONValue
    let execution_time_ms: Int

    init(_ execution: TriggerExecution) {
        id = execution.id
        trigger_id = execution.triggerID
        conversation_id = execution.conversationID
        kind = execution.kind
        executed_at = execution.executedAt.formatted(.iso8601)
        condition_met = execution.conditionMet
        action_executed = execution.actionExecuted
        result = execution.result ?? .null
        error_message = execution.errorMessage.map(JSONValue.string) ?? .null
        skip_reason = execution.skipReason.map(JSONValue.string) ?? .null
        execution_time_ms = execution.milliseconds
    }
}
