package import Foundation

/// A client's agent settings, and the open turns the flusher hands to agents.
extension SQLStore: AgentSettingsStore, TurnStore {
    package func agentSettings(clientID: String) async throws -> TurnSettings? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT debounce_ms, max_wait_ms, max_messages, store_content, content_retention_days FROM agent_endpoints WHERE client_id = $1",
                .text(clientID)
            ).first.map { row in
                TurnSettings(
                    debounceMs: Int(try row.integer("debounce_ms")), maxWaitMs: Int(try row.integer("max_wait_ms")),
                    maxMessages: Int(try row.integer("max_messages")),
                    storeContent: try row.integer("store_content") != 0, contentRetentionDays: Int(try row.integer("content_retention_days"))
                )
            }
        }
    }

    package func saveAgentSettings(clientID: String, _ settings: TurnSettings, at: Date) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                INSERT INTO agent_endpoints (client_id, debounce_ms, max_wait_ms, max_messages, store_content, content_retention_days, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                ON CONFLICT (client_id) DO UPDATE SET debounce_ms = excluded.debounce_ms, max_wait_ms = excluded.max_wait_ms,
                    max_messages = excluded.max_messages, store_content = excluded.store_content,
                    content_retention_days = excluded.content_retention_days, updated_at = excluded.updated_at
                """,
                .text(clientID), .integer(Int64(settings.debounceMs)), .integer(Int64(settings.maxWaitMs)), .integer(Int64(settings.maxMessages)),
                .integer(settings.storeContent ? 1 : 0), .integer(Int64(settings.contentRetentionDays)), .date(at)
            )
        }
    }

    /// Removes the client's agent settings and its open turns (their messages stay recorded); false when it had none.
    package func deleteAgentSettings(clientID: String) async throws -> Bool {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("DELETE FROM open_turns WHERE client_id = $1", .text(clientID))
            return !(try connection.query("DELETE FROM agent_endpoints WHERE client_id = $1 RETURNING client_id", .text(clientID))).isEmpty
        }
    }

    /// Claims up to `limit` turns due at `now` (or whose earlier claim ran out) until `now + lease`, for every client
    /// (operator work). A claimed turn takes no more messages: the next one opens a new turn.
    package func claimDueTurns(now: Date, lease: TimeInterval, limit: Int) async throws -> [OpenTurn] {
        try await database.transaction(.system) { connection in
            try connection.query(
                """
                UPDATE open_turns SET claimed_until = $2 WHERE id IN (
                    SELECT id FROM open_turns WHERE (claimed_until IS NULL AND flush_at <= $1) OR claimed_until <= $1 ORDER BY flush_at LIMIT $3)
                RETURNING id, conversation_id, client_id, messages
                """,
                .date(now), .date(now.addingTimeInterval(lease)), .integer(Int64(limit))
            ).map { row in
                OpenTurn(
                    id: try row.string("id"), conversationID: try row.string("conversation_id"), clientID: try row.string("client_id"),
                    sealedMessages: (try? JSONDecoder().decode([String].self, from: Data(try row.string("messages").utf8))) ?? []
                )
            }
        }
    }

    /// Removes a turn once it is queued for its agent.
    package func closeTurn(clientID: String, id: String) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("DELETE FROM open_turns WHERE id = $1 AND client_id = $2", .text(id), .text(clientID))
        }
    }
}
