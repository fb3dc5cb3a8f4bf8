import Hummingbird
public import Logging
public import ServiceLifecycle
import UnixSignals

/// Builds a worker without the API (`gateway worker`): the same runtime as `serve`, delivering queued messages until
/// SIGTERM, so delivery scales out on other machines against the same PostgreSQL and Redis. It serves only `/health`
/// and `/metrics` (on `GATEWAY_HOST`:`GATEWAY_PORT`), so its sends can be scraped.
public func buildWorker(configuration: GatewayConfiguration, logger: Logger) async throws -> ServiceGroup {
    let runtime = try await GatewayRuntime.open(configuration, logger: logger)
    let routes = RouteTable()
    let router = buildRouter(routes: routes)
    HealthController(runtime: runtime, routes: routes).addRoutes(to: router)
    MetricsController(runtime: runtime, routes: routes).addRoutes(to: router)
    let monitoring = Application(
        router: router, configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway-worker"),
        logger: logger
    )
    return ServiceGroup(
        configuration: ServiceGroupConfiguration(services: runtime.services(withWorkers: true) + [monitoring], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    )
}
