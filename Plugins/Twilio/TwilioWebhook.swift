import Crypto
import Foundation
import ProviderKit

/// Authenticates and parses Twilio's webhooks (inbound messages and `StatusCallback` receipts). `X-Twilio-Signature`
/// is base64(HMAC-SHA1(auth token, URL + each parameter name sorted, followed by each of its values sorted)), over the
/// URL Twilio called: the host's `:url`, also tried with its default port added or removed, as Twilio's own validators
/// do. Compared in constant time.
struct TwilioWebhook: Sendable {
    let authToken: String

    func handle(_ request: WebhookRequest) throws(ProviderError) -> WebhookResult {
        guard let fields = FormEncoding.decode(request.body) else {
            throw ProviderError.invalid("webhook body is not form data", field: "body")
        }
        guard let url = request.url, let signature = request.headers["x-twilio-signature"],
            Self.urlForms(url).contains(where: { constantTimeEquals(Self.signature(url: $0, fields, token: authToken), signature) })
        else { throw ProviderError(.auth, "X-Twilio-Signature missing or wrong") }
        // An empty TwiML answer: Twilio sends no reply of its own.
        let twiML = WebhookResult.Response(status: 200, headers: ["Content-Type": "text/xml"], body: "<Response></Response>")
        return WebhookResult(response: twiML, events: TwilioEvents.parse(Dictionary(fields.map { ($0.name, $0.value) }) { first, _ in first }))
    }

    static func signature(url: String, _ fields: [(name: String, value: String)], token: String) -> String {
        var signed = url
        let values = Dictionary(grouping: fields, by: \.name).mapValues { Set($0.map(\.value)).sorted() }
        for name in values.keys.sorted() {
            for value in values[name] ?? [] { signed += name + value }
        }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(signed.utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// The URL as given, without its port when that is the scheme's default, and with it when it is left out.
    static func urlForms(_ url: String) -> [String] {
        guard var parts = URLComponents(string: url), let scheme = parts.scheme, let defaultPort = ["https": 443, "http": 80][scheme] else {
            return [url]
        }
        var forms = [url]
        if parts.port == defaultPort {
            parts.port = nil
        } else if parts.port == nil {
            parts.port = defaultPort
        }
        if let other = parts.string, other != url { forms.append(other) }
        return forms
    }
}
