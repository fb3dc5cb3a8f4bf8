import HTTPTypes

extension WebhookError: EnvelopeError {
    var envelope: GatewayError {
        switch code {
        case .unknownIntegration: GatewayError(.notFound, .notFound, message)
        case .invalidSignature: GatewayError(.unauthorized, .invalidSignature, message)
        case .invalidPayload: GatewayError(.badRequest, .invalidPayload, message)
        case .processingFailed: GatewayError(.internalServerError, .processingFailed, message)
        case .rateLimited: GatewayError(.tooManyRequests, .rateLimitExceeded, message, retryAfter: retryAfter)
        }
    }
}
