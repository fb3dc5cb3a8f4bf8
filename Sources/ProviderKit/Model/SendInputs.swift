/// What the host's `send` op gives a WhatsApp (or SMS) provider (docs/provider-abi.md, "send"): `message_id` is the
/// gateway's id, for providers that can tag a message with it.
public struct TextSend: Decodable, Sendable {
    public let to: String
    public let text: String
    public let messageID: String?

    enum CodingKeys: String, CodingKey {
        case to, text
        case messageID = "message_id"
    }
}

/// What the host's `send_media` op gives (docs/provider-abi.md, "send_media").
public struct MediaSend: Decodable, Sendable {
    public let to: String
    public let mediaUrl: String
    public let mediaType: String
    public let caption: String?
    public let fileName: String?
    public let messageID: String?

    /// Refuses, before any request, a media type the provider does not take and a URL it could not fetch.
    public func check(mediaTypes: Set<String>) throws(ProviderError) {
        guard mediaTypes.contains(mediaType) else {
            throw .invalid("media_type must be one of \(mediaTypes.sorted().joined(separator: ", "))", field: "media_type")
        }
        guard mediaUrl.hasPrefix("https://") || mediaUrl.hasPrefix("http://") else {
            throw .invalid("media_url must be an http(s) URL", field: "media_url")
        }
    }

    enum CodingKeys: String, CodingKey {
        case to, caption
        case mediaUrl = "media_url"
        case mediaType = "media_type"
        case fileName = "file_name"
        case messageID = "message_id"
    }
}

/// What a send op answers: the provider's id for the message, which its receipts name.
public struct SendResult: Encodable, Sendable {
    public let providerMessageId: String?

    public init(providerMessageId: String?) {
        self.providerMessageId = providerMessageId
    }

    enum CodingKeys: String, CodingKey {
        case providerMessageId = "provider_message_id"
    }
}
