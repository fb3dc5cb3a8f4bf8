import Foundation

/// A message as the API shows it: its delivery state, never its content.
struct MessageView: Encodable, Sendable {
    let id: String
    let channel: String
    let status: String
    let priority: String
    let attempts: Int
    let provider_message_id: String?
    let error_code: String?
    let last_error: String?
    let created_at: String
    let updated_at: String
    let sent_at: String?
    let next_attempt_at: String?
    /// The conversation the message joined, and what the provider's receipts said since (`delivered`, `read`, `failed`).
    let conversation_id: String?
    let delivery_status: String?
    let delivered_at: String?
    let read_at: String?
    let failed_at: String?
    /// The integrations it left for fallbacks (failover), in order.
    let provider_history: [ProviderHop]

    init(_ job: Job, conversationMessage: ConversationMessageRecord? = nil) {
        id = job.id
        channel = job.channel.rawValue
        status = job.status.rawValue
        priority = job.priority.rawValue
        attempts = job.attempts
        provider_message_id = job.providerMessageID
        error_code = job.errorCode?.text
        last_error = job.lastError
        created_at = job.createdAt.formatted(.iso8601)
        updated_at = job.updatedAt.formatted(.iso8601)
        sent_at = job.sentAt?.formatted(.iso8601)
        next_attempt_at = job.nextAttemptAt?.formatted(.iso8601)
        conversation_id = conversationMessage?.conversationID
        delivery_status = conversationMessage.flatMap { ["delivered", "read", "failed"].contains($0.status) ? $0.status : nil }
        delivered_at = conversationMessage?.deliveredAt?.formatted(.iso8601)
        read_at = conversationMessage?.readAt?.formatted(.iso8601)
        failed_at = conversationMessage?.failedAt?.formatted(.iso8601)
        provider_history = job.providerHistory
    }
}

/// `{success, message_id, status, sent_at}`: what a send (or a replay) answers. `sent_at` is null until the provider
/// accepted the message.
struct SendAccepted: Encodable, Sendable {
    var success = true
    let message_id: String
    let status: String
    let sent_at: JSONValue

    init(_ job: Job) {
        message_id = job.id
        status = job.status.rawValue
        sent_at = job.sentAt.map { .string($0.formatted(.iso8601)) } ?? .null
    }
}

/// `{success, message}`.
struct MessageResponse: Encodable, Sendable {
    var success = true
    let message: MessageView
}

/// `{success, jobs}`.
struct JobList: Encodable, Sendable {
    var success = true
    let jobs: [MessageView]
}
