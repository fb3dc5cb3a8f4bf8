import HTTPTypes

extension IntegrationError: EnvelopeError {
    var envelope: GatewayError {
        let details: [String: JSONValue] = field.map { ["field": .string($0)] } ?? [:]
        switch code {
        case .notFound:
            return GatewayError(.notFound, .integrationNotFound, message)
        case .invalid:
            return GatewayError(.unprocessableContent, .validationError, message, details: details)
        case .providerNotLoaded, .providerUnavailable:
            return GatewayError(.serviceUnavailable, .providerUnavailable, message)
        case .credentialsUnreadable:
            return GatewayError(.conflict, .credentialsUnreadable, message)
        case .alreadyRouted:
            return GatewayError(.conflict, .conflict, message, details: details)
        case .notAllowed:
            return GatewayError(.forbidden, field == "table" ? .tableNotAllowed : .readOnly, message, details: details)
        case .testFailed where status == .auth:
            return GatewayError(.badRequest, .invalidCredentials, message)
        case .testFailed where status == .rateLimited:
            return GatewayError(.tooManyRequests, .rateLimitExceeded, message)
        case .testFailed where status == .timeout || status == .retryable || status == .permanent:
            return GatewayError(.badGateway, .connectionFailed, message)
        case .testFailed where status == .internal || status == .unsupported:
            return GatewayError(.serviceUnavailable, .providerUnavailable, message)
        case .providerFailed where status == .timeout:
            return GatewayError(.gatewayTimeout, .connectionFailed, message)
        case .providerFailed where status != .invalid:
            return GatewayError(.badGateway, (status ?? .internal).errorCode, message)
        default:
            let status = self.status ?? .invalid
            return GatewayError(.unprocessableContent, status == .invalid ? .validationError : status.errorCode, message, details: details)
        }
    }
}
