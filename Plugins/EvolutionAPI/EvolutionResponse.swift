import Foundation
import ProviderKit

/// What Evolution API's HTTP statuses mean for the host's retry policy. Its errors read
/// `{"status": 400, "error": "Bad Request", "response": {"message": [...] | "..."}}`.
enum EvolutionResponse {
    static func check(_ response: HTTPResponse, field: String? = nil) throws(ProviderError) {
        guard !(200..<300).contains(response.status) else { return }  // success: the body is the caller's to read
        let reason = errorMessage(response)
        switch response.status {
        case 400: throw ProviderError(.invalid, "Evolution API refused the request: \(reason)", field: field)
        case 401, 403: throw ProviderError(.auth, "Evolution API refused the api_key: \(reason)")
        case 404: throw ProviderError(.permanent, "Evolution API has no such instance: \(reason)", field: "instance")
        case 429: throw ProviderError(.rateLimited, "Evolution API rate limit: \(reason)", retryAfterMs: response.retryAfterMs)
        case 500...: throw ProviderError(.retryable, "Evolution API failed (\(response.status)): \(reason)")
        default: throw ProviderError(.permanent, "Evolution API answered \(response.status): \(reason)")
        }
    }

    /// The `response.message` of the error body (a string or a list of them), else an excerpt of the body.
    static func errorMessage(_ response: HTTPResponse) -> String {
        let message = (try? JSONValue(json: response.body))?["response"]?["message"]
        if let text = message?.string { return text }
        if let texts = message?.array?.compactMap(\.string), !texts.isEmpty { return texts.joined(separator: "; ") }
        return response.bodyExcerpt
    }
}
