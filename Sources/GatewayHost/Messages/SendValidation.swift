import HTTPTypes

/// A send request the API refuses before queueing: 422 naming the field.
enum SendValidation {
    static func invalid(_ message: String, field: String) -> GatewayError {
        GatewayError(.unprocessableContent, .validationError, message, details: ["field": .string(field)])
    }
}
