import HTTPTypes
import Logging

extension GatewayError {
    /// The envelope of an error a service threw, wherever the call came from (a route, an MCP tool).
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let error as GatewayError:
            self = error
        case let error as any EnvelopeError:
            self = error.envelope
        case let error as DecodingError:
            self = Self.decoding(error)
        case let error as StoreError where error.code == .unavailable:
            logger.error("store unavailable", metadata: ["error.message": "\(error.message)"])
            self = GatewayError(.serviceUnavailable, .storeUnavailable, "the store is unavailable; try again shortly")
        case let error as QueueError where error.code == .unavailable:
            logger.error("queue unavailable", metadata: ["error.message": "\(error.message)"])
            self = GatewayError(.serviceUnavailable, .queueUnavailable, "the queue is unavailable; try again shortly")
        default:
            logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"])
            self = GatewayError(.internalServerError, .internalError, "internal error")
        }
    }

    /// Malformed JSON is INVALID_PAYLOAD; well-formed JSON with a missing or wrong-typed field is VALIDATION_ERROR
    /// naming the field.
    private static func decoding(_ error: DecodingError) -> GatewayError {
        func path(_ codingPath: [any CodingKey]) -> String { codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return GatewayError(.unprocessableContent, .validationError, "field '\(field)' is required", details: ["field": .string(field)])
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return GatewayError(.unprocessableContent, .validationError, "field '\(field)' has the wrong type", details: ["field": .string(field)])
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let field = path(context.codingPath)
            return GatewayError(.unprocessableContent, .validationError, "field '\(field)' is malformed", details: ["field": .string(field)])
        default:
            return GatewayError(.badRequest, .invalidPayload, "request body is not valid JSON")
        }
    }
}
