package import Foundation

/// The event log: appended per client (in the transaction of the change it records), read per client by the API and in
/// sequence order across clients by the trigger scheduler (operator work), purged from its head.
extension SQLStore: EventLog {
    /// Appends an event (an agent's report); nil when it names a conversation the client does not have.
    package func appendEvent(
        clientID: String, conversationID: String?, type: String, data: [String: JSONValue], at: Date
    ) async throws -> EventRecord? {
        try await database.transaction(.client(clientID)) { connection in
            if let conversationID, try Self.conversation(clientID: clientID, id: conversationID, on: connection) == nil { return nil }
            return try Self.appendEvent(clientID: clientID, conversationID: conversationID, type: type, data: data, at: at, on: connection)
        }
    }

    package func events(clientID: String, filter: EventFilter, limit: Int) async throws -> [EventRecord] {
        var conditions = ["client_id = $1"]
        var parameters: [SQLValue] = [.text(clientID)]
        if let type = filter.type {
            parameters.append(.text(type))
            conditions.append("type = $\(parameters.count)")
        }
        if let conversationID = filter.conversationID {
            parameters.append(.text(conversationID))
            conditions.append("conversation_id = $\(parameters.count)")
        }
        if let after = filter.after {
            parameters.append(.integer(after))
            conditions.append("seq > $\(parameters.count)")
        }
        parameters.append(.integer(Int64(limit)))
        let sql = """
            SELECT seq, id, client_id, integration_id, conversation_id, type, data, created_at FROM events
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq\(filter.newestFirst ? " DESC" : "") LIMIT $\(parameters.count)
            """
        return try await database.transaction(.client(clientID)) { [parameters] connection in
            try connection.query(sql, parameters).map(Self.event)
        }
    }

    package func purgeEvents(before cutoff: Date) async throws -> Int {
        var total = 0
        while true {
            // From the head of the log (its key's index), so a run with nothing to delete reads one batch, not the table;
            // an entry stamped out of order waits for the next run.
            let deleted = try await database.transaction(.system) { connection in
                try connection.query(
                    "DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT \(SQLJobQueue.purgeBatch)) AND created_at < $1 RETURNING 1",
                    .date(cutoff)
                ).count
            }
            total += deleted
            if deleted < SQLJobQueue.purgeBatch { return total }
        }
    }

    @discardableResult
    static func appendEvent(
        clientID: String, conversationID: String?, type: String, data: [String: JSONValue], at: Date, on connection: any SQLConnection
    ) throws -> EventRecord {
        let rows = try connection.query(
            """
            INSERT INTO events (id, client_id, conversation_id, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING seq, id, client_id, integration_id, conversation_id, type, data, created_at
            """,
            .text(RecordID.make()), .text(clientID), .text(conversationID), .text(type), .text(IntegrationRecord.configText(data)),
            .date(at)
        )
        return try event(rows[0])
    }

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

    /// PostgreSQL has several writers, which commit out of sequence order; SQLite has one.
    package var sequenceSettleTime: TimeInterval { database.backend == .postgres ? 10 : 0 }

    static func event(_ row: SQLRow) throws -> EventRecord {
        EventRecord(
            seq: try row.integer("seq"), id: try row.string("id"), clientID: try row.string("client_id"),
            integrationID: row.optionalString("integration_id"),
            conversationID: row.optionalString("conversation_id"), type: try row.string("type"),
            data: (try? JSONDecoder().decode([String: JSONValue].self, from: Data(try row.string("data").utf8))) ?? [:],
            createdAt: try row.date("created_at")
        )
    }
}
