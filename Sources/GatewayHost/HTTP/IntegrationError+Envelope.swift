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
        default:
            let status = self.status ?? .invalid
            return GatewayError(.unprocessableContent, status == .invalid ? .validationError : status.errorCode, message, details: details)
        }
    }
}
