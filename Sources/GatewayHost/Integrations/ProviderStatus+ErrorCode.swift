/// The envelope code for a provider's failure.
extension ProviderStatus {
    var errorCode: ErrorCode {
        switch self {
        case .auth: .invalidCredentials
        case .rateLimited: .rateLimitExceeded
        case .invalid: .validationError
        case .internal, .unsupported: .providerUnavailable
        case .ok, .retryable, .timeout, .permanent: .connectionFailed
        }
    }
}
