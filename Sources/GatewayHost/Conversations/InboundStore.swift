package import Foundation

/// What the inbound half keeps: webhook routing, deliveries recorded with their events, conversations and contacts,
/// the event log, agent settings and open turns. Tenant calls name their client; routing and claiming due turns
/// happen before a client is known (operator scope).
package protocol InboundStore: Sendable {
    func record(_ deliveries: [InboundDelivery]) async throws -> [Result<InboundOutcome, StoreError>]
    func integration(provider: String, routeIndexes: [String]) async throws -> IntegrationRecord?
    func integration(webhookID id: String) async throws -> IntegrationRecord?

    func conversations(clientID: String, filter: ConversationFilter, limit: Int) async throws -> [ConversationRecord]
    func conversation(clientID: String, id: String) async throws -> ConversationRecord?
    func conversation(clientID: String, channel: String, addressIndexes: [String]) async throws -> ConversationRecord?
    /// `cause` joins the data of the events the change logs (a trigger's id and chain depth).
    func updateConversation(
        clientID: String, id: String, status: ConversationStatus?, lead: Lead?, cause: [String: JSONValue], at: Date
    ) async throws -> ConversationRecord?
    func conversationMessages(clientID: String, conversationID: String, limit: Int) async throws -> [ConversationMessageRecord]
    func contact(clientID: String, id: String) async throws -> ContactRecord?
    func appendEvent(clientID: String, conversationID: String?, type: String, data: [String: JSONValue], at: Date) async throws -> EventRecord?
    func events(clientID: String, filter: EventFilter, limit: Int) async throws -> [EventRecord]
    /// Deletes the event log's entries (with their deliveries' dedup keys) older than `cutoff` (operator work); returns
    /// how many.
    func purgeEvents(before cutoff: Date) async throws -> Int

    func attachOutbound(_ outbound: OutboundMessage) async throws
    func markOutboundSent(clientID: String, messageID: String, providerMessageID: String?, at: Date) async throws
    func sentCount(clientID: String, integrationID: String, since: Date) async throws -> Int
    func outboundMessage(clientID: String, messageID: String) async throws -> ConversationMessageRecord?
    /// Clears stored message content past its retention (operator work); returns how many.
    func dropExpiredContent(now: Date) async throws -> Int

    func sealedValues(_ column: SealedColumn, notUnder keyID: String, after afterID: String, limit: Int) async throws -> [SealedValue]
    func replaceSealedValue(
        _ column: SealedColumn, id: String, value: String, index: Vault.BlindIndex?, ifStill expected: String
    ) async throws -> Bool

    func saveTrigger(_ trigger: TriggerRecord) async throws
    func trigger(clientID: String, id: String) async throws -> TriggerRecord?
    func triggers(clientID: String, active: Bool?) async throws -> [TriggerRecord]
    func deleteTrigger(clientID: String, id: String) async throws -> Bool

    func claimDueTimers(now: Date, lease: TimeInterval, limit: Int) async throws -> [TriggerTimer]
    func dropTimer(_ timer: TriggerTimer) async throws
    func startExecution(_ timer: TriggerTimer, kind: String, id: String, at: Date) async throws -> (id: String, done: Bool)
    func finishExecution(_ execution: TriggerExecution) async throws
    func logTestExecution(_ execution: TriggerExecution) async throws
    func executions(clientID: String, filter: ExecutionFilter, limit: Int) async throws -> [TriggerExecution]

    func eventsAfter(_ after: Int64, until: Date, limit: Int) async throws -> [EventRecord]
    func cursor(_ name: String) async throws -> Int64
    func advanceCursor(_ name: String, to position: Int64) async throws
    func startExecution(trigger triggerID: String, event: EventRecord, kind: String, id: String, at: Date) async throws -> (id: String, done: Bool)

    func holdLease(_ name: String, holder: String, now: Date, for duration: TimeInterval) async throws -> Bool
    func activeTriggers(type: String) async throws -> [TriggerRecord]
    /// A client's conversations after `afterID` in id order, narrowed by what SQL can check of a condition.
    func conversations(clientID: String, afterID: String, limit: Int, matching prefilter: ConversationPrefilter) async throws -> [ConversationRecord]
    func startCrossing(trigger triggerID: String, event: EventRecord, id: String, at: Date) async throws -> (id: String, done: Bool)?
    func conditionFails(trigger triggerID: String, clientID: String, conversationID: String) async throws
    func resetConditionStates(clientID: String, trigger triggerID: String, holding conversationIDs: [String]) async throws

    func saveTemplate(_ template: MessageTemplate) async throws
    func template(clientID: String, id: String) async throws -> MessageTemplate?
    func templates(clientID: String) async throws -> [MessageTemplate]
    func deleteTemplate(clientID: String, id: String) async throws -> Bool

    func businessHours(clientID: String) async throws -> BusinessHours?
    func saveBusinessHours(clientID: String, _ hours: BusinessHours) async throws
    func deferTimer(_ timer: TriggerTimer, to due: Date) async throws
    func deferFire(trigger triggerID: String, event: EventRecord, until due: Date) async throws
    func claimDueDeferrals(now: Date, lease: TimeInterval, limit: Int) async throws -> [(triggerID: String, event: EventRecord)]
    func dropDeferral(trigger triggerID: String, clientID: String, eventID: String) async throws

    func agentSettings(clientID: String) async throws -> TurnSettings?
    func saveAgentSettings(clientID: String, _ settings: TurnSettings, at: Date) async throws
    func deleteAgentSettings(clientID: String) async throws -> Bool
    func claimDueTurns(now: Date, lease: TimeInterval, limit: Int) async throws -> [OpenTurn]
    func closeTurn(clientID: String, id: String) async throws
}
