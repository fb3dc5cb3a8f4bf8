import HTTPTypes

extension AuthError: EnvelopeError {
    var envelope: GatewayError {
        switch code {
        case .unauthorized: GatewayError(.unauthorized, .unauthorized, message)
        case .forbidden: GatewayError(.forbidden, .forbidden, message)
        }
    }
}
