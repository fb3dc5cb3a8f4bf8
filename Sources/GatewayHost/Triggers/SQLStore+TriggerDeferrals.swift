package import Foundation

/// Event fires that wait for the client's business hours: one per (trigger, event), claimed when due like a timer.
extension SQLStore {
    /// The trigger fires on the event at `due` instead of now (kept if already waiting).
    package func deferFire(trigger triggerID: String, event: EventRecord, until due: Date) async throws {
        try await database.transaction(.client(event.clientID)) { connection in
            try connection.query(
                "INSERT INTO trigger_deferrals (trigger_id, event_id, client_id, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                .text(triggerID), .text(event.id), .text(event.clientID), .date(due)
            )
        }
    }

    /// Claims up to `limit` deferred fires due at `now` whose earlier claim, if any, ran out (operator work), each with
    /// its event.
    package func claimDueDeferrals(now: Date, lease: TimeInterval, limit: Int) async throws -> [(triggerID: String, event: EventRecord)] {
        try await database.transaction(.system) { [backend = database.backend] connection in
            let skipLocked = backend == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let claimed = try connection.query(
                """
                UPDATE trigger_deferrals SET claimed_until = $2 WHERE (trigger_id, event_id) IN (
                    SELECT trigger_id, event_id FROM trigger_deferrals WHERE due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                    ORDER BY due_at LIMIT $3\(skipLocked))
                RETURNING trigger_id, event_id
                """,
                .date(now), .date(now.addingTimeInterval(lease)), .integer(Int64(limit))
            )
            return try claimed.compactMap { row in
                let (triggerID, eventID) = (try row.string("trigger_id"), try row.string("event_id"))
                let event = try connection.query(
                    "SELECT seq, id, client_id, integration_id, conversation_id, type, data, created_at FROM events WHERE id = $1", .text(eventID)
                ).first.map(Self.event)
                guard let event else {  // purged meanwhile: nothing left to fire on
                    try connection.query("DELETE FROM trigger_deferrals WHERE trigger_id = $1 AND event_id = $2", .text(triggerID), .text(eventID))
                    return nil
                }
                return (triggerID, event)
            }
        }
    }

    /// Drops a deferred fire once it ran (or can no longer run).
    package func dropDeferral(trigger triggerID: String, clientID: String, eventID: String) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("DELETE FROM trigger_deferrals WHERE trigger_id = $1 AND event_id = $2", .text(triggerID), .text(eventID))
        }
    }
}
