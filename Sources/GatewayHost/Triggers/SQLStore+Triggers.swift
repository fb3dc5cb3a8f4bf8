package import Foundation

/// Triggers, each client's own.
extension SQLStore: TriggerStore {
    private static let triggerColumns = """
        id, client_id, name, description, trigger_type, trigger_config, condition_type, condition_config, action_type, action_config, active, \
        execution_count, last_executed_at, created_at, updated_at
        """

    /// Saves the trigger and arms its timers afresh (none while it is off): an edit moves them, a switch-off cancels them.
    package func saveTrigger(_ trigger: TriggerRecord) async throws {
        let definition = trigger.definition
        try await database.transaction(.client(trigger.clientID)) { [backend = database.backend] connection in
            try connection.query(
                """
                INSERT INTO triggers (\(Self.triggerColumns), reference_field, delay_seconds)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, trigger_type = excluded.trigger_type,
                    trigger_config = excluded.trigger_config, condition_type = excluded.condition_type, condition_config = excluded.condition_config,
                    action_type = excluded.action_type, action_config = excluded.action_config, active = excluded.active, updated_at = excluded.updated_at,
                    reference_field = excluded.reference_field, delay_seconds = excluded.delay_seconds
                """,
                .text(trigger.id), .text(trigger.clientID), .text(trigger.name), .text(trigger.description), .text(trigger.when.type.rawValue),
                .text(IntegrationRecord.configText(definition.triggerConfig)), .text(trigger.condition.type.rawValue),
                .text(IntegrationRecord.configText(definition.conditionConfig)), .text(trigger.action.type.rawValue),
                .text(IntegrationRecord.configText(definition.actionConfig)), .integer(trigger.active ? 1 : 0), .integer(Int64(trigger.executionCount)),
                .date(trigger.lastExecutedAt), .date(trigger.createdAt), .date(trigger.updatedAt), .text(trigger.delay?.reference.rawValue),
                trigger.delay.map { .integer(Int64($0.seconds)) } ?? .null
            )
            try connection.query("DELETE FROM trigger_timers WHERE trigger_id = $1", .text(trigger.id))
            try connection.query(TriggerTimerSQL.arm(backend, scope: "t.id = $1"), .text(trigger.id))
        }
    }

    package func trigger(clientID: String, id: String) async throws -> TriggerRecord? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("SELECT \(Self.triggerColumns) FROM triggers WHERE client_id = $1 AND id = $2", .text(clientID), .text(id)).first
                .map(Self.trigger)
        }
    }

    /// The client's triggers, oldest first; only active (or inactive) ones when `active` is given. A row that cannot
    /// be read (a definition the rules no longer take) is left out of every list, and reading it by id says why: one
    /// such row cannot stop the scans of every client.
    package func triggers(clientID: String, active: Bool?) async throws -> [TriggerRecord] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT \(Self.triggerColumns) FROM triggers WHERE client_id = $1 AND ($2 = -1 OR active = $2) ORDER BY created_at, id",
                .text(clientID), .integer(active.map { $0 ? 1 : 0 } ?? -1)
            ).compactMap(Self.listedTrigger)
        }
    }

    package func triggerCount(clientID: String) async throws -> Int {
        try await database.transaction(.client(clientID)) { connection in
            Int(try connection.query("SELECT COUNT(*) AS n FROM triggers WHERE client_id = $1", .text(clientID)).first?.integer("n") ?? 0)
        }
    }

    /// Every client's active triggers of `type` (operator work: the schedules the leading scheduler runs).
    package func activeTriggers(type: TriggerType) async throws -> [TriggerRecord] {
        try await database.transaction(.system) { connection in
            try connection.query(
                "SELECT \(Self.triggerColumns) FROM triggers WHERE trigger_type = $1 AND active = 1 ORDER BY client_id, created_at, id", .text(type.rawValue)
            ).compactMap(Self.listedTrigger)
        }
    }

    /// False when the client has no such trigger. Its executions stay, for the audit.
    package func deleteTrigger(clientID: String, id: String) async throws -> Bool {
        try await database.transaction(.client(clientID)) { connection in
            !(try connection.query("DELETE FROM triggers WHERE client_id = $1 AND id = $2 RETURNING id", .text(clientID), .text(id))).isEmpty
        }
    }

    /// The trigger a row holds for a list: nil when it cannot be read.
    private static func listedTrigger(_ row: SQLRow) -> TriggerRecord? {
        try? trigger(row)
    }

    /// The trigger a row holds, its definition parsed by the rules the API checked when it was saved: a row they no
    /// longer take is corrupt, as a row holding an unknown value is.
    private static func trigger(_ row: SQLRow) throws -> TriggerRecord {
        func object(_ column: String) throws -> [String: JSONValue] {
            (try? JSONDecoder().decode([String: JSONValue].self, from: Data(try row.string(column).utf8))) ?? [:]
        }
        let definition: TriggerDefinition
        do {
            definition = try TriggerDefinition(
                triggerType: try row.string("trigger_type"), triggerConfig: try object("trigger_config"),
                conditionType: try row.string("condition_type"), conditionConfig: try object("condition_config"),
                actionType: try row.string("action_type"), actionConfig: try object("action_config"))
        } catch let error as TriggerError {
            throw StoreError(.corrupt, "trigger \(try row.string("id")): \(error.field ?? ""): \(error.message)")
        }
        return TriggerRecord(
            id: try row.string("id"), clientID: try row.string("client_id"), name: try row.string("name"),
            description: row.optionalString("description"), definition: definition,
            active: try row.integer("active") != 0, executionCount: Int(try row.integer("execution_count")),
            lastExecutedAt: row.optionalDate("last_executed_at"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at")
        )
    }
}
