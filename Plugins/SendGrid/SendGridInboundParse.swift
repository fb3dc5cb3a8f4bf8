import Foundation
import ProviderKit

/// Emails SendGrid's Inbound Parse posts (shared/providers/sendgrid/README.md): `multipart/form-data` with `from`,
/// `subject`, `text`, `html`, `headers` (the raw header block) and `envelope`. They are not signed: the URL carries
/// the integration's `inbound_secret` as its last segment (`/webhooks/sendgrid/{integration_id}/{inbound_secret}`),
/// compared in constant time.
struct SendGridInboundParse: Sendable {
    let secret: String?

    func handle(_ request: WebhookRequest) throws(ProviderError) -> WebhookResult {
        guard let secret else { throw ProviderError(.auth, "no inbound_secret is configured: inbound email cannot be authenticated") }
        let segments = request.path.split(separator: "?").first?.split(separator: "/") ?? []
        guard segments.contains(where: { constantTimeEquals(String($0), secret) }) else { throw ProviderError(.auth, "inbound secret missing or wrong") }
        guard let fields = MultipartForm.fields(request.body, contentType: request.headers["content-type"] ?? "") else {
            throw ProviderError.invalid("the body is not multipart/form-data", field: "body")
        }
        return WebhookResult(events: Self.email(fields).map { [$0] } ?? [])
    }

    /// A received email; nil when no sender address can be read from `from` or the envelope.
    static func email(_ fields: [String: String]) -> ProviderEvent? {
        let (address, name) = mailbox(fields["from"] ?? "")
        let envelopeFrom = fields["envelope"].flatMap { try? JSONValue(json: Data($0.utf8)) }?["from"]?.string
        guard let from = [address, envelopeFrom].compactMap({ $0 }).first(where: { (try? EmailAddress.validated($0, field: "from")) != nil }) else {
            return nil
        }
        var event = ProviderEvent(type: .messageReceived)
        event.from = from
        event.name = name
        event.subject = fields["subject"]
        event.text = fields["text"] ?? fields["html"]
        event.providerMessageId = header("Message-ID", in: fields["headers"] ?? "")
        event.isGroup = false
        return event
    }

    /// `Ana Souza <ana@example.com>` -> (address, name); a bare address -> (address, nil).
    static func mailbox(_ raw: String) -> (address: String?, name: String?) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return (text.isEmpty ? nil : text, nil) }
        let name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return (String(text[text.index(after: open)..<close]), name.isEmpty ? nil : name)
    }

    /// A header's value in a raw header block, folded lines joined.
    static func header(_ name: String, in block: String) -> String? {
        var unfolded: [String] = []
        for line in block.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            if let first = line.first, first == " " || first == "\t", !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                unfolded.append(String(line))
            }
        }
        let prefix = name.lowercased() + ":"
        return unfolded.first { $0.lowercased().hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
    }
}
