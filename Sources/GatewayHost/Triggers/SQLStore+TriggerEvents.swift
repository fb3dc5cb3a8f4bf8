package import Foundation

/// Executions of event- and condition-based triggers, unique per (trigger, event).
extension SQLStore {
    /// Starts the execution of `trigger` for `event` (`kind` event or condition): a new row, or the one an earlier
    /// pass left.
    package func startExecution(
        trigger triggerID: String, event: EventRecord, kind: String, id: String, at: Date
    ) async throws -> (
        id: String, done: Bool
    ) {
        try await database.transaction(.client(event.clientID)) { connection in
            try Self.startExecution(trigger: triggerID, event: event, kind: kind, id: id, at: at, on: connection)
        }
    }

    static func startExecution(
        trigger triggerID: String, event: EventRecord, kind: String, id: String, at: Date, on connection: any SQLConnection
    )
        throws -> (id: String, done: Bool)
    {
        let inserted = try connection.query(
            """
            INSERT INTO trigger_executions (id, trigger_id, client_id, conversation_id, event_id, kind, status, executed_at, condition_met,
                action_executed, execution_time_ms)
            VALUES ($1, $2, $3, $4, $5, $6, 'started', $7, 0, 0, 0)
            ON CONFLICT (trigger_id, event_id) DO NOTHING RETURNING id
            """,
            .text(id), .text(triggerID), .text(event.clientID), .text(event.conversationID), .text(event.id), .text(kind), .date(at)
        )
        if !inserted.isEmpty { return (id, false) }
        let earlier = try connection.query(
            "SELECT id, status FROM trigger_executions WHERE trigger_id = $1 AND event_id = $2", .text(triggerID), .text(event.id)
        )
        return (try earlier[0].string("id"), try earlier[0].string("status") == "done")
    }
}
