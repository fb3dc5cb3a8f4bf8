import Foundation
import ProviderKit

/// What Twilio's HTTP statuses mean for the host's retry policy. Its errors read
/// `{"code": 21211, "message": "...", "more_info": "...", "status": 400}`.
enum TwilioResponse {
    static func check(_ response: HTTPResponse) throws(ProviderError) {
        guard !(200..<300).contains(response.status) else { return }
        let reason = errorMessage(response)
        switch response.status {
        case 400: throw ProviderError(.invalid, "Twilio refused the message: \(reason)", field: field(of: response))
        case 401, 403: throw ProviderError(.auth, "Twilio refused the credentials: \(reason)")
        case 404: throw ProviderError(.permanent, "Twilio has no such account: \(reason)", field: "account_sid")
        case 429: throw ProviderError(.rateLimited, "Twilio rate limit: \(reason)", retryAfterMs: response.retryAfterMs)
        case 500...: throw ProviderError(.retryable, "Twilio failed (\(response.status)): \(reason)")
        default: throw ProviderError(.permanent, "Twilio answered \(response.status): \(reason)")
        }
    }

    private struct Failure: Decodable {
        let code: Int?
        let message: String?
    }

    /// `message (code)`, else an excerpt of the body.
    static func errorMessage(_ response: HTTPResponse) -> String {
        guard let failure = try? JSONDecoder().decode(Failure.self, from: response.body), let message = failure.message else { return response.bodyExcerpt }
        return failure.code.map { "\(message) (\($0))" } ?? message
    }

    /// Twilio's 21211 and 21614 are a bad `To`.
    private static func field(of response: HTTPResponse) -> String? {
        let code = (try? JSONDecoder().decode(Failure.self, from: response.body))?.code
        return [21211, 21614].contains(code ?? 0) ? "to" : nil
    }
}
