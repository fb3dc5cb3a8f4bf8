import Foundation

/// Queues a turn for the client's agent: its payload built and sealed into an agent job keyed by the turn, so queueing
/// the same turn twice queues it once. Used by the flusher (debounced messages) and by triggers (`call_tool` agent).
struct AgentTurnQueue: Sendable {
    let store: any GatewayStore
    let queue: any JobQueue
    let vault: Vault
    /// Seals each turn's job input: a contact's phone and words are never kept in clear.
    let inputs: any JobInputSealing
    let signal: WorkSignal

    /// False when the turn's conversation no longer exists. `reason` tells the agent why a turn without new messages
    /// came (a trigger's instruction).
    @discardableResult
    func queue(_ turn: OpenTurn, reason: JSONValue? = nil) async throws -> Bool {
        guard var payload = try await AgentTurnPayload.build(turn, store: store, vault: vault)?.objectValue else { return false }
        if let reason { payload["reason"] = reason }
        let input: JSONValue = ["webhook_id": .string(turn.id), "payload": .object(payload)]
        let sealed = try inputs.seal(Data(IntegrationRecord.jsonText(input).utf8), clientID: turn.clientID)
        let job = NewJob(
            id: UUID().uuidString.lowercased(), clientID: turn.clientID, channel: IntegrationType.agent.rawValue, op: "send", input: sealed,
            priority: .high, notBefore: nil, idempotency: (AgentTurnPayload.idempotencyKey(turn.id), turn.id)
        )
        _ = try await queue.enqueue([job])
        signal.notify()
        return true
    }
}
