import Foundation
import ProviderKit

/// What uazapiGO's HTTP statuses mean for the host's retry policy (its spec: 400, 401, 413, 415, 429, 5xx).
enum UazapiResponse {
    static func check(_ response: HTTPResponse, field: String? = nil) throws(ProviderError) {
        guard !(200..<300).contains(response.status) else { return }  // success: the body is the caller's to read
        let reason = errorMessage(response)
        switch response.status {
        case 400: throw ProviderError(.invalid, "uazapi refused the request: \(reason)", field: field)
        case 401: throw ProviderError(.auth, "uazapi refused the token: \(reason)")
        case 413: throw ProviderError(.invalid, "the file is too large for uazapi: \(reason)", field: "media_url")
        case 415: throw ProviderError(.invalid, "uazapi does not support this media format: \(reason)", field: "media_type")
        case 429: throw ProviderError(.rateLimited, "uazapi rate limit: \(reason)", retryAfterMs: response.retryAfterMs)
        case 500...: throw ProviderError(.retryable, "uazapi failed (\(response.status)): \(reason)")
        default: throw ProviderError(.permanent, "uazapi answered \(response.status): \(reason)")
        }
    }

    /// uazapiGO puts the reason in `{"error": "..."}`.
    static func errorMessage(_ response: HTTPResponse) -> String {
        (try? JSONValue(json: response.body))?["error"]?.string ?? response.bodyExcerpt
    }
}
