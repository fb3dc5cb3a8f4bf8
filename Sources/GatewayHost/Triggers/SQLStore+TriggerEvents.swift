package import Foundation

/// What event-based triggers read: the event log in order across clients (operator work), how far the scheduler has
/// read it, and executions unique per (trigger, event).
extension SQLStore {
    /// Up to `limit` events after position `after` and recorded no later than `until`, oldest first.
    package func eventsAfter(_ after: Int64, until: Date, limit: Int) async throws -> [EventRecord] {
        try await database.transaction(.system) { connection in
            try connection.query(
                """
                SELECT seq, id, client_id, integration_id, conversation_id, type, data, created_at FROM events WHERE seq > $1 AND created_at <= $2
                ORDER BY seq LIMIT $3
                """,
                .integer(after), .date(until), .integer(Int64(limit))
            ).map(Self.event)
        }
    }

    /// How far the reader `name` has read (0 when it has not started).
    package func cursor(_ name: String) async throws -> Int64 {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT position FROM scheduler_cursors WHERE name = $1", .text(name)).first.map { try $0.integer("position") } ?? 0
        }
    }

    /// Moves the reader forward (never back: another process may have read further).
    package func advanceCursor(_ name: String, to position: Int64) async throws {
        try await database.transaction(.system) { connection in
            try connection.query(
                """
                INSERT INTO scheduler_cursors (name, position) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET position = CASE WHEN excluded.position > scheduler_cursors.position
                    THEN excluded.position ELSE scheduler_cursors.position END
                """,
                .text(name), .integer(position)
            )
        }
    }

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
