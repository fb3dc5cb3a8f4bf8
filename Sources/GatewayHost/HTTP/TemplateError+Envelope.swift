import HTTPTypes

extension TemplateError: EnvelopeError {
    var envelope: GatewayError {
        let details: [String: JSONValue] = field.map { ["field": .string($0)] } ?? [:]
        return switch code {
        case .invalid, .overBudget: GatewayError(.unprocessableContent, .validationError, message, details: details)
        case .notFound: GatewayError(.notFound, .notFound, message)
        case .alreadyExists: GatewayError(.conflict, .conflict, message, details: details)
        }
    }
}
