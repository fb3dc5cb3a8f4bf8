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
        } catch let error as any HTTPResponseError where !(error is GatewayError) {
            throw envelope(status: error.status, message: (error as? HTTPError)?.body, request: request)
        } catch {
            throw GatewayError(error, logger: context.logger)
        }
    }

    private func envelope(status: HTTPResponse.Status, message: String?, request: Request) -> GatewayError {
        // The router answers 404 for a known path with another method too; the route table tells the two apart.
        let allowed = status == .notFound ? routes.methods(forPath: request.uri.path).map(\.rawValue).sorted() : []
        switch status {
        case .notFound where !allowed.isEmpty:
            return GatewayError(
                .methodNotAllowed, .methodNotAllowed, "\(request.method.rawValue) is not allowed here",
                details: ["allowed": .array(allowed.map(JSONValue.string))], headers: [.allow: allowed.joined(separator: ", ")])
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
}
