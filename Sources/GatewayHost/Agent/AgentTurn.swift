import Foundation

/// The JSON an agent gets for a turn: the turn's id, the conversation (id, status, channel, integration, lead), the
/// contact (id, phone or email, name) and the messages (provider id, type, text, media, timestamp), opened from the
/// sealed turn for the agent alone; `reason` when a trigger asked for the turn. The same type reads the turn back when
/// the agent's reply goes out.
struct AgentTurn: Codable, Sendable {
    struct Conversation: Codable, Sendable {
        let id: String
        let status: ConversationStatus
        let channel: IntegrationType
        let integration_id: String
        let lead: JSONValue
    }

    /// The contact's address sits under the key its channel names (`phone` or `email`); absent values are null, not
    /// missing, so an agent reads every key it expects.
    struct Contact: Codable, Sendable {
        let id: String
        /// An email conversation's contact has an `email`, others a `phone`.
        let byEmail: Bool
        let address: String?
        let name: String?

        var phone: String? { byEmail ? nil : address }

        private enum Key: String, CodingKey { case id, phone, email, name }

        init(id: String, byEmail: Bool, address: String?, name: String?) {
            (self.id, self.byEmail, self.address, self.name) = (id, byEmail, address, name)
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            id = try container.decode(String.self, forKey: .id)
            byEmail = container.contains(.email)
            address = try container.decodeIfPresent(String.self, forKey: byEmail ? .email : .phone)
            name = try container.decodeIfPresent(String.self, forKey: .name)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(id, forKey: .id)
            try container.encode(address, forKey: byEmail ? .email : .phone)
            try container.encode(name, forKey: .name)
        }
    }

    var type = "turn"
    let turn_id: String
    let conversation: Conversation
    let contact: Contact
    let messages: [JSONValue]
    var reason: JSONValue?

    static func idempotencyKey(_ turnID: String) -> String {
        "turn:" + turnID
    }

    /// Nil when the turn's conversation no longer exists.
    static func build(_ turn: OpenTurn, conversations store: any ConversationStore, vault: Vault) async throws -> AgentTurn? {
        guard let conversation = try await store.conversation(clientID: turn.clientID, id: turn.conversationID) else { return nil }
        let contact = try await store.contact(clientID: turn.clientID, id: conversation.contactID)
        let address = ContactSealing.open(contact?.address, "address", clientID: turn.clientID, vault: vault)
        let name = ContactSealing.open(contact?.name, "name", clientID: turn.clientID, vault: vault)
        let messages: [JSONValue] = turn.sealedMessages.compactMap { sealed in
            ContactSealing.open(sealed, "turn", clientID: turn.clientID, vault: vault).flatMap(JSONValue.init(jsonText:))
        }
        return AgentTurn(
            turn_id: turn.id,
            conversation: Conversation(
                id: conversation.id, status: conversation.status, channel: conversation.channel, integration_id: conversation.integrationID,
                lead: conversation.lead.json),
            contact: Contact(
                id: conversation.contactID, byEmail: conversation.channel == .email, address: address, name: name),
            messages: messages)
    }
}
