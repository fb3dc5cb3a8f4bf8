package import Foundation

/// A send joining its recipient's conversation.
package struct OutboundMessage: Sendable {
    package let clientID: String
    package let integrationID: String
    package let channel: IntegrationType
    package let messageID: String
    package let type: String
    package let addressIndexes: [Vault.BlindIndex]
    package let sealedAddress: String
    package let at: Date
}
