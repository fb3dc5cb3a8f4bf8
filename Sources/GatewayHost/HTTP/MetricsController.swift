import HTTPTypes
import Hummingbird
import Logging

/// `GET /metrics`: Prometheus text. Queue depths are the shared queue's, read from the backend at most every 10 s;
/// sends, latency, circuits and plugins are this process's.
struct MetricsController {
    let runtime: GatewayRuntime
    let routes: RouteTable

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get(
            "/metrics",
            summary: "Prometheus metrics: queue depth, sends by provider and outcome, send latency, open circuits, plugin quarantines and restarts",
            response: "Metrics", access: .public, on: router
        ) {
            _, context in
            let metrics = runtime.metrics
            do {
                metrics.record(try await runtime.queueCounts.counts())
            } catch {
                context.logger.warning("queue counts unavailable for metrics", metadata: ["error.message": "\(error)"])
            }
            metrics.recordOpenCircuits(runtime.breakers.openCircuitsByProvider())
            metrics.record(runtime.registry.plugins)
            var headers: HTTPFields = [:]
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }
}
