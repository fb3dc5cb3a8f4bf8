/// Which event-log entries an event-based trigger fires on: its `event` type, newer than the trigger, narrowed by
/// `keywords` (message_received: those matched as it arrived), `intent_values` (intent_detected) and `statuses`
/// (message_status).
enum TriggerEvents {
    static func matches(_ trigger: TriggerRecord, _ event: EventRecord) -> Bool {
        let config = trigger.triggerConfig
        guard trigger.triggerType == .eventBased, config["event"]?.stringValue == event.type, event.createdAt >= trigger.createdAt else {
            return false
        }
        if let intents = config["intent_values"]?.arrayValue {
            guard let intent = event.data["intent"], intents.contains(intent) else { return false }
        }
        if let keywords = config["keywords"]?.arrayValue {
            guard let matched = event.data["keywords"]?.arrayValue, matched.contains(where: keywords.contains) else { return false }
        }
        if let statuses = config["statuses"]?.arrayValue {
            guard let status = event.data["status"], statuses.contains(status) else { return false }
        }
        return true
    }
}
