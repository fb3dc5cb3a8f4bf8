import Foundation

extension SQLStore: ActivityStore {
    func hourlyActivity(clientID: String, since: Date) async throws -> [HourlyActivity] {
        try await database.transaction(.client(clientID)) { [backend = database.backend] connection in
            let messages = Self.hour("m.created_at", backend)
            let receipts = Self.hour("e.created_at", backend)
            return try connection.query(
                """
                SELECT \(messages) AS hour, m.direction AS series, count(*) AS n FROM conversation_messages m
                WHERE m.client_id = $1 AND m.created_at >= $2 GROUP BY \(messages), m.direction
                UNION ALL
                SELECT \(receipts) AS hour, 'receipts' AS series, count(*) AS n FROM events e
                WHERE e.client_id = $1 AND e.created_at >= $2 AND e.type = 'message_status' GROUP BY \(receipts)
                """,
                .text(clientID), .date(since)
            ).compactMap { row in
                guard let series = HourlyActivity.Series(rawValue: try row.string("series")) else { return nil }
                return HourlyActivity(hour: try row.string("hour"), series: series, count: Int(clamping: try row.integer("n")))
            }
        }
    }

    func sendOutcomes(clientID: String, since: Date) async throws -> [SendOutcome] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                SELECT c.integration_id AS integration_id, count(*) AS total, count(m.sent_at) AS sent,
                    sum(CASE WHEN m.status = 'failed' THEN 1 ELSE 0 END) AS failed
                FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.client_id = $1 AND m.direction = 'out' AND m.created_at >= $2 GROUP BY c.integration_id
                """,
                .text(clientID), .date(since)
            ).map { row in
                SendOutcome(
                    integrationID: try row.string("integration_id"), total: Int(clamping: try row.integer("total")),
                    sent: Int(clamping: try row.integer("sent")), failed: Int(clamping: try row.integer("failed")))
            }
        }
    }

    /// The UTC hour of a timestamp column, as `2026-12-07T14`: SQLite keeps ISO 8601 text, PostgreSQL a timestamptz.
    private static func hour(_ column: String, _ backend: SQLDatabase.Backend) -> String {
        backend == .postgres ? "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')" : "substr(\(column), 1, 13)"
    }
}
