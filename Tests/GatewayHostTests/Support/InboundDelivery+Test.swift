import Foundation

@testable import GatewayHost

extension InboundDelivery {
    /// One received text message, its sender's index and seal stand-ins, as the recorder gets it.
    static func testMessage(_ id: String, client: String = "acme", integration: String, sender: String, at: Date = Date()) -> InboundDelivery {
        let message = InboundMessage(
            messageID: RecordID.make(), providerMessageID: id, type: "text", addressIndexes: [Vault.BlindIndex(keyID: "bi-test", value: sender)],
            sealedAddress: "sealed-\(sender)", sealedName: nil, sealedTurnEntry: nil, sealedContent: nil, contentExpiresAt: nil
        )
        let event = InboundEvent(
            id: RecordID.make(), dedupKey: "message_received:\(id)", type: "message_received", dataJSON: #"{"provider_message_id":"\#(id)"}"#,
            kind: .message(message))
        return InboundDelivery(clientID: client, integrationID: integration, channel: .whatsapp, events: [event], turns: nil, at: at)
    }
}
