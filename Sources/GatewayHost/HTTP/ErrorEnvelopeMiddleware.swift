import Foundation
import Hummingbird
import Logging

/// Turns every error below it into the error envelope: unknown routes, wrong methods, malformed or oversize bodies,
/// wrong field types, and anything unexpected (a 500 that says nothing about the cause; the cause goes to the log).
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GatewayError {
            throw error
        } catch let error as any EnvelopeError {
            throw error.envelope
        } catch let error as any HTTPResponseError {
            throw envelope(status: error.status, message: (error as? HTTPError)?.body, request: request)
        } catch let error as DecodingError {
            throw Self.envelope(for: error)
        } catch let error as StoreError where error.code == .unavailable {
            context.logger.error("store unavailable", metadata: ["error.message": "\(error.message)"])
            throw GatewayError(.serviceUnavailable, .storeUnavailable, "the store is unavailable; try again shortly")
        } catch let error as QueueError where error.code == .unavailable {
            context.logger.error("queue unavailable", metadata: ["error.message": "\(error.message)"])
            throw GatewayError(.serviceUnavailable, .queueUnavailable, "the queue is unavailable; try again shortly")
        } catch {
            context.logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"])
            throw GatewayError(.internalServerError, .internalError, "internal error")
        }
    }

    private func envelope(status: HTTPResponse.Status, message: String?, request: Request) -> GatewayError {
        // The router answers 404 for a known path with another method too; the route table tells the two apart.
        let allowed = status == .notFound ? routes.methods(forPath: request.uri.path).map(\.rawValue).sorted() : []
        switch status {
        case .notFound where !allowed.isEmpty:
            return GatewayError(.methodNotAllowed, .methodNotAllowed, "\(request.method.rawValue) is not allowed here", details: ["allowed": .array(allowed.map(JSONValue.string))])
        case .notFound:
            return GatewayError(.notFound, .notFound, "no route for \(request.method.rawValue) \(request.uri.path.prefix(200))")
        case .contentTooLarge:
            return GatewayError(.contentTooLarge, .payloadTooLarge, "request body is too large")
        case .unauthorized:
            return GatewayError(.unauthorized, .unauthorized, "authentication required")
        case .forbidden:
            return GatewayError(.forbidden, .forbidden, "forbidden")
        case .badRequest:
            return GatewayError(.badRequest, .invalidPayload, message ?? "bad request")
        default:
            return GatewayError(status, status.code >= 500 ? .internalError : .invalidPayload, message ?? status.reasonPhrase)
        }
    }

    /// Malformed JSON is INVALID_PAYLOAD; well-formed JSON with a missing or wrong-typed field is VALIDATION_ERROR
    /// naming the field.
    static func envelope(for error: DecodingError) -> GatewayError {
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
