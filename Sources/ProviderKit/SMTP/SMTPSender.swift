import CCurl
public import Foundation

/// Sends a ready-made RFC 5322 message over SMTP with libcurl, bounded by the call's deadline.
/// Reply codes map to the ABI: 535 (auth refused) -> `AUTH`, other 5xx -> `PERMANENT`, 4xx and connection or TLS
/// failures -> `RETRYABLE`. A refusal names the command it answered, e.g. `RCPT TO:<ana@example.com>`.
public struct SMTPSender: Sendable {
    public init() {}

    /// Delivers `message` to `recipients` (the envelope; headers are the caller's).
    public func send(message: Data, from sender: String, to recipients: [String], via server: SMTPServer, context: CallContext)
        throws(ProviderError)
    {
        let transfer = try session(server)
        transfer.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        transfer.set(CURLOPT_MAIL_RCPT, list: recipients.map { "<\($0)>" })
        transfer.set(CURLOPT_UPLOAD, 1)
        transfer.set(CURLOPT_INFILESIZE, message.count)
        transfer.upload = message
        try run(transfer, context: context)
    }

    /// Connects, greets, negotiates TLS and authenticates, then quits without sending anything.
    public func verify(_ server: SMTPServer, context: CallContext) throws(ProviderError) {
        let transfer = try session(server)
        transfer.set(CURLOPT_CONNECT_ONLY, 1)
        try run(transfer, context: context)
    }

    private func session(_ server: SMTPServer) throws(ProviderError) -> CurlTransfer {
        let transfer = try CurlTransfer()
        transfer.recordsEnvelopeDialogue = true
        transfer.deliveryStartsWithUpload = true
        transfer.set(CURLOPT_URL, server.url)
        transfer.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        if server.security == .startTLS { transfer.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        if !server.verifyTLS {
            transfer.set(CURLOPT_SSL_VERIFYPEER, 0)
            transfer.set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let username = server.username { transfer.set(CURLOPT_USERNAME, username) }
        if let password = server.password { transfer.set(CURLOPT_PASSWORD, password) }
        return transfer
    }

    private func run(_ transfer: CurlTransfer, context: CallContext) throws(ProviderError) {
        do {
            try transfer.perform(context: context)
        } catch {
            let reply = transfer.responseCode
            let refused = [transfer.lastEnvelopeCommand, transfer.lastReply].compactMap { $0 }.joined(separator: " -> ")
            switch reply {
            case 535: throw ProviderError(.auth, "SMTP server refused the credentials (535)")
            case 500...599: throw ProviderError(.permanent, "SMTP server refused: \(refused.isEmpty ? "\(reply)" : refused)")
            case 400...499: throw ProviderError(.retryable, "SMTP server deferred: \(refused.isEmpty ? "\(reply)" : refused)")
            default: throw error
            }
        }
    }
}
