package import Foundation

/// Sends in conversations: a queued message joins its recipient's conversation, learns the provider's id once sent,
/// and loses its content past the retention.
package protocol OutboundStore: Sendable {
    func attachOutbound(_ outbound: OutboundMessage) async throws
    func markOutboundSent(clientID: String, messageID: String, providerMessageID: String?, at: Date) async throws
    func sentCount(clientID: String, integrationID: String, since: Date) async throws -> Int
    func outboundMessage(clientID: String, messageID: String) async throws -> ConversationMessageRecord?
    /// Clears stored message content past its retention (operator work); returns how many.
    func dropExpiredContent(now: Date) async throws -> Int
}
