import Foundation

/// The body of `POST /api/integrations/whatsapp/send`: a text (`message`) or a media message (`media_url` and
/// `media_type`, with an optional `caption`).
struct SendWhatsAppRequest: SendRequest {
    static let channel = IntegrationType.whatsapp

    let phone: String
    // What a request leaves out is nil, so code that sends (a trigger, an agent's reply) names only what it sets.
    var message: String? = nil
    var media_url: String? = nil
    var media_type: String? = nil
    var caption: String? = nil
    var file_name: String? = nil
    var priority: JobPriority? = nil
    var send_at: String? = nil

    static let mediaTypes: Set = ["image", "video", "document", "audio", "myaudio", "ptt", "ptv", "sticker"]
    /// WhatsApp's limit on a text message.
    static let maxTextLength = 4_096

    var recipient: String? { phone.hasSuffix("@g.us") ? nil : phone }
    var messageType: String { media_url == nil ? "text" : media_type ?? "media" }

    func providerCall() throws -> (op: String, input: [String: JSONValue]) {
        guard phone.hasSuffix("@g.us") || TextRules.isPhone(phone) else {
            throw MessageError.invalid("phone must be a phone number with country code (8 to 15 digits) or a group id", field: "phone")
        }
        guard let mediaURL = media_url else {
            guard let message, !TextRules.isBlank(message) else {
                throw MessageError.invalid("message is required (or media_url and media_type)", field: "message")
            }
            guard TextRules.length(message) <= Self.maxTextLength else {
                throw MessageError.invalid("message is longer than \(Self.maxTextLength) characters", field: "message")
            }
            return ("send", ["to": .string(phone), "text": .string(message)])
        }
        guard TextRules.isWebURL(mediaURL) else {
            throw MessageError.invalid("media_url must be an http(s) URL", field: "media_url")
        }
        guard let media_type, Self.mediaTypes.contains(media_type) else {
            throw MessageError.invalid("media_type must be one of \(Self.mediaTypes.sorted().joined(separator: ", "))", field: "media_type")
        }
        var input: [String: JSONValue] = ["to": .string(phone), "media_url": .string(mediaURL), "media_type": .string(media_type)]
        if let caption = caption ?? message { input["caption"] = .string(caption) }
        if let file_name { input["file_name"] = .string(file_name) }
        return ("send_media", input)
    }
}
