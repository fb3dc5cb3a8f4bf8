package import Foundation

/// Conversations, their messages, contacts and the event log as the API reads and changes them. Lists page by a
/// cursor (the last row's sort key), newest first.
extension SQLStore: ConversationStore {
    static let conversationColumns = """
        id, client_id, integration_id, contact_id, channel, status, lead_score, lead_tags, lead_fields, inbound_count, outbound_count, \
        created_at, updated_at, last_message_at, last_inbound_at, last_outbound_at
        """

    package func conversations(clientID: String, filter: ConversationFilter, limit: Int) async throws -> [ConversationRecord] {
        var conditions = ["client_id = $1"]
        var parameters: [SQLValue] = [.text(clientID)]
        func add(_ condition: (String) -> String, _ value: SQLValue) {
            parameters.append(value)
            conditions.append(condition("$\(parameters.count)"))
        }
        if let status = filter.status { add({ "status = \($0)" }, .text(status.rawValue)) }
        if let channel = filter.channel { add({ "channel = \($0)" }, .text(channel)) }
        if let since = filter.updatedSince { add({ "updated_at >= \($0)" }, .date(since)) }
        if let tag = filter.tag {
            add({ "lead_tags LIKE \($0) ESCAPE '\\'" }, .text("%" + Self.likeEscaped(JSONValue.string(tag).jsonText) + "%"))
        }
        if let cursor = filter.before {
            parameters += [.date(cursor.updatedAt), .text(cursor.id)]
            let (time, id) = ("$\(parameters.count - 1)", "$\(parameters.count)")
            conditions.append("(updated_at < \(time) OR (updated_at = \(time) AND id < \(id)))")
        }
        parameters.append(.integer(Int64(limit)))
        let sql = """
            SELECT \(Self.conversationColumns) FROM conversations WHERE \(conditions.joined(separator: " AND "))
            ORDER BY updated_at DESC, id DESC LIMIT $\(parameters.count)
            """
        return try await database.transaction(.client(clientID)) { [parameters] connection in
            try connection.query(sql, parameters).map(Self.conversation)
        }
    }

    package func conversation(clientID: String, id: String) async throws -> ConversationRecord? {
        try await database.transaction(.client(clientID)) { connection in
            try Self.conversation(clientID: clientID, id: id, on: connection)
        }
    }

    /// Changes a conversation's status and lead; each change is logged (`conversation_status_changed`,
    /// `lead_updated`) in the same transaction. Nil when the client has no such conversation.
    package func updateConversation(clientID: String, id: String, _ update: ConversationUpdate, at: Date) async throws -> ConversationRecord? {
        try await database.transaction(.client(clientID)) { connection in
            guard let before = try Self.conversation(clientID: clientID, id: id, on: connection) else { return nil }
            let after = update.applied(to: before)
            try connection.query(
                "UPDATE conversations SET status = $1, lead_score = $2, lead_tags = $3, lead_fields = $4, updated_at = $5 WHERE id = $6 AND client_id = $7",
                .text(after.status.rawValue), after.lead.score.map { .text(String($0)) } ?? .null,
                .text(JSONValue.array(after.lead.tags.map(JSONValue.string)).jsonText),
                .text(IntegrationRecord.configText(after.lead.fields)), .date(at), .text(id), .text(clientID)
            )
            for event in update.events(from: before) {
                try Self.appendEvent(clientID: clientID, conversationID: id, type: event.type, data: event.data, at: at, on: connection)
            }
            return try Self.conversation(clientID: clientID, id: id, on: connection)
        }
    }

    package func conversationMessages(clientID: String, conversationID: String, limit: Int) async throws -> [ConversationMessageRecord] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                SELECT id, conversation_id, direction, provider_message_id, type, status, created_at, sent_at, delivered_at, read_at, failed_at, content
                FROM conversation_messages WHERE client_id = $1 AND conversation_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3
                """,
                .text(clientID), .text(conversationID), .integer(Int64(limit))
            ).map(Self.message)
        }
    }

    package func contact(clientID: String, id: String) async throws -> ContactRecord? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT id, client_id, channel, address_index, index_key_id, address, name, created_at FROM contacts WHERE client_id = $1 AND id = $2",
                .text(clientID), .text(id)
            ).first.map { row in
                ContactRecord(
                    id: try row.string("id"), clientID: try row.string("client_id"), channel: try row.value("channel", as: IntegrationType.self),
                    addressIndex: try row.string("address_index"),
                    indexKeyID: try row.string("index_key_id"), address: try row.string("address"), name: row.optionalString("name"),
                    createdAt: try row.date("created_at")
                )
            }
        }
    }

    // MARK: rows

    static func conversation(clientID: String, id: String, on connection: any SQLConnection) throws -> ConversationRecord? {
        try connection.query("SELECT \(conversationColumns) FROM conversations WHERE client_id = $1 AND id = $2", .text(clientID), .text(id)).first
            .map(conversation)
    }

    static func conversation(_ row: SQLRow) throws -> ConversationRecord {
        let decoder = JSONDecoder()
        return ConversationRecord(
            id: try row.string("id"), clientID: try row.string("client_id"), integrationID: try row.string("integration_id"),
            contactID: try row.string("contact_id"),
            channel: try row.value("channel", as: IntegrationType.self), status: ConversationStatus(rawValue: try row.string("status")) ?? .open,
            lead: Lead(
                score: row.optionalString("lead_score").flatMap(Double.init),
                tags: (try? decoder.decode([String].self, from: Data(try row.string("lead_tags").utf8))) ?? [],
                fields: (try? decoder.decode([String: JSONValue].self, from: Data(try row.string("lead_fields").utf8))) ?? [:]
            ),
            inboundCount: Int(try row.integer("inbound_count")), outboundCount: Int(try row.integer("outbound_count")),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), lastMessageAt: row.optionalDate("last_message_at"),
            lastInboundAt: row.optionalDate("last_inbound_at"),
            lastOutboundAt: row.optionalDate("last_outbound_at")
        )
    }

    static func message(_ row: SQLRow) throws -> ConversationMessageRecord {
        ConversationMessageRecord(
            id: try row.string("id"), conversationID: try row.string("conversation_id"),
            direction: ConversationMessageRecord.Direction(rawValue: try row.string("direction")) ?? .inbound,
            providerMessageID: row.optionalString("provider_message_id"),
            type: try row.string("type"), status: try row.string("status"), createdAt: try row.date("created_at"),
            sentAt: row.optionalDate("sent_at"),
            deliveredAt: row.optionalDate("delivered_at"), readAt: row.optionalDate("read_at"), failedAt: row.optionalDate("failed_at"),
            sealedContent: row.optionalString("content")
        )
    }

    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}

extension SQLStore {
    /// The most recently active conversation of the contact whose address has one of `addressIndexes`.
    package func conversation(clientID: String, channel: IntegrationType, addressIndexes: [String]) async throws -> ConversationRecord? {
        let placeholders = addressIndexes.indices.map { "$\($0 + 3)" }.joined(separator: ", ")
        let columns = Self.conversationColumns.split(separator: ",").map { "v." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        return try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                SELECT \(columns) FROM conversations v JOIN contacts c ON c.id = v.contact_id
                WHERE v.client_id = $1 AND c.client_id = $1 AND c.channel = $2 AND c.address_index IN (\(placeholders))
                ORDER BY v.updated_at DESC LIMIT 1
                """,
                [.text(clientID), .text(channel.rawValue)] + addressIndexes.map(SQLValue.text)
            ).first.map(Self.conversation)
        }
    }
}
