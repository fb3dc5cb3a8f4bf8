import ProviderKit

/// Turns an Evolution API delivery (`{event, instance, data, sender, ...}`) into normalised events. Events other
/// than received messages, receipts and connection changes yield none (`send.message` echoes our own sends).
enum EvolutionEvents {
    static func parse(_ body: JSONValue) -> [ProviderEvent] {
        guard let type = body["event"]?.string, let data = body["data"] else { return [] }
        let items = data.array ?? [data]
        switch type {
        case "messages.upsert": return items.compactMap(message)
        case "messages.update": return items.compactMap(receipt)
        case "connection.update": return connection(data, owner: body["sender"]?.string).map { [$0] } ?? []
        default: return []
        }
    }

    /// A received message; nil for the account's own (`fromMe`), so replies cannot loop.
    private static func message(_ data: JSONValue) -> ProviderEvent? {
        let key = data["key"]
        guard key?["fromMe"]?.bool != true, let chatId = key?["remoteJid"]?.string else { return nil }
        var event = ProviderEvent(type: .messageReceived)
        let isGroup = chatId.hasSuffix("@g.us")
        event.providerMessageId = key?["id"]?.string
        event.chatId = chatId
        event.isGroup = isGroup
        // In a group the sender is the key's participant; either may be an opaque @lid id, which is no phone.
        event.from = WhatsAppNumber.phone(fromJID: isGroup ? key?["participant"]?.string : chatId)
        event.name = data["pushName"]?.string
        let content = data["message"]
        let media = mediaTypes.first { content?[$0.key] != nil }
        event.text = content?["conversation"]?.string ?? content?["extendedTextMessage"]?["text"]?.string
            ?? media.flatMap { content?[$0.key]?["caption"]?.string }
        event.mediaType = media?.value  // the media itself stays at WhatsApp, encrypted: no URL to hand on
        event.timestamp = data["messageTimestamp"]?.int64.flatMap(timestamp)
        return event
    }

    /// The WhatsApp message kinds that carry media, with the gateway's name for each.
    private static let mediaTypes: KeyValuePairs = [
        "imageMessage": "image", "videoMessage": "video", "audioMessage": "audio", "documentMessage": "document", "stickerMessage": "sticker",
    ]

    /// A receipt for one of the account's messages: `keyId` (or `key.id`) with its new `status`.
    private static func receipt(_ data: JSONValue) -> ProviderEvent? {
        guard data["fromMe"]?.bool ?? data["key"]?["fromMe"]?.bool ?? true,
            let id = data["keyId"]?.string ?? data["key"]?["id"]?.string,
            let status = deliveryStatus(data["status"]?.string)
        else { return nil }
        var event = ProviderEvent(type: .messageStatus)
        event.providerMessageId = id
        event.status = status
        return event
    }

    private static func connection(_ data: JSONValue, owner: String?) -> ProviderEvent? {
        let states = ["open": "connected", "connecting": "connecting", "close": "disconnected"]
        guard let raw = data["state"]?.string, let state = states[raw] else { return nil }
        var event = ProviderEvent(type: .connection)
        event.state = state
        event.phone = WhatsAppNumber.phone(fromJID: owner)
        return event
    }

    private static func deliveryStatus(_ raw: String?) -> String? {
        switch raw {
        case "SERVER_ACK": "sent"
        case "DELIVERY_ACK": "delivered"
        case "READ", "PLAYED": "read"
        case "ERROR": "failed"
        default: nil
        }
    }

    /// Evolution's message timestamps are Unix seconds; a value that overflows as milliseconds is no time at all.
    private static func timestamp(_ seconds: Int64) -> String? {
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : ProviderEvent.timestamp(milliseconds: milliseconds)
    }
}
