/// The `error_code` of the error envelope: the seed's codes plus the gateway's. Extensible; callers compare codes,
/// never messages.
public struct ErrorCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let invalidCredentials = ErrorCode("INVALID_CREDENTIALS")
    public static let connectionFailed = ErrorCode("CONNECTION_FAILED")
    public static let rateLimitExceeded = ErrorCode("RATE_LIMIT_EXCEEDED")
    public static let integrationNotFound = ErrorCode("INTEGRATION_NOT_FOUND")
    public static let integrationDisabled = ErrorCode("INTEGRATION_DISABLED")
    public static let invalidPayload = ErrorCode("INVALID_PAYLOAD")
    public static let validationError = ErrorCode("VALIDATION_ERROR")
    public static let unauthorized = ErrorCode("UNAUTHORIZED")
    public static let forbidden = ErrorCode("FORBIDDEN")
    public static let notFound = ErrorCode("NOT_FOUND")
    public static let methodNotAllowed = ErrorCode("METHOD_NOT_ALLOWED")
    public static let payloadTooLarge = ErrorCode("PAYLOAD_TOO_LARGE")
    public static let providerUnavailable = ErrorCode("PROVIDER_UNAVAILABLE")
    public static let conflict = ErrorCode("CONFLICT")
    public static let storeUnavailable = ErrorCode("STORE_UNAVAILABLE")
    public static let queueUnavailable = ErrorCode("QUEUE_UNAVAILABLE")
    public static let idempotencyKeyReused = ErrorCode("IDEMPOTENCY_KEY_REUSED")
    public static let credentialsUnreadable = ErrorCode("CREDENTIALS_UNREADABLE")
    public static let internalError = ErrorCode("INTERNAL_ERROR")
    /// A webhook delivery failed its provider's authentication.
    public static let invalidSignature = ErrorCode("INVALID_SIGNATURE")
    /// A webhook delivery's events could not be recorded; the provider should retry it.
    public static let processingFailed = ErrorCode("PROCESSING_FAILED")
    /// No trigger of the client's has that id.
    public static let triggerNotFound = ErrorCode("TRIGGER_NOT_FOUND")
    /// A trigger's WHEN, IF or THEN is wrong; `details.field` names the path.
    public static let invalidTriggerConfig = ErrorCode("INVALID_TRIGGER_CONFIG")
    /// A trigger's action failed (the execution log says why).
    public static let triggerExecutionFailed = ErrorCode("TRIGGER_EXECUTION_FAILED")
    /// A trigger's condition could not be evaluated for a conversation (a comparison that does not suit the field).
    public static let conditionEvaluationError = ErrorCode("CONDITION_EVALUATION_ERROR")
    /// A database query named a table outside the integration's `allowed_tables`.
    public static let tableNotAllowed = ErrorCode("TABLE_NOT_ALLOWED")
    /// A database write while the integration is `read_only`.
    public static let readOnly = ErrorCode("READ_ONLY")

    /// Every code the gateway answers with, each documented with an example in docs/errors.md.
    public static let catalogue: [ErrorCode] = [
        .invalidCredentials, .connectionFailed, .rateLimitExceeded, .integrationNotFound, .integrationDisabled, .invalidPayload, .validationError,
        .unauthorized, .forbidden, .notFound, .methodNotAllowed, .payloadTooLarge, .providerUnavailable, .conflict, .storeUnavailable,
        .queueUnavailable, .idempotencyKeyReused, .credentialsUnreadable, .internalError, .invalidSignature, .processingFailed, .triggerNotFound,
        .invalidTriggerConfig, .triggerExecutionFailed, .conditionEvaluationError, .tableNotAllowed, .readOnly,
    ]

    /// The code for a message's recorded failure: a provider's status (`INVALID`, `AUTH`...) as the envelope names it.
    static func forJob(_ recorded: JobFailureCode?) -> ErrorCode {
        switch recorded {
        case .provider(let status)?: status.errorCode
        case .integrationNotFound?: .integrationNotFound
        case .credentialsUnreadable?: .credentialsUnreadable
        case nil: .connectionFailed
        }
    }
}
