/// The body of `POST /api/integrations/sms/send`: a text to a phone.
struct SendSMSRequest: SendRequest {
    let phone: String
    let message: String
    let priority: JobPriority?
    let send_at: String?

    var outgoing: Outgoing { .sms(to: phone, text: message) }
}
