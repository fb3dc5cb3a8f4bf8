import Foundation

/// Recording webhook deliveries, many in one transaction: each event claims its dedup key in the event log (a unique
/// index, so of concurrent copies exactly one records), then changes what it is about: a contact and its conversation and a
/// message row, an outbound message's status, or the integration's status. Received messages join the
/// conversation's open turn when the client has an agent.
extension SQLStore: InboundStore {
    /// Records several deliveries in one transaction (group commit). Should one of them fail it (a statement refused,
    /// a deadlock), each is recorded again in a transaction of its own, so only a delivery that fails alone is answered
    /// with its error: a savepoint per delivery would cost two more round trips each on PostgreSQL for a failure that
    /// does not happen. A database that cannot be reached fails them all at once.
    package func record(_ deliveries: [InboundDelivery]) async throws -> [Result<InboundOutcome, StoreError>] {
        do {
            return try await recordTogether(deliveries).map { .success($0) }
        } catch {
            let failure = error as? StoreError ?? StoreError(.failed, "\(error)")
            guard failure.code != .unavailable, deliveries.count > 1 else { throw failure }
            var results: [Result<InboundOutcome, StoreError>] = []
            for delivery in deliveries {
                do {
                    results.append(.success(try await recordTogether([delivery])[0]))
                } catch {
                    results.append(.failure(error as? StoreError ?? StoreError(.failed, "\(error)")))
                }
            }
            return results
        }
    }

    /// The deliveries in one transaction, each written for its own client (PostgreSQL's row-level security reads which).
    private func recordTogether(_ deliveries: [InboundDelivery]) async throws -> [InboundOutcome] {
        try await database.transaction(.system) { [backend = database.backend] connection in
            var client: String?
            return try deliveries.map { delivery in
                if delivery.clientID != client {
                    try SQLDatabase.act(as: .client(delivery.clientID), backend: backend, on: connection)
                    client = delivery.clientID
                }
                return try Self.record(delivery, backend: backend, on: connection)
            }
        }
    }

    private static func record(_ delivery: InboundDelivery, backend: SQLDatabase.Backend, on connection: any SQLConnection) throws -> InboundOutcome {
        var recorded: [String] = []
        var duplicates = 0
        for event in delivery.events {
            let claimed = try connection.query(
                """
                INSERT INTO events (id, client_id, integration_id, type, data, dedup_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (integration_id, dedup_key) DO NOTHING RETURNING id
                """,
                .text(event.id), .text(delivery.clientID), .text(delivery.integrationID), .text(event.type),
                .text(event.dataJSON), .text(event.dedupKey), .date(delivery.at)
            )
            guard !claimed.isEmpty else {
                duplicates += 1
                continue
            }
            recorded.append(event.id)
            switch event.kind {
            case .message(let message):
                let conversationID = try Self.recordMessage(message, eventID: event.id, of: delivery, backend: backend, on: connection)
                if let turns = delivery.turns, let entry = message.sealedTurnEntry {
                    try Self.joinTurn(
                        entry, conversationID: conversationID, clientID: delivery.clientID, settings: turns, at: delivery.at, backend: backend,
                        on: connection)
                }
            case .status(let providerMessageID, let messageID, let status):
                let updated = try connection.query(
                    """
                    UPDATE conversation_messages SET status = $1, \(status.timeColumn) = $2
                    WHERE client_id = $3 AND (provider_message_id = $4 OR id = $5) AND direction = 'out'
                        AND status IN (\(status.replaces.map { "'\($0)'" }.joined(separator: ", ")))
                    RETURNING conversation_id
                    """,
                    .text(status.rawValue), .date(delivery.at), .text(delivery.clientID), .text(providerMessageID), .text(messageID)
                )
                if let conversationID = updated.first?.optionalString("conversation_id") {
                    try connection.query("UPDATE events SET conversation_id = $1 WHERE id = $2", .text(conversationID), .text(event.id))
                }
            case .connection(let state):
                try connection.query(
                    "UPDATE integrations SET status = $1, updated_at = $2 WHERE id = $3 AND client_id = $4",
                    .text(state), .date(delivery.at), .text(delivery.integrationID), .text(delivery.clientID)
                )
            case .other:
                break
            }
        }
        return InboundOutcome(recorded: recorded, duplicates: duplicates)
    }

    /// The contact (found by any of its blind indexes, else created), its conversation on the integration (created,
    /// or moved on and reopened when closed), the message row, and the event's conversation; returns the conversation's
    /// id.
    private static func recordMessage(
        _ message: InboundMessage, eventID: String, of delivery: InboundDelivery, backend: SQLDatabase.Backend, on connection: any SQLConnection
    ) throws -> String {
        let contactID = try contact(
            clientID: delivery.clientID, channel: delivery.channel, indexes: message.addressIndexes, sealedAddress: message.sealedAddress,
            sealedName: message.sealedName, at: delivery.at, on: connection
        )
        return try conversation(
            clientID: delivery.clientID, integrationID: delivery.integrationID, contactID: contactID, channel: delivery.channel, direction: .inbound,
            at: delivery.at, backend: backend, on: connection
        ) { conversationID in
            [
                SQLStatement(
                    """
                    INSERT INTO conversation_messages (id, client_id, conversation_id, direction, provider_message_id, type, status, content, content_expires_at, created_at)
                    VALUES ($1, $2, $3, 'in', $4, $5, 'received', $6, $7, $8)
                    """,
                    .text(message.messageID), .text(delivery.clientID), .text(conversationID), .text(message.providerMessageID), .text(message.type),
                    .text(message.sealedContent), .date(message.contentExpiresAt), .date(delivery.at)),
                SQLStatement("UPDATE events SET conversation_id = $1 WHERE id = $2", .text(conversationID), .text(eventID)),
            ]
        }
    }

    /// The contact's id: an existing one under any index key, else a new one under the current key.
    static func contact(
        clientID: String, channel: IntegrationType, indexes: [Vault.BlindIndex], sealedAddress: String, sealedName: String?, at: Date,
        on connection: any SQLConnection
    ) throws -> String {
        /// Matches the contact's row by its index under any key; the index values are the parameters from `$first` on.
        func known(from first: Int) -> String {
            "client_id = $1 AND channel = $2 AND address_index IN (\(indexes.indices.map { "$\($0 + first)" }.joined(separator: ", ")))"
        }
        let keys: [SQLValue] = indexes.map { .text($0.value) }
        // A known contact is found, and its name refreshed when the message carries one, in one statement.
        let found =
            if let sealedName {
                try connection.query(
                    "UPDATE contacts SET name = $3, updated_at = $4 WHERE \(known(from: 5)) RETURNING id",
                    [.text(clientID), .text(channel.rawValue), .text(sealedName), .date(at)] + keys)
            } else {
                try connection.query("SELECT id FROM contacts WHERE \(known(from: 3)) LIMIT 1", [.text(clientID), .text(channel.rawValue)] + keys)
            }
        if let id = found.first?.optionalString("id") { return id }
        let current = indexes[0]
        let inserted = try connection.query(
            """
            INSERT INTO contacts (id, client_id, channel, address_index, index_key_id, address, name, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            ON CONFLICT (client_id, channel, address_index) DO UPDATE SET updated_at = excluded.updated_at
            RETURNING id
            """,
            .text(RecordID.make()), .text(clientID), .text(channel.rawValue), .text(current.value), .text(current.keyID), .text(sealedAddress),
            .text(sealedName), .date(at)
        )
        return try inserted[0].string("id")
    }

    /// The conversation of (integration, contact), moved on by a message in `direction`: created if new; a closed one
    /// reopens on an inbound message. Its follow-up timers are moved, and the statements `alongside` makes from its id
    /// run with that, in one round trip.
    static func conversation(
        clientID: String, integrationID: String, contactID: String, channel: IntegrationType, direction: ConversationMessageRecord.Direction, at: Date,
        backend: SQLDatabase.Backend, on connection: any SQLConnection, alongside: (String) -> [SQLStatement] = { _ in [] }
    ) throws -> String {
        let (lastColumn, countColumn) = direction == .inbound ? ("last_inbound_at", "inbound_count") : ("last_outbound_at", "outbound_count")
        let reopen = direction == .inbound ? ConversationStatus.afterInboundSQL : "conversations.status"
        let rows = try connection.query(
            """
            INSERT INTO conversations (id, client_id, integration_id, contact_id, channel, status, created_at, updated_at, last_message_at, \(lastColumn), \(countColumn))
            VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, $6, $6, 1)
            ON CONFLICT (integration_id, contact_id) DO UPDATE SET status = \(reopen), updated_at = excluded.updated_at,
                last_message_at = excluded.last_message_at, \(lastColumn) = excluded.\(lastColumn), \(countColumn) = conversations.\(countColumn) + 1
            RETURNING id
            """,
            .text(RecordID.make()), .text(clientID), .text(integrationID), .text(contactID), .text(channel.rawValue), .date(at)
        )
        let conversationID = try rows[0].string("id")
        // The reference times moved: the conversation's follow-up timers move with them.
        let arm = SQLStatement(TriggerTimerSQL.arm(backend, scope: "c.id = $1 AND t.client_id = $2"), .text(conversationID), .text(clientID))
        try connection.pipeline([arm] + alongside(conversationID))
        return conversationID
    }

    /// Adds a received message (its sealed turn entry) to its conversation's open turn (opening one if none), and moves
    /// the turn's flush time (`TurnSettings.flushTime`). On PostgreSQL the open turn is locked, so two messages at once
    /// both join it.
    private static func joinTurn(
        _ entry: String, conversationID: String, clientID: String, settings: TurnSettings, at: Date, backend: SQLDatabase.Backend,
        on connection: any SQLConnection
    ) throws {
        let lock = backend == .postgres ? " FOR UPDATE" : ""
        let open = try connection.query(
            "SELECT id, messages, message_count, first_at, flush_at FROM open_turns WHERE conversation_id = $1 AND claimed_until IS NULL\(lock)",
            .text(conversationID)
        )
        var current = open.first
        if let turn = current, try turn.date("flush_at") <= at {
            // Due but not yet taken by the flusher: it is closed to new messages (a turn never outgrows max_wait however
            // late the flusher runs), and marked for the flusher to take now.
            try connection.query("UPDATE open_turns SET claimed_until = $1 WHERE id = $2", .date(at), .text(try turn.string("id")))
            current = nil
        }
        guard let turn = current else {
            let flushAt = settings.flushTime(count: 1, firstAt: at, at: at)
            try connection.query(
                """
                INSERT INTO open_turns (id, conversation_id, client_id, messages, message_count, first_at, flush_at) VALUES ($1, $2, $3, $4, 1, $5, $6)
                """,
                .text(RecordID.make()), .text(conversationID), .text(clientID),
                .text(JSONValue.array([.string(entry)]).jsonText),
                .date(at), .date(flushAt)
            )
            return
        }
        var entries = (try? JSONDecoder().decode([String].self, from: Data(try turn.string("messages").utf8))) ?? []
        entries.append(entry)
        let count = entries.count
        let firstAt = try turn.date("first_at")
        let flushAt = settings.flushTime(count: count, firstAt: firstAt, at: at)
        try connection.query(
            "UPDATE open_turns SET messages = $1, message_count = $2, flush_at = $3 WHERE id = $4",
            .text(JSONValue.array(entries.map(JSONValue.string)).jsonText), .integer(Int64(count)), .date(flushAt),
            .text(try turn.string("id"))
        )
    }
}
