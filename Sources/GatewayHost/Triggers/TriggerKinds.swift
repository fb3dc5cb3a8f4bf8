/// The seed's names for a trigger's WHEN, IF and THEN, and the events a trigger waits for: each is one of a closed
/// set, so code compares cases, and the stored and API text is the raw value.

/// WHEN: what brings a trigger to a conversation.
package enum TriggerType: String, Sendable, CaseIterable {
    case timeBased = "time_based"
    case schedule
    case eventBased = "event_based"
    case conditionBased = "condition_based"
}

/// IF: what must hold for the conversation at fire time.
package enum ConditionType: String, Sendable, CaseIterable {
    case always
    case fieldEquals = "field_equals"
    case fieldContains = "field_contains"
    case timeElapsed = "time_elapsed"
    /// A comparison or an `all` / `any` group of them.
    case condition
}

/// THEN: what the trigger does.
package enum ActionType: String, Sendable, CaseIterable {
    case sendMessage = "send_message"
    case sendEmail = "send_email"
    case callTool = "call_tool"
    case changeStatus = "change_status"
}

/// The event-log entries an event-based trigger may wait for.
package enum TriggerEvent: String, Sendable, CaseIterable {
    case messageReceived = "message_received"
    case intentDetected = "intent_detected"
    case conversationStatusChanged = "conversation_status_changed"
    case leadUpdated = "lead_updated"
    case messageStatus = "message_status"
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// "a, b, c": the raw values, for a refusal that lists what is allowed.
    static var listed: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
