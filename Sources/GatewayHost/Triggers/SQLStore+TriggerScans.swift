package import Foundation

/// What the scans one process leads read and write: a client's conversations in a stable order (a schedule's audience),
/// and the conversations where each condition-based trigger's condition holds, so it fires once per crossing.
extension SQLStore {
    /// The client's conversations after `afterID` in id order: an order that writes during the scan do not shuffle.
    package func conversations(
        clientID: String, afterID: String, limit: Int, matching prefilter: ConversationPrefilter
    ) async throws -> [ConversationRecord] {
        let narrowed = prefilter.sql(numberedFrom: 4).map { " AND \($0)" } ?? ""
        return try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT \(Self.conversationColumns) FROM conversations WHERE client_id = $1 AND id > $2\(narrowed) ORDER BY id LIMIT $3",
                [.text(clientID), .text(afterID), .integer(Int64(limit))] + prefilter.values
            ).map(Self.conversation)
        }
    }

    /// A condition-based trigger's condition holds for the event's conversation. When it did not before (a crossing),
    /// records that it does and starts the execution for the event in the same transaction, so a crash cannot lose the
    /// crossing; when it did, answers the execution an earlier pass over this event started, if any, else nil.
    package func startCrossing(trigger triggerID: String, event: EventRecord, id: String, at: Date) async throws -> (id: String, done: Bool)? {
        guard let conversationID = event.conversationID else { return nil }
        return try await database.transaction(.client(event.clientID)) { connection in
            let crossed = try connection.query(
                """
                INSERT INTO trigger_condition_states (trigger_id, conversation_id, client_id) VALUES ($1, $2, $3)
                ON CONFLICT (trigger_id, conversation_id) DO NOTHING RETURNING trigger_id
                """,
                .text(triggerID), .text(conversationID), .text(event.clientID)
            )
            if !crossed.isEmpty {
                return try Self.startExecution(trigger: triggerID, event: event, kind: "condition", id: id, at: at, on: connection)
            }
            let earlier = try connection.query(
                "SELECT id, status FROM trigger_executions WHERE trigger_id = $1 AND event_id = $2", .text(triggerID), .text(event.id)
            )
            return try earlier.first.map { (try $0.string("id"), try $0.string("status") == "done") }
        }
    }

    /// The condition no longer holds for the conversation: the next time it does is a crossing.
    package func conditionFails(trigger triggerID: String, clientID: String, conversationID: String) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "DELETE FROM trigger_condition_states WHERE trigger_id = $1 AND conversation_id = $2", .text(triggerID), .text(conversationID)
            )
        }
    }

    /// Replaces where the trigger's condition holds (a save takes it as the baseline no crossing is counted from).
    package func resetConditionStates(clientID: String, trigger triggerID: String, holding conversationIDs: [String]) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("DELETE FROM trigger_condition_states WHERE trigger_id = $1", .text(triggerID))
            for conversationID in conversationIDs {
                try connection.query(
                    "INSERT INTO trigger_condition_states (trigger_id, conversation_id, client_id) VALUES ($1, $2, $3)", .text(triggerID),
                    .text(conversationID), .text(clientID)
                )
            }
        }
    }
}
