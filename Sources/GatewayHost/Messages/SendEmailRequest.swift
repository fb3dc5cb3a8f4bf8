/// The body of `POST /api/integrations/email/send`: `body` is the plain text, `html` the HTML part; at least one.
struct SendEmailRequest: SendRequest {
    static let channel = IntegrationType.email

    let to: [String]
    let subject: String
    // What a request leaves out is nil, so code that sends (a trigger) names only what it sets.
    var body: String? = nil
    var html: String? = nil
    var cc: [String]? = nil
    var bcc: [String]? = nil
    var reply_to: String? = nil
    var priority: JobPriority? = nil
    var send_at: String? = nil

    /// More recipients than this is a mailing, not a message.
    static let maxRecipients = 50

    var recipient: String? { to.count == 1 ? to[0] : nil }
    var messageType: String { "email" }

    func providerCall() throws -> (op: String, input: [String: JSONValue]) {
        guard !to.isEmpty else { throw MessageError.invalid("to needs at least one address", field: "to") }
        for (field, addresses) in [("to", to), ("cc", cc ?? []), ("bcc", bcc ?? []), ("reply_to", reply_to.map { [$0] } ?? [])] {
            if let bad = addresses.first(where: { !TextRules.isEmail($0) }) {
                throw MessageError.invalid("\(field) has an invalid address: \(bad.prefix(80))", field: field)
            }
        }
        guard to.count + (cc?.count ?? 0) + (bcc?.count ?? 0) <= Self.maxRecipients else {
            throw MessageError.invalid("at most \(Self.maxRecipients) recipients in all", field: "to")
        }
        guard !subject.isEmpty, TextRules.isOneLine(subject) else {
            throw MessageError.invalid("subject must be one non-empty line", field: "subject")
        }
        guard body?.isEmpty == false || html?.isEmpty == false else { throw MessageError.invalid("body or html is required", field: "body") }
        var input: [String: JSONValue] = ["to": .array(to.map(JSONValue.string)), "subject": .string(subject)]
        if let body { input["text"] = .string(body) }
        if let html { input["html"] = .string(html) }
        if let cc { input["cc"] = .array(cc.map(JSONValue.string)) }
        if let bcc { input["bcc"] = .array(bcc.map(JSONValue.string)) }
        if let reply_to { input["reply_to"] = .string(reply_to) }
        return ("send", input)
    }
}
