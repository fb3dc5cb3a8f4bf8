/// A turn the flusher claimed: its conversation and its messages, sealed.
package struct OpenTurn: Sendable {
    package let id: String
    package let conversationID: String
    package let clientID: String
    package let sealedMessages: [String]
}
