/// Why a webhook delivery was not taken. The provider retries a 5xx; a 4xx tells it the delivery is wrong.
struct WebhookError: Error, Sendable {
    enum Code {
        /// No integration matches (404, answered in the time a known one takes).
        case unknownIntegration
        /// The plugin found the delivery forged (AUTH).
        case invalidSignature
        /// Not JSON, or the plugin found it malformed (INVALID).
        case invalidPayload
        /// The plugin could not parse it, or its events could not be recorded: the provider should retry.
        case processingFailed
        /// Over the client's webhook limit, or too many deliveries for no integration from one address.
        case rateLimited
    }

    let code: Code
    let message: String
    var retryAfter: Duration?

    static func rateLimited(_ wait: Duration) -> WebhookError {
        WebhookError(code: .rateLimited, message: "too many webhook deliveries; retry later", retryAfter: wait)
    }
}
