package import Foundation

/// Outbound messages in conversations: a send joins its recipient's conversation (created if new) as a queued
/// message row keyed by the message's id; when the provider takes it, the row learns the provider's id, which
/// delivery receipts find it by.
extension SQLStore: OutboundStore {
    package func attachOutbound(_ outbound: OutboundMessage) async throws {
        try await database.transaction(.client(outbound.clientID)) { [backend = database.backend] connection in
            let contactID = try Self.contact(
                clientID: outbound.clientID, channel: outbound.channel, indexes: outbound.addressIndexes, sealedAddress: outbound.sealedAddress,
                sealedName: nil,
                at: outbound.at, on: connection
            )
            let conversationID = try Self.conversation(
                clientID: outbound.clientID, integrationID: outbound.integrationID, contactID: contactID, channel: outbound.channel,
                direction: .outbound, at: outbound.at, backend: backend, on: connection
            )
            try connection.query(
                """
                INSERT INTO conversation_messages (id, client_id, conversation_id, direction, type, status, created_at)
                VALUES ($1, $2, $3, 'out', $4, 'queued', $5) ON CONFLICT (id) DO NOTHING
                """,
                .text(outbound.messageID), .text(outbound.clientID), .text(conversationID), .text(outbound.type), .date(outbound.at)
            )
        }
    }

    package func markOutboundSent(clientID: String, messageID: String, providerMessageID: String?, at: Date) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                UPDATE conversation_messages SET provider_message_id = coalesce($1, provider_message_id), sent_at = coalesce(sent_at, $2),
                    status = CASE WHEN status IN ('queued', 'sending') THEN 'sent' ELSE status END
                WHERE id = $3 AND client_id = $4
                """,
                .text(providerMessageID), .date(at), .text(messageID), .text(clientID)
            )
        }
    }

    /// Clears stored message content past its client's retention (operator work); returns how many.
    package func dropExpiredContent(now: Date) async throws -> Int {
        try await database.transaction(.system) { connection in
            try connection.query(
                "UPDATE conversation_messages SET content = NULL, content_expires_at = NULL WHERE content_expires_at <= $1 RETURNING id", .date(now)
            ).count
        }
    }

    /// An outbound message's row: its conversation and receipts (nil for a message outside any conversation).
    package func outboundMessage(clientID: String, messageID: String) async throws -> ConversationMessageRecord? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                SELECT id, conversation_id, direction, provider_message_id, type, status, created_at, sent_at, delivered_at, read_at, failed_at
                FROM conversation_messages WHERE client_id = $1 AND id = $2
                """,
                .text(clientID), .text(messageID)
            ).first.map(Self.message)
        }
    }

    /// How many messages went out through the integration since `since` (the provider accepted them).
    package func sentCount(clientID: String, integrationID: String, since: Date) async throws -> Int {
        try await database.transaction(.client(clientID)) { connection in
            Int(
                try connection.query(
                    """
                    SELECT count(*) AS sent FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
                    WHERE m.client_id = $1 AND m.direction = 'out' AND m.sent_at >= $3 AND c.integration_id = $2
                    """,
                    .text(clientID), .text(integrationID), .date(since)
                ).first?.integer("sent") ?? 0)
        }
    }
}
