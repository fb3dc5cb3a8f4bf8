import Foundation
public import ProviderKit

/// Email through any SMTP server, over libcurl: STARTTLS (required when `use_tls`), implicit TLS on port 465, AUTH.
final class SMTPProvider: Provider {
    static let manifest = ProviderManifest(
        id: "smtp",
        name: "SMTP (email)",
        version: "1.0.0",
        kind: "email",
        ops: ["test", "send"],
        config: [
            ConfigField("host", .string, required: true, destination: true, description: "SMTP server host name", example: .string("smtp.example.com")),
            ConfigField("port", .integer, required: true, destination: true, description: "587 (STARTTLS), 465 (implicit TLS) or 25", example: .integer(587)),
            ConfigField("username", .string, description: "login, when the server requires AUTH", example: .string("agent@example.com")),
            ConfigField("password", .string, secret: true, description: "password for username", example: .string("example-password")),
            ConfigField("use_tls", .boolean, destination: true, description: "require STARTTLS (default true); port 465 always uses implicit TLS", example: .bool(true)),
            ConfigField("from_email", .string, required: true, description: "envelope and From address", example: .string("agent@example.com")),
            ConfigField("from_name", .string, description: "From display name", example: .string("Example Agent")),
            ConfigField("verify_tls", .boolean, destination: true, description: "verify the server's certificate (default true)", example: .bool(true)),
        ],
        webhook: false,
        threadSafe: true
    )

    private let server: SMTPServer
    private let fromEmail: String
    private let fromName: String?
    private let sender = SMTPSender()

    init(config: ProviderConfig) throws(ProviderError) {
        let host = try config.requiredString("host")
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }) else {
            throw .invalid("host must be a host name or IP address", field: "host")
        }
        guard let port = config.integer("port"), (1...65535).contains(port) else { throw .invalid("port must be 1 to 65535", field: "port") }
        let username = config.string("username").flatMap { $0.isEmpty ? nil : $0 }
        let password = config.string("password").flatMap { $0.isEmpty ? nil : $0 }
        guard (username == nil) == (password == nil) else { throw .invalid("username and password go together", field: password == nil ? "password" : "username") }
        let security: SMTPServer.Security = port == 465 ? .implicitTLS : (config.bool("use_tls") ?? true) ? .startTLS : .none
        server = SMTPServer(host: host, port: Int(port), username: username, password: password, security: security, verifyTLS: config.bool("verify_tls") ?? true)
        fromEmail = try EmailAddress.validated(config.requiredString("from_email"), field: "from_email")
        fromName = config.string("from_name")
        guard !(fromName ?? "").contains(where: \.isNewline) else { throw .invalid("from_name must be one line", field: "from_name") }
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test":
            try sender.verify(server, context: call.context)
            return ["message": "SMTP server accepted the connection\(server.username == nil ? "" : " and the credentials")"]
        default:
            return try send(call.decode(EmailInput.self), context: call.context)
        }
    }

    struct EmailInput: Decodable {
        let to: [String]
        let cc: [String]?
        let bcc: [String]?
        let subject: String
        let text: String?
        let html: String?
        let replyTo: String?
        /// The Message-ID this email answers, and the thread's (an agent's reply).
        let inReplyTo: String?
        let references: String?
        /// The gateway's id of the message, the same on every attempt.
        let messageID: String?

        enum CodingKeys: String, CodingKey {
            case to, cc, bcc, subject, text, html, references
            case replyTo = "reply_to"
            case inReplyTo = "in_reply_to"
            case messageID = "message_id"
        }
    }

    private func send(_ input: EmailInput, context: CallContext) throws(ProviderError) -> [String: String] {
        guard !input.to.isEmpty else { throw .invalid("at least one recipient is required", field: "to") }
        let to = try EmailAddress.validated(input.to, field: "to")
        let cc = try EmailAddress.validated(input.cc ?? [], field: "cc")
        let bcc = try EmailAddress.validated(input.bcc ?? [], field: "bcc")
        try EmailAddress.checkDistinct([("to", to), ("cc", cc), ("bcc", bcc)])
        guard !input.subject.contains(where: \.isNewline) else { throw .invalid("subject must be one line", field: "subject") }
        let text = input.text.flatMap { $0.isEmpty ? nil : $0 }
        let html = input.html.flatMap { $0.isEmpty ? nil : $0 }
        guard text != nil || html != nil else { throw .invalid("text or html is required", field: "text") }
        let message = MIMEMessage(
            from: fromEmail, fromName: fromName, to: to, cc: cc, replyTo: try input.replyTo.map { address throws(ProviderError) in try EmailAddress.validated(address, field: "reply_to") },
            subject: input.subject, text: text, html: html, date: Date(), messageID: MIMEMessage.messageID(for: input.messageID, from: fromEmail),
            inReplyTo: try EmailAddress.messageID(input.inReplyTo, field: "in_reply_to"), references: try EmailAddress.messageID(input.references, field: "references")
        )
        try sender.send(message: message.render(), from: fromEmail, to: to + cc + bcc, via: server, context: context)
        return ["provider_message_id": message.messageID]
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(SMTPProvider.self, host) }
