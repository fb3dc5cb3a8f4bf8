/// A message to send, as every sender builds it: the send routes and MCP tools from their bodies, triggers from their
/// action, the agent's replies from its answer. `MessageService.send` checks it and turns it into the provider's call,
/// so one set of rules holds whoever sends.
enum Outgoing: Codable, Sendable, Equatable {
    /// To a phone with its country code, or a group id (`...@g.us`).
    case whatsapp(to: String, content: WhatsAppContent)
    case email(EmailMessage)
    /// A text message to a phone with its country code.
    case sms(to: String, text: String)

    /// Twilio's limit on a message body (longer texts are refused, not split).
    static let maxSMSLength = 1_600

    var channel: IntegrationType {
        switch self {
        case .whatsapp: .whatsapp
        case .email: .email
        case .sms: .sms
        }
    }

    /// The one contact the message goes to, whose conversation it joins (nil for a group or several addresses).
    var recipient: String? {
        switch self {
        case .whatsapp(let to, _): to.hasSuffix("@g.us") ? nil : to
        case .email(let email): email.to.count == 1 ? email.to[0] : nil
        case .sms(let to, _): to
        }
    }

    /// The message's type in its conversation (`text`, the media type, or `email`).
    var messageType: String {
        switch self {
        case .whatsapp(_, .text): "text"
        case .whatsapp(_, .media(_, let type, _, _)): type
        case .email: "email"
        case .sms: "text"
        }
    }

    /// The provider op and its input, after checking what can be checked without the provider; a refusal names the
    /// send route's field at fault.
    func providerCall() throws(MessageError) -> (op: String, input: [String: JSONValue]) {
        switch self {
        case .whatsapp(let to, let content):
            guard to.hasSuffix("@g.us") || TextRules.isPhone(to) else {
                throw .invalid("phone must be a phone number with country code (8 to 15 digits) or a group id", field: "phone")
            }
            return try content.providerCall(to: to)
        case .email(let email):
            return ("send", try email.providerInput())
        case .sms(let to, let text):
            guard TextRules.isPhone(to) else { throw .invalid("phone must be a phone number with country code (8 to 15 digits)", field: "phone") }
            guard !TextRules.isBlank(text) else { throw .invalid("message is required", field: "message") }
            guard TextRules.length(text) <= Self.maxSMSLength else {
                throw .invalid("message is longer than \(Self.maxSMSLength) characters", field: "message")
            }
            return ("send", ["to": .string(to), "text": .string(text)])
        }
    }
}

/// What a WhatsApp message carries: a text, or a media file with an optional caption.
enum WhatsAppContent: Codable, Sendable, Equatable {
    case text(String)
    case media(url: String, type: String, caption: String?, fileName: String?)

    static let mediaTypes: Set = ["image", "video", "document", "audio", "myaudio", "ptt", "ptv", "sticker"]
    /// WhatsApp's limit on a text message.
    static let maxTextLength = 4_096

    fileprivate func providerCall(to: String) throws(MessageError) -> (op: String, input: [String: JSONValue]) {
        switch self {
        case .text(let text):
            guard !TextRules.isBlank(text) else { throw .invalid("message is required (or media_url and media_type)", field: "message") }
            guard TextRules.length(text) <= Self.maxTextLength else {
                throw .invalid("message is longer than \(Self.maxTextLength) characters", field: "message")
            }
            return ("send", ["to": .string(to), "text": .string(text)])
        case .media(let url, let type, let caption, let fileName):
            guard TextRules.isWebURL(url) else { throw .invalid("media_url must be an http(s) URL", field: "media_url") }
            guard Self.mediaTypes.contains(type) else {
                throw .invalid("media_type must be one of \(Self.mediaTypes.sorted().joined(separator: ", "))", field: "media_type")
            }
            var input: [String: JSONValue] = ["to": .string(to), "media_url": .string(url), "media_type": .string(type)]
            if let caption { input["caption"] = .string(caption) }
            if let fileName { input["file_name"] = .string(fileName) }
            return ("send_media", input)
        }
    }
}

/// An email: `text` is the plain part, `html` the HTML part; at least one.
struct EmailMessage: Codable, Sendable, Equatable {
    var to: [String]
    var cc: [String] = []
    var bcc: [String] = []
    var replyTo: String?
    var subject: String
    var text: String?
    var html: String?
    /// The Message-ID this email answers (`In-Reply-To` and `References`): an agent's reply on its email's thread.
    var inReplyTo: String?

    /// More recipients than this is a mailing, not a message.
    static let maxRecipients = 50

    fileprivate func providerInput() throws(MessageError) -> [String: JSONValue] {
        guard !to.isEmpty else { throw .invalid("to needs at least one address", field: "to") }
        for (field, addresses) in [("to", to), ("cc", cc), ("bcc", bcc), ("reply_to", replyTo.map { [$0] } ?? [])] {
            if let bad = addresses.first(where: { !TextRules.isEmail($0) }) {
                throw .invalid("\(field) has an invalid address: \(bad.prefix(80))", field: field)
            }
        }
        guard to.count + cc.count + bcc.count <= Self.maxRecipients else {
            throw .invalid("at most \(Self.maxRecipients) recipients in all", field: "to")
        }
        guard !subject.isEmpty, TextRules.isOneLine(subject) else { throw .invalid("subject must be one non-empty line", field: "subject") }
        guard text?.isEmpty == false || html?.isEmpty == false else { throw .invalid("body or html is required", field: "body") }
        var input: [String: JSONValue] = ["to": .array(to.map(JSONValue.string)), "subject": .string(subject)]
        if let text { input["text"] = .string(text) }
        if let html { input["html"] = .string(html) }
        if !cc.isEmpty { input["cc"] = .array(cc.map(JSONValue.string)) }
        if !bcc.isEmpty { input["bcc"] = .array(bcc.map(JSONValue.string)) }
        if let replyTo { input["reply_to"] = .string(replyTo) }
        if let inReplyTo {
            input["in_reply_to"] = .string(inReplyTo)
            input["references"] = .string(inReplyTo)
        }
        return input
    }
}
