/// The body of `POST /api/integrations/email/send`: `body` is the plain text, `html` the HTML part; at least one.
struct SendEmailRequest: SendRequest {
    let to: [String]
    let subject: String
    let body: String?
    let html: String?
    let cc: [String]?
    let bcc: [String]?
    let reply_to: String?
    let priority: JobPriority?
    let send_at: String?

    var outgoing: Outgoing {
        .email(EmailMessage(to: to, cc: cc ?? [], bcc: bcc ?? [], replyTo: reply_to, subject: subject, text: body, html: html))
    }
}
