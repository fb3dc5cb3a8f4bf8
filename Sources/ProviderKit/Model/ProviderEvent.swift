import Foundation

/// A normalised event parsed from a webhook: the same shape whichever provider sent it.
public struct ProviderEvent: Sendable, Encodable, Equatable {
    public enum Kind: String, Sendable, Encodable {
        case messageReceived = "message_received"
        case messageStatus = "message_status"
        case connection
    }

    public var type: Kind
    public var providerMessageId: String?
    /// `message_status`: the gateway's id of the message (the send input's `message_id`), for a provider that carries it
    /// back in its receipts; the host matches it as it matches `provider_message_id`.
    public var messageId: String?
    /// `message_received`: the sender's phone number or address (never an opaque `@lid` id).
    public var from: String?
    public var name: String?
    public var text: String?
    /// `message_received` by email: its subject, which the agent's reply answers.
    public var subject: String?
    public var chatId: String?
    public var isGroup: Bool?
    public var mediaType: String?
    public var mediaUrl: String?
    /// `message_status`: `sent`, `delivered`, `read`, `failed`.
    public var status: String?
    /// `connection`: `connected`, `connecting`, `disconnected`.
    public var state: String?
    public var phone: String?
    /// ISO 8601, UTC.
    public var timestamp: String?

    public init(type: Kind) {
        self.type = type
    }

    /// Formats a provider's millisecond epoch timestamp as ISO 8601 UTC; nil for a time before 2000 or after 2100,
    /// which no real event has.
    public static func timestamp(milliseconds: Int64) -> String? {
        guard plausibleMilliseconds.contains(milliseconds) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
    }

    /// 2000-01-01 to 2100-01-01, in milliseconds since 1970.
    static let plausibleMilliseconds: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000

    enum CodingKeys: String, CodingKey {
        case type, from, name, text, subject, status, state, phone, timestamp
        case providerMessageId = "provider_message_id"
        case messageId = "message_id"
        case chatId = "chat_id"
        case isGroup = "is_group"
        case mediaType = "media_type"
        case mediaUrl = "media_url"
    }
}
