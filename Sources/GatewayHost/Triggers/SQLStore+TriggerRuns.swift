package import Foundation

/// The scheduler's rows: due timers claimed with a lease (no two processes fire one timer at once), and executions,
/// one per (trigger, conversation, episode): a second fire of an episode finds the first's row.
extension SQLStore: TriggerRunStore {
    /// Claims up to `limit` timers due at `now` whose earlier claim, if any, ran out (operator work: every client).
    package func clientsWithDueTimers(now: Date) async throws -> [String] {
        try await database.transaction(.system) { connection in
            try connection.query(
                "SELECT DISTINCT client_id FROM trigger_timers WHERE due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)", .date(now)
            ).map { try $0.string("client_id") }
        }
    }

    package func claimDueTimers(clientID: String, now: Date, lease: TimeInterval, limit: Int) async throws -> [TriggerTimer] {
        try await database.transaction(.client(clientID)) { [backend = database.backend] connection in
            let skipLocked = backend == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            return try connection.query(
                """
                UPDATE trigger_timers SET claimed_until = $2 WHERE (trigger_id, conversation_id) IN (
                    SELECT trigger_id, conversation_id FROM trigger_timers
                    WHERE client_id = $4 AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                    ORDER BY due_at LIMIT $3\(skipLocked))
                RETURNING trigger_id, conversation_id, client_id, reference_at, due_at
                """,
                .date(now), .date(now.addingTimeInterval(lease)), .integer(Int64(limit)), .text(clientID)
            ).map { row in
                TriggerTimer(
                    triggerID: try row.string("trigger_id"), conversationID: try row.string("conversation_id"), clientID: try row.string("client_id"),
                    referenceAt: try row.date("reference_at"), episode: try row.string("reference_at"), dueAt: try row.date("due_at")
                )
            }
        }
    }

    /// Drops a fired or obsolete timer, unless it was armed again meanwhile (the reference moved).
    package func dropTimer(_ timer: TriggerTimer) async throws {
        try await database.transaction(.client(timer.clientID)) { connection in
            try connection.query(
                "DELETE FROM trigger_timers WHERE trigger_id = $1 AND conversation_id = $2 AND reference_at = $3", .text(timer.triggerID),
                .text(timer.conversationID), .text(timer.episode)
            )
        }
    }

    /// Starts the execution of an episode (`kind` scheduled for a timer, schedule for a cron occurrence): a new row
    /// (`started`), or the row an earlier fire left (`done`, or `started` when that fire died before it finished).
    package func startExecution(_ timer: TriggerTimer, kind: String, id: String, at: Date) async throws -> (id: String, done: Bool) {
        try await database.transaction(.client(timer.clientID)) { connection in
            let inserted = try connection.query(
                """
                INSERT INTO trigger_executions (id, trigger_id, client_id, conversation_id, episode_at, kind, status, executed_at, condition_met,
                    action_executed, execution_time_ms)
                VALUES ($1, $2, $3, $4, $5, $7, 'started', $6, 0, 0, 0)
                ON CONFLICT (trigger_id, conversation_id, episode_at) DO NOTHING RETURNING id
                """,
                .text(id), .text(timer.triggerID), .text(timer.clientID), .text(timer.conversationID), .text(timer.episode), .date(at), .text(kind)
            )
            if !inserted.isEmpty { return (id, false) }
            let earlier = try connection.query(
                "SELECT id, status FROM trigger_executions WHERE trigger_id = $1 AND conversation_id = $2 AND episode_at = $3",
                .text(timer.triggerID),
                .text(timer.conversationID), .text(timer.episode)
            )
            return (try earlier[0].string("id"), try earlier[0].string("status") == "done")
        }
    }

    /// Records what the execution did, and counts it on its trigger.
    package func finishExecution(_ execution: TriggerExecution) async throws {
        try await database.transaction(.client(execution.clientID)) { connection in
            try connection.query(
                """
                UPDATE trigger_executions SET status = 'done', executed_at = $3, condition_met = $4, action_executed = $5, result = $6,
                    error_message = $7, skip_reason = $8, execution_time_ms = $9
                WHERE id = $1 AND client_id = $2
                """,
                .text(execution.id), .text(execution.clientID), .date(execution.executedAt), .integer(execution.conditionMet ? 1 : 0),
                .integer(execution.actionExecuted ? 1 : 0), .text(execution.result.map(\.jsonText)), .text(execution.errorMessage),
                .text(execution.skipReason), .integer(Int64(execution.milliseconds))
            )
            try connection.query(
                "UPDATE triggers SET execution_count = execution_count + 1, last_executed_at = $3 WHERE id = $1 AND client_id = $2",
                .text(execution.triggerID),
                .text(execution.clientID), .date(execution.executedAt)
            )
        }
    }

    /// Logs a simulation's test send: an execution of kind `test`, not counted as one of the trigger's runs.
    package func logTestExecution(_ execution: TriggerExecution) async throws {
        try await database.transaction(.client(execution.clientID)) { connection in
            try connection.query(
                """
                INSERT INTO trigger_executions (id, trigger_id, client_id, conversation_id, kind, status, executed_at, condition_met,
                    action_executed, result, execution_time_ms)
                VALUES ($1, $2, $3, $4, 'test', 'done', $5, 1, 1, $6, $7)
                """,
                .text(execution.id), .text(execution.triggerID), .text(execution.clientID), .text(execution.conversationID),
                .date(execution.executedAt), .text(execution.result.map(\.jsonText)), .integer(Int64(execution.milliseconds))
            )
        }
    }

    /// The client's finished executions, newest first, narrowed by `filter`.
    package func executions(clientID: String, filter: ExecutionFilter, limit: Int) async throws -> [TriggerExecution] {
        var conditions = ["client_id = $1", "status = 'done'"]
        var parameters: [SQLValue] = [.text(clientID)]
        func add(_ condition: (String) -> String, _ value: SQLValue) {
            parameters.append(value)
            conditions.append(condition("$\(parameters.count)"))
        }
        if let triggerID = filter.triggerID { add({ "trigger_id = \($0)" }, .text(triggerID)) }
        if let conversationID = filter.conversationID { add({ "conversation_id = \($0)" }, .text(conversationID)) }
        if let since = filter.since { add({ "executed_at >= \($0)" }, .date(since)) }
        if let before = filter.before { add({ "seq < \($0)" }, .integer(before)) }
        switch filter.outcome {
        case .executed?: conditions.append("action_executed = 1")
        case .skipped?: conditions.append("action_executed = 0 AND error_message IS NULL")
        case .failed?: conditions.append("error_message IS NOT NULL")
        case nil: break
        }
        parameters.append(.integer(Int64(limit)))
        let sql = """
            SELECT seq, id, trigger_id, client_id, conversation_id, kind, executed_at, condition_met, action_executed, result, error_message,
                skip_reason, execution_time_ms FROM trigger_executions WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT $\(parameters.count)
            """
        return try await database.transaction(.client(clientID)) { [parameters] connection in
            try connection.query(sql, parameters).map { row in
                TriggerExecution(
                    id: try row.string("id"), triggerID: try row.string("trigger_id"), clientID: try row.string("client_id"),
                    conversationID: row.optionalString("conversation_id"), executedAt: try row.date("executed_at"),
                    conditionMet: try row.integer("condition_met") != 0, actionExecuted: try row.integer("action_executed") != 0,
                    result: row.optionalString("result").flatMap(JSONValue.init(jsonText:)),
                    errorMessage: row.optionalString("error_message"), skipReason: row.optionalString("skip_reason"),
                    milliseconds: Int(try row.integer("execution_time_ms")), kind: try row.string("kind"), seq: try row.integer("seq")
                )
            }
        }
    }
}
