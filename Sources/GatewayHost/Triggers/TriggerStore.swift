/// Each client's triggers, as saved through the API.
package protocol TriggerStore: Sendable {
    func saveTrigger(_ trigger: TriggerRecord) async throws
    func trigger(clientID: String, id: String) async throws -> TriggerRecord?
    func triggers(clientID: String, active: Bool?) async throws -> [TriggerRecord]
    func triggerCount(clientID: String) async throws -> Int
    func deleteTrigger(clientID: String, id: String) async throws -> Bool
    /// Every client's active triggers of a type (operator work: the schedule scan).
    func activeTriggers(type: TriggerType) async throws -> [TriggerRecord]
}
