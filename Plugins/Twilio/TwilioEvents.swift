import ProviderKit

/// Turns a Twilio webhook's parameters into normalised events: a `MessageStatus` is a receipt, a message with a
/// `From` and a `Body` or media is a received message.
enum TwilioEvents {
    static func parse(_ fields: [String: String]) -> [ProviderEvent] {
        if let status = fields["MessageStatus"] {
            guard let id = fields["MessageSid"], let normalised = deliveryStatus(status) else { return [] }
            var event = ProviderEvent(type: .messageStatus)
            event.providerMessageId = id
            event.status = normalised
            return [event]
        }
        guard let from = TwilioNumber.phone(fields["From"]), fields["Body"] != nil || (fields["NumMedia"] ?? "0") != "0" else { return [] }
        var event = ProviderEvent(type: .messageReceived)
        event.providerMessageId = fields["MessageSid"]
        event.from = from
        event.chatId = fields["From"]
        event.isGroup = false
        event.name = fields["ProfileName"]
        event.text = fields["Body"]
        if let url = fields["MediaUrl0"] {
            event.mediaUrl = url
            event.mediaType = mediaType(fields["MediaContentType0"])
        }
        return [event]
    }

    /// `queued`, `accepted` and `sending` are not news: the send already said the message was taken.
    private static func deliveryStatus(_ raw: String) -> String? {
        switch raw {
        case "sent": "sent"
        case "delivered": "delivered"
        case "read": "read"
        case "undelivered", "failed": "failed"
        default: nil
        }
    }

    private static func mediaType(_ contentType: String?) -> String {
        for kind in ["image", "video", "audio"] where contentType?.hasPrefix(kind + "/") == true { return kind }
        return "document"
    }
}
