import Foundation
import Logging

/// Sends an agent's reply back on the turn's channel (WhatsApp, SMS or email): a 2xx answer with `{"reply": {"text"}}`
/// or `{"reply": {"media_url", "media_type", "caption"}}` becomes a send to the contact, once per turn (the turn's id
/// keys it).
struct AgentReplies: SentFollowUp {
    let messages: MessageService
    let logger: Logger

    private struct Output: Decodable {
        struct Reply: Decodable {
            let text: String?
            let media_url: String?
            let media_type: String?
            let caption: String?
            let file_name: String?
        }

        let reply: Reply?
    }

    /// The agent job's input: the turn it carried.
    private struct Input: Decodable {
        let payload: AgentTurn
    }

    /// The reply on the turn's channel: on WhatsApp a text or a media message, by SMS its text, by email its text on
    /// the thread of the turn's last email (`Re:` its subject, in reply to its Message-ID).
    private static func outgoing(_ reply: Output.Reply, for turn: AgentTurn) -> Outgoing? {
        guard let address = turn.contact.address else { return nil }
        switch turn.conversation.channel {
        case .whatsapp:
            let content: WhatsAppContent =
                reply.media_url.map { .media(url: $0, type: reply.media_type ?? "", caption: reply.caption ?? reply.text, fileName: reply.file_name) }
                ?? .text(reply.text ?? "")
            return .whatsapp(to: address, content: content)
        case .sms:
            return .sms(to: address, text: reply.text ?? "")
        case .email:
            let last = turn.messages.last
            let subject = (last?["subject"]?.stringValue ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
            let answered = last?["provider_message_id"]?.stringValue.flatMap { $0.hasPrefix("<") && $0.hasSuffix(">") ? $0 : nil }
            return .email(
                EmailMessage(
                    to: [address], subject: subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject, text: reply.text, inReplyTo: answered))
        case .database, .agent:
            return nil
        }
    }

    func sent(_ job: Job, input: Data?, providerMessageID: String?, output: Data?) async {
        guard let output, let reply = (try? JSONDecoder().decode(Output.self, from: output))?.reply else { return }
        guard let input, let turn = try? JSONDecoder().decode(Input.self, from: input).payload else { return }
        var fields: Logger.Metadata = ["client.id": "\(job.clientID)", "turn.id": "\(turn.turn_id)"]
        guard let outgoing = Self.outgoing(reply, for: turn) else {
            logger.warning("agent reply not sent: the turn's contact has no address", metadata: fields)
            return
        }
        do {
            let accepted = try await messages.send(clientID: job.clientID, outgoing, .init(priority: .high, idempotencyKey: "reply:" + turn.turn_id))
            fields["message.id"] = "\(accepted.job.id)"
            logger.info("agent reply queued", metadata: fields)
        } catch {
            fields["error.message"] = "\(error)"
            logger.warning("agent reply not sent", metadata: fields)
        }
    }
}
