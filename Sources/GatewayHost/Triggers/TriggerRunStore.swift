package import Foundation

/// What the scheduler keeps of triggers' runs: timers armed per conversation, fires deferred to business hours,
/// condition states, and executions (one per episode, occurrence or event, so a second fire finds the first).
package protocol TriggerRunStore: Sendable {
    /// The clients with a timer due at `now` and not claimed.
    func clientsWithDueTimers(now: Date) async throws -> [String]
    /// Claims up to `limit` of the client's due timers, oldest first, for `lease` seconds.
    func claimDueTimers(clientID: String, now: Date, lease: TimeInterval, limit: Int) async throws -> [TriggerTimer]
    func dropTimer(_ timer: TriggerTimer) async throws
    func deferTimer(_ timer: TriggerTimer, to due: Date) async throws

    func deferFire(trigger triggerID: String, event: EventRecord, until due: Date) async throws
    func claimDueDeferrals(now: Date, lease: TimeInterval, limit: Int) async throws -> [(triggerID: String, event: EventRecord)]
    func dropDeferral(trigger triggerID: String, clientID: String, eventID: String) async throws

    func startExecution(_ timer: TriggerTimer, kind: String, id: String, at: Date) async throws -> (id: String, done: Bool)
    func startExecution(trigger triggerID: String, event: EventRecord, kind: String, id: String, at: Date) async throws -> (id: String, done: Bool)
    /// Starts the execution of a condition's crossing into true; nil while the condition already held.
    func startCrossing(trigger triggerID: String, event: EventRecord, id: String, at: Date) async throws -> (id: String, done: Bool)?
    func conditionFails(trigger triggerID: String, clientID: String, conversationID: String) async throws
    func resetConditionStates(clientID: String, trigger triggerID: String, holding conversationIDs: [String]) async throws
    func finishExecution(_ execution: TriggerExecution) async throws
    func logTestExecution(_ execution: TriggerExecution) async throws
    func executions(clientID: String, filter: ExecutionFilter, limit: Int) async throws -> [TriggerExecution]
}
