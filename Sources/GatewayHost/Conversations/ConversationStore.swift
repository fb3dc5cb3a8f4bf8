package import Foundation

/// Conversations, their messages and contacts as the API, triggers and agents read and change them.
package protocol ConversationStore: Sendable {
    func conversations(clientID: String, filter: ConversationFilter, limit: Int) async throws -> [ConversationRecord]
    /// A client's conversations after `afterID` in id order, narrowed by what SQL can check of a condition.
    func conversations(clientID: String, afterID: String, limit: Int, matching prefilter: ConversationPrefilter) async throws -> [ConversationRecord]
    func conversation(clientID: String, id: String) async throws -> ConversationRecord?
    func conversation(clientID: String, channel: IntegrationType, addressIndexes: [String]) async throws -> ConversationRecord?
    /// Applies the update and writes the events it names, in one transaction.
    func updateConversation(clientID: String, id: String, _ update: ConversationUpdate, at: Date) async throws -> ConversationRecord?
    func conversationMessages(clientID: String, conversationID: String, limit: Int) async throws -> [ConversationMessageRecord]
    func contact(clientID: String, id: String) async throws -> ContactRecord?
}
