import Foundation
import ProviderKit

/// The gateway's email `send` input, validated and turned into a SendGrid v3 mail/send body.
enum SendGridMail {
    struct Input: Decodable {
        let to: [String]
        let cc: [String]?
        let bcc: [String]?
        let subject: String?
        let text: String?
        let html: String?
        let replyTo: String?
        let templateId: String?
        let templateData: [String: JSONValue]?
        /// The Message-ID this email answers, and the thread's (an agent's reply).
        let inReplyTo: String?
        let references: String?
        /// The gateway's id of the message, the same on every attempt.
        let messageID: String?

        enum CodingKeys: String, CodingKey {
            case to, cc, bcc, subject, text, html, references
            case inReplyTo = "in_reply_to"
            case replyTo = "reply_to"
            case templateId = "template_id"
            case templateData = "template_data"
            case messageID = "message_id"
        }
    }

    struct Address {
        let email: String
        let name: String?

        var json: JSONValue {
            var object: [String: JSONValue] = ["email": .string(email)]
            if let name, !name.isEmpty { object["name"] = .string(name) }
            return .object(object)
        }
    }

    /// The custom argument that carries the gateway's message id.
    static let messageIDArgument = "gateway_message_id"

    /// Builds the request body; refuses, naming the field, what SendGrid would refuse anyway.
    static func body(_ input: Input, from: Address, sandbox: Bool) throws(ProviderError) -> Data {
        guard !input.to.isEmpty else { throw .invalid("at least one recipient is required", field: "to") }
        let to = try EmailAddress.validated(input.to, field: "to")
        let cc = try EmailAddress.validated(input.cc ?? [], field: "cc")
        let bcc = try EmailAddress.validated(input.bcc ?? [], field: "bcc")
        try EmailAddress.checkDistinct([("to", to), ("cc", cc), ("bcc", bcc)])  // SendGrid refuses repeats in a personalization

        var personalization: [String: JSONValue] = ["to": .array(to.map { Address(email: $0, name: nil).json })]
        if !cc.isEmpty { personalization["cc"] = .array(cc.map { Address(email: $0, name: nil).json }) }
        if !bcc.isEmpty { personalization["bcc"] = .array(bcc.map { Address(email: $0, name: nil).json }) }
        // Carried into SendGrid's activity and event webhooks, so a message sent twice can be told apart from two.
        if let messageID = input.messageID { personalization["custom_args"] = .object([Self.messageIDArgument: .string(messageID)]) }
        var body: [String: JSONValue] = ["from": from.json]

        if let templateId = input.templateId, !templateId.isEmpty {
            body["template_id"] = .string(templateId)
            if let data = input.templateData { personalization["dynamic_template_data"] = .object(data) }
            if let subject = input.subject, !subject.isEmpty { body["subject"] = .string(subject) }
        } else {
            guard let subject = input.subject, !subject.isEmpty else { throw .invalid("subject is required", field: "subject") }
            var content: [JSONValue] = []  // text/plain must come first
            if let text = input.text, !text.isEmpty { content.append(.object(["type": .string("text/plain"), "value": .string(text)])) }
            if let html = input.html, !html.isEmpty { content.append(.object(["type": .string("text/html"), "value": .string(html)])) }
            guard !content.isEmpty else { throw .invalid("text or html (or template_id) is required", field: "text") }
            body["subject"] = .string(subject)
            body["content"] = .array(content)
        }
        body["personalizations"] = .array([.object(personalization)])
        if let replyTo = input.replyTo { body["reply_to"] = Address(email: try EmailAddress.validated(replyTo, field: "reply_to"), name: nil).json }
        var threading: [String: JSONValue] = [:]
        if let inReplyTo = try EmailAddress.messageID(input.inReplyTo, field: "in_reply_to") { threading["In-Reply-To"] = .string(inReplyTo) }
        if let references = try EmailAddress.messageID(input.references, field: "references") { threading["References"] = .string(references) }
        if !threading.isEmpty { body["headers"] = .object(threading) }
        if sandbox { body["mail_settings"] = .object(["sandbox_mode": .object(["enable": .bool(true)])]) }
        return (try? JSONEncoder().encode(JSONValue.object(body))) ?? Data()
    }
}
