import HTTPTypes

extension TriggerError: EnvelopeError {
    var envelope: GatewayError {
        switch code {
        case .notFound: GatewayError(.notFound, .triggerNotFound, message)
        case .invalidConfig: GatewayError(.unprocessableContent, .invalidTriggerConfig, message, details: field.map { ["field": .string($0)] } ?? [:])
        case .executionFailed: GatewayError(.unprocessableContent, .triggerExecutionFailed, message)
        }
    }
}
