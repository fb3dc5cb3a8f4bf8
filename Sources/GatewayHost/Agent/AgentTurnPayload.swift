import Foundation

/// The JSON an agent gets for a turn: the turn's id, the conversation (id, status, channel, integration, lead), the
/// contact (id, phone or email, name) and the messages (provider id, type, text, media, timestamp), opened from the
/// sealed turn for the agent alone.
enum AgentTurnPayload {
    static func idempotencyKey(_ turnID: String) -> String {
        "turn:" + turnID
    }

    /// Nil when the turn's conversation no longer exists.
    static func build(_ turn: OpenTurn, conversations store: any ConversationStore, vault: Vault) async throws -> JSONValue? {
        guard let conversation = try await store.conversation(clientID: turn.clientID, id: turn.conversationID) else { return nil }
        let contact = try await store.contact(clientID: turn.clientID, id: conversation.contactID)
        let address = ContactSealing.open(contact?.address, "address", clientID: turn.clientID, vault: vault)
        let addressKey = conversation.channel == IntegrationType.email.rawValue ? "email" : "phone"
        let messages: [JSONValue] = turn.sealedMessages.compactMap { sealed in
            ContactSealing.open(sealed, "turn", clientID: turn.clientID, vault: vault).flatMap {
                try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))
            }
        }
        return [
            "type": "turn", "turn_id": .string(turn.id),
            "conversation": [
                "id": .string(conversation.id), "status": .string(conversation.status.rawValue), "channel": .string(conversation.channel),
                "integration_id": .string(conversation.integrationID), "lead": SQLStore.leadJSON(conversation.lead),
            ],
            "contact": [
                "id": .string(conversation.contactID), addressKey: address.map(JSONValue.string) ?? .null,
                "name": ContactSealing.open(contact?.name, "name", clientID: turn.clientID, vault: vault).map(JSONValue.string) ?? .null,
            ],
            "messages": .array(messages),
        ]
    }
}
