/// A column of inbound data that holds vault ciphertexts: each sealed with its client and what it is (the context),
/// one per row, or a JSON array of them (an open turn's messages). Key rotation re-seals them all.
package enum SealedColumn: CaseIterable, Sendable {
    case contactAddress, contactName, messageContent, turnMessages

    var table: String {
        switch self {
        case .contactAddress, .contactName: "contacts"
        case .messageContent: "conversation_messages"
        case .turnMessages: "open_turns"
        }
    }

    var column: String {
        switch self {
        case .contactAddress: "address"
        case .contactName: "name"
        case .messageContent: "content"
        case .turnMessages: "messages"
        }
    }

    /// What `ContactSealing.context` binds the ciphertexts to.
    var sealedAs: String {
        switch self {
        case .contactAddress: "address"
        case .contactName: "name"
        case .messageContent: "content"
        case .turnMessages: "turn"
        }
    }

    var holdsArray: Bool { self == .turnMessages }
}
