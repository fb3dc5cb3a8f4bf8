import HTTPTypes

extension BusinessHoursError: EnvelopeError {
    var envelope: GatewayError {
        GatewayError(.unprocessableContent, .validationError, message, details: ["field": .string(field)])
    }
}
