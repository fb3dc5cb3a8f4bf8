import Foundation
import ProviderKit

/// What SendGrid's HTTP statuses mean for the host's retry policy.
enum SendGridResponse {
    static func check(_ response: HTTPResponse) throws(ProviderError) {
        switch response.status {
        case 200..<300:
            return
        case 400:
            let (message, field) = errors(response)
            throw ProviderError(.invalid, "SendGrid refused the message: \(message)", field: field)
        case 401, 403:
            throw ProviderError(.auth, "SendGrid refused the API key (\(response.status)): \(errors(response).message)")
        case 413:
            throw ProviderError(.invalid, "the message is too large for SendGrid")  // the body may be an HTML page
        case 429:
            throw ProviderError(.rateLimited, "SendGrid rate limit reached", retryAfterMs: retryAfterMs(response))
        case 500...:
            throw ProviderError(.retryable, "SendGrid failed (\(response.status))")
        default:
            throw ProviderError(.permanent, "SendGrid answered \(response.status): \(errors(response).message)")
        }
    }

    /// `{"errors": [{"message", "field"}]}` as one readable message and the first field named.
    static func errors(_ response: HTTPResponse) -> (message: String, field: String?) {
        struct Body: Decodable {
            struct Item: Decodable {
                let message: String?
                let field: String?
            }

            let errors: [Item]
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: response.body), !body.errors.isEmpty else {
            return (response.bodyExcerpt, nil)
        }
        let message = body.errors.map { item in [item.field, item.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ")
        return (message, body.errors.compactMap(\.field).first)
    }

    /// `X-RateLimit-Reset` is the epoch second the limit resets; whatever number it holds (`inf`, `nan`, `-1e300`)
    /// becomes a wait without trapping.
    private static func retryAfterMs(_ response: HTTPResponse) -> UInt32 {
        guard let reset = response.header("x-ratelimit-reset").flatMap(Double.init) else { return response.retryAfterMs }
        return Milliseconds.clamped(seconds: reset - Date().timeIntervalSince1970)
    }
}
