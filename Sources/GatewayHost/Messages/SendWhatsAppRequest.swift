/// The body of `POST /api/integrations/whatsapp/send`: a text (`message`) or a media message (`media_url` and
/// `media_type`, with an optional `caption`).
struct SendWhatsAppRequest: SendRequest {
    let phone: String
    let message: String?
    let media_url: String?
    let media_type: String?
    let caption: String?
    let file_name: String?
    let priority: JobPriority?
    let send_at: String?

    /// A `media_url` makes it a media message, whatever else is given (`message` is then its caption if it has none);
    /// what is missing is refused when the message is checked.
    var outgoing: Outgoing {
        guard let media_url else { return .whatsapp(to: phone, content: .text(message ?? "")) }
        return .whatsapp(to: phone, content: .media(url: media_url, type: media_type ?? "", caption: caption ?? message, fileName: file_name))
    }
}
