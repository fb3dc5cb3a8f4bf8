import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: request id, client id (once known), method, route template (never the raw path, which
/// may carry ids or secrets), status and duration. Never a header or a body. The id goes back in `X-Request-Id`.
struct RequestLogMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: GatewayRequestContext, next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let requestId = context.id
        func log(_ status: HTTPResponse.Status) {
            let elapsed = started.duration(to: .now)
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            var metadata: Logger.Metadata = [
                "request.id": "\(requestId)", "http.method": "\(request.method.rawValue)", "http.route": "\(context.endpointPath ?? "unmatched")",
                "http.status": "\(status.code)", "http.duration_ms": "\((milliseconds * 1000).rounded() / 1000)",
            ]
            if let clientID = context.logFields.clientID { metadata["client.id"] = "\(clientID)" }
            context.logger.info("request", metadata: metadata)
        }
        do {
            var response = try await next(request, context)
            response.headers[HTTPField.Name("X-Request-Id")!] = requestId
            log(response.status)
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[HTTPField.Name("X-Request-Id")!] = requestId
            log(response.status)
            return response
        }
    }
}
