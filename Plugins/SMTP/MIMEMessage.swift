import Foundation
import ProviderKit

/// Builds an RFC 5322 / MIME message: UTF-8 headers as RFC 2047 encoded words, bodies in base64, and
/// multipart/alternative when there is both a text and an HTML body. Bcc never appears in the headers.
struct MIMEMessage {
    var from: String
    var fromName: String?
    var to: [String]
    var cc: [String]
    var replyTo: String?
    var subject: String
    var text: String?
    var html: String?
    var date: Date
    var messageID: String
    /// Checked Message-IDs (`EmailAddress.messageID`): the email this one answers, and its thread.
    var inReplyTo: String?
    var references: String?

    /// `<gateway.<id>@sender-domain>` from the gateway's id of the message, so every attempt of one message carries the
    /// same Message-ID (mail systems and readers drop repeats of it); `<random@sender-domain>` when there is none.
    static func messageID(for gatewayID: String?, from address: String) -> String {
        let local = gatewayID.flatMap { id in id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } && !id.isEmpty ? "gateway.\(id)" : nil }
        return "<\(local ?? UUID().uuidString.lowercased())@\(address.split(separator: "@").last ?? "gateway.local")>"
    }

    func render() -> Data {
        var headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.mailbox(from, name: fromName))",
            "To: \(to.joined(separator: ", "))",
        ]
        if !cc.isEmpty { headers.append("Cc: \(cc.joined(separator: ", "))") }
        if let replyTo { headers.append("Reply-To: \(replyTo)") }
        headers += ["Subject: \(Self.encodedWords(subject))", "Message-ID: \(messageID)"]
        if let inReplyTo { headers.append("In-Reply-To: \(inReplyTo)") }
        if let references { headers.append("References: \(references)") }
        headers.append("MIME-Version: 1.0")

        let parts = [text.map { ("text/plain", $0) }, html.map { ("text/html", $0) }].compactMap { $0 }
        var lines: [String]
        if parts.count == 1, let (type, body) = parts.first {
            lines = headers + Self.partHeaders(type) + [""] + Self.base64Lines(body)
        } else {
            let boundary = "=_gateway_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
            lines = headers + ["Content-Type: multipart/alternative; boundary=\"\(boundary)\"", ""]
            for (type, body) in parts { lines += ["--\(boundary)"] + Self.partHeaders(type) + [""] + Self.base64Lines(body) }
            lines.append("--\(boundary)--")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    private static func partHeaders(_ type: String) -> [String] {
        ["Content-Type: \(type); charset=UTF-8", "Content-Transfer-Encoding: base64"]
    }

    private static func base64Lines(_ body: String) -> [String] {
        let encoded = Data(body.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { offset in
            let start = encoded.index(encoded.startIndex, offsetBy: offset)
            return String(encoded[start..<(encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
    }

    /// `"Name" <address>`, the name quoted when ASCII and encoded otherwise.
    private static func mailbox(_ address: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return address }
        let isPlainASCII = name.allSatisfy { $0.isASCII && !$0.isNewline }
        let display = isPlainASCII ? "\"\(name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" : encodedWords(name)
        return "\(display) <\(address)>"
    }

    /// ASCII text as it is; anything else as RFC 2047 `=?UTF-8?B?...?=` words of at most 45 bytes each, folded.
    static func encodedWords(_ text: String) -> String {
        guard !text.allSatisfy({ $0.isASCII && !$0.isNewline }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {  // whole characters only: an encoded word may not split one
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        words.append(chunk)
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    private static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
