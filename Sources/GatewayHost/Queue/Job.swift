package import Foundation

/// One message to deliver and everything known about its delivery: what the API shows at `/api/messages/{id}`.
package struct Job: Sendable {
    package let id: String
    package let clientID: String
    /// The integration type that sends it (`whatsapp`, `email`, `agent`).
    package let channel: IntegrationType
    /// The provider op (`send`, `send_media`) and its input JSON.
    package let op: String
    package let input: String
    package let priority: JobPriority
    package var status: JobStatus
    /// Calls made to the provider so far.
    package var attempts: Int
    package var providerMessageID: String?
    package var errorCode: JobFailureCode?
    package var lastError: String?
    package let createdAt: Date
    package var updatedAt: Date
    package var sentAt: Date?
    /// When a queued job becomes ready (a retry's or a delayed send's time).
    package var nextAttemptAt: Date?
    /// The integrations it left for fallbacks, in order (failover); it goes out through the next one.
    package var providerHistory: [ProviderHop] = []
}
