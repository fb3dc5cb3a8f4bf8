/// Which event-log entries an event-based trigger fires on: its event's type, newer than the trigger, narrowed by its
/// lists (`EventMatch`).
enum TriggerEvents {
    static func matches(_ trigger: TriggerRecord, _ event: EventRecord) -> Bool {
        guard case .eventBased(let match) = trigger.when, match.event.rawValue == event.type, event.createdAt >= trigger.createdAt else {
            return false
        }
        return match.admits(event.data)
    }
}
