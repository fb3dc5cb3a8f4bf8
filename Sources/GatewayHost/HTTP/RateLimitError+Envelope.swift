import HTTPTypes

extension RateLimitError: EnvelopeError {
    var envelope: GatewayError {
        GatewayError(
            .tooManyRequests, .rateLimitExceeded, description, details: ["limit": .string(taken.name)], retryAfter: wait,
            headers: RequestLimits.headers([taken]))
    }
}
