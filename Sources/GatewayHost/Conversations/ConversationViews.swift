import Foundation

/// A conversation as the API shows it.
struct ConversationView: Encodable, Sendable {
    struct Counts: Encodable, Sendable {
        let inbound: Int
        let outbound: Int
    }

    let id: String
    let status: String
    let channel: String
    let integration_id: String
    let contact_id: String
    let lead: Lead
    let messages: Counts
    let created_at: String
    let updated_at: String
    let last_message_at: String?
    let last_inbound_at: String?
    let last_outbound_at: String?

    init(_ record: ConversationRecord) {
        id = record.id
        status = record.status.rawValue
        channel = record.channel.rawValue
        integration_id = record.integrationID
        contact_id = record.contactID
        lead = record.lead
        messages = Counts(inbound: record.inboundCount, outbound: record.outboundCount)
        created_at = record.createdAt.formatted(.iso8601)
        updated_at = record.updatedAt.formatted(.iso8601)
        last_message_at = record.lastMessageAt?.formatted(.iso8601)
        last_inbound_at = record.lastInboundAt?.formatted(.iso8601)
        last_outbound_at = record.lastOutboundAt?.formatted(.iso8601)
    }
}

/// A message's metadata in a conversation (never its content).
struct ConversationMessageView: Encodable, Sendable {
    let id: String
    let direction: String
    let provider_message_id: String?
    let type: String
    let status: String
    let created_at: String
    let sent_at: String?
    let delivered_at: String?
    let read_at: String?
    let failed_at: String?
    /// Only for a client that stores content, until its retention ends.
    let content: String?

    init(_ record: ConversationMessageRecord, content: String? = nil) {
        id = record.id
        direction = record.direction.rawValue
        provider_message_id = record.providerMessageID
        type = record.type
        status = record.status
        created_at = record.createdAt.formatted(.iso8601)
        sent_at = record.sentAt?.formatted(.iso8601)
        delivered_at = record.deliveredAt?.formatted(.iso8601)
        read_at = record.readAt?.formatted(.iso8601)
        failed_at = record.failedAt?.formatted(.iso8601)
        self.content = content
    }
}

/// A contact with its address and name opened for its own client.
struct ContactView: Encodable, Sendable {
    let id: String
    let channel: String
    let phone: String?
    let email: String?
    let name: String?
    let created_at: String
}

/// One entry of the event log.
struct EventView: Encodable, Sendable {
    let id: String
    let seq: Int64
    let type: String
    let conversation_id: String?
    let integration_id: String?
    let data: [String: JSONValue]
    let created_at: String

    init(_ record: EventRecord) {
        id = record.id
        seq = record.seq
        type = record.type
        conversation_id = record.conversationID
        integration_id = record.integrationID
        data = record.data
        created_at = record.createdAt.formatted(.iso8601)
    }
}
