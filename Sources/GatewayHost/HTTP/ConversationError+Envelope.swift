import HTTPTypes

extension ConversationError: EnvelopeError {
    var envelope: GatewayError {
        switch code {
        case .invalid: GatewayError(.unprocessableContent, .validationError, message, details: field.map { ["field": .string($0)] } ?? [:])
        case .notFound: GatewayError(.notFound, .notFound, message)
        }
    }
}
