import Foundation

/// Queues a turn for the client's agent: its payload built and sealed into an agent job keyed by the turn, so queueing
/// the same turn twice queues it once. Used by the flusher (debounced messages) and by triggers (`call_tool` agent);
/// triggers' `http` tool queues its signed POSTs on the same agent integration.
struct AgentTurnQueue: Sendable {
    let conversations: any ConversationStore
    /// Each queued turn is logged on its conversation (`agent_turn_queued`), so its timeline shows the turn's job.
    let events: any EventLog
    let queue: any JobQueue
    let vault: Vault
    /// Seals each turn's job input: a contact's phone and words are never kept in clear.
    let inputs: any JobInputSealing
    let signal: WorkSignal

    /// The event logged on a conversation when a turn is queued for it.
    static let queuedEvent = "agent_turn_queued"

    /// False when the turn's conversation no longer exists. `reason` tells the agent why a turn without new messages
    /// came (a trigger's instruction).
    @discardableResult
    func queue(_ turn: OpenTurn, reason: JSONValue? = nil) async throws -> Bool {
        guard var payload = try await AgentTurn.build(turn, conversations: conversations, vault: vault) else { return false }
        payload.reason = reason
        let input: JSONValue = ["webhook_id": .string(turn.id), "payload": try JSONValue(encoding: payload)]
        let queued = try await enqueue(clientID: turn.clientID, op: "send", input: input, key: AgentTurn.idempotencyKey(turn.id), fingerprint: turn.id)
        if queued.created {
            let data: [String: JSONValue] = ["turn_id": .string(turn.id), "message_id": .string(queued.id), "messages": .integer(Int64(turn.sealedMessages.count))]
            _ = try await events.appendEvent(clientID: turn.clientID, conversationID: turn.conversationID, type: Self.queuedEvent, data: data, at: Date())
        }
        return true
    }

    /// Queues `payload` as a POST to `url` signed with the agent's secrets, once per `key`; answers the job's id.
    func queuePost(clientID: String, url: String, payload: JSONValue, key: String) async throws -> String {
        let input: JSONValue = ["webhook_id": .string(key), "url": .string(url), "payload": payload]
        return try await enqueue(clientID: clientID, op: "post", input: input, key: key, fingerprint: key).id
    }

    /// Seals `input` into a job on the client's agent integration, keyed so the same key queues it once; answers the
    /// job's id, and whether this call created it.
    private func enqueue(clientID: String, op: String, input: JSONValue, key: String, fingerprint: String) async throws -> (id: String, created: Bool) {
        let sealed = try inputs.seal(Data(input.jsonText.utf8), clientID: clientID)
        let job = NewJob(
            id: RecordID.make(), clientID: clientID, channel: .agent, op: op, input: sealed,
            priority: .high, notBefore: nil, idempotency: (key, fingerprint)
        )
        let queued = try await queue.enqueue([job])
        signal.notify()
        switch queued.first {
        case .existing(let existing, _)?: return (existing.id, false)
        default: return (job.id, true)
        }
    }
}
