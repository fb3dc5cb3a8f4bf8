import ProviderKit

/// Turns a uazapiGO delivery into normalised events. Deliveries come in two shapes: `{BaseUrl, EventType, chat,
/// message, owner, token}` and `{event, instance, data}`. Unknown event types yield no event.
enum UazapiEvents {
    static func parse(_ body: JSONValue) -> [ProviderEvent] {
        if let type = body["EventType"]?.string {
            switch type {
            case "messages": return body["message"].flatMap { message($0, chat: body["chat"]) }.map { [$0] } ?? []
            case "messages_update": return statuses(body["event"] ?? body["message"] ?? body)
            case "connection": return connection(body["instance"] ?? body, owner: body["owner"])
            default: return []
            }
        }
        guard let type = body["event"]?.string, let data = body["data"] else { return [] }
        switch type {
        case "message", "messages": return message(data, chat: nil).map { [$0] } ?? []
        case "status", "messages_update": return statuses(data)
        case "connection": return connection(data, owner: nil)
        default: return []
        }
    }

    /// A received message; nil for the account's own messages (`fromMe`, `wasSentByApi`), so replies cannot loop.
    private static func message(_ message: JSONValue, chat: JSONValue?) -> ProviderEvent? {
        guard message["fromMe"]?.bool != true, message["wasSentByApi"]?.bool != true else { return nil }
        var event = ProviderEvent(type: .messageReceived)
        let chatId = message["chatid"]?.string ?? chat?["wa_chatid"]?.string
        let isGroup = message["isGroup"]?.bool ?? chatId?.hasSuffix("@g.us") ?? false
        event.providerMessageId = message["messageid"]?.string ?? message["id"]?.string
        event.chatId = chatId
        event.isGroup = isGroup
        // The sender's phone: sender_pn, else (outside groups) the chat's JID. `sender` may be an opaque @lid id.
        event.from = WhatsAppNumber.phone(fromJID: message["sender_pn"]?.string)
            ?? (isGroup ? nil : WhatsAppNumber.phone(fromJID: chatId))
            ?? WhatsAppNumber.phone(fromJID: message["sender"]?.string)
        event.name = message["senderName"]?.string ?? chat?["wa_contactName"]?.string
        event.text = message["text"]?.string ?? message["content"]?.string ?? message["content"]?["caption"]?.string
        event.timestamp = message["messageTimestamp"]?.int64.flatMap(timestamp)
        if let url = message["fileURL"]?.string ?? message["content"]?["url"]?.string, !url.isEmpty {
            event.mediaUrl = url
            event.mediaType = message["content"]?["type"]?.string ?? message["messageType"]?.string?.lowercased()
        }
        return event
    }

    /// Delivery receipts: one message (`messageid` + `status`) or several (`MessageIDs` + `Type`).
    private static func statuses(_ update: JSONValue) -> [ProviderEvent] {
        guard let status = deliveryStatus(update["status"]?.string ?? update["Type"]?.string) else { return [] }
        let ids = update["MessageIDs"]?.array?.compactMap(\.string) ?? [update["messageid"]?.string ?? update["id"]?.string].compactMap { $0 }
        let time = (update["messageTimestamp"] ?? update["Timestamp"])?.int64.flatMap(timestamp)
        return ids.map { id in
            var event = ProviderEvent(type: .messageStatus)
            event.providerMessageId = id
            event.status = status
            event.timestamp = time
            return event
        }
    }

    private static func connection(_ instance: JSONValue, owner: JSONValue?) -> [ProviderEvent] {
        let states = ["connected": "connected", "open": "connected", "connecting": "connecting", "disconnected": "disconnected", "close": "disconnected"]
        guard let raw = instance["status"]?.string ?? instance["state"]?.string, let state = states[raw.lowercased()] else { return [] }
        var event = ProviderEvent(type: .connection)
        event.state = state
        event.phone = WhatsAppNumber.phone(fromJID: instance["owner"]?.string ?? owner?.string)
        return [event]
    }

    private static func deliveryStatus(_ raw: String?) -> String? {
        switch raw?.lowercased() {
        case "sent", "serverack", "pending": "sent"
        case "delivered", "deliveryack": "delivered"
        case "read", "played", "readself": "read"
        case "failed", "error": "failed"
        default: nil
        }
    }

    /// uazapi timestamps are milliseconds; a value that small is seconds. Any other number (negative, huge) is no
    /// time at all.
    private static func timestamp(_ value: Int64) -> String? {
        guard value < 100_000_000_000 else { return ProviderEvent.timestamp(milliseconds: value) }
        let (milliseconds, overflow) = value.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : ProviderEvent.timestamp(milliseconds: milliseconds)
    }
}
