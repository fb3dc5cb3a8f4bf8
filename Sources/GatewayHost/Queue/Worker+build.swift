import Hummingbird
public import Logging
public import ServiceLifecycle
import UnixSignals

/// Builds a worker without the API (`gateway worker`): the same store, queue and plugins as `serve`, delivering queued
/// messages until SIGTERM, so delivery scales out on other machines against the same PostgreSQL and Redis. It serves
/// only `/health` and `/metrics` (on `GATEWAY_HOST`:`GATEWAY_PORT`), so its sends can be scraped.
public func buildWorker(configuration: GatewayConfiguration, logger: Logger) async throws -> ServiceGroup {
    let core = try await GatewayCore.open(configuration, logger: logger)
    let backend = try QueueBackend.open(configuration, store: core.store, logger: logger)
    let registry = PluginRegistry(settings: configuration.plugins, logger: logger)
    await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
    let delivery = DeliveryParts(configuration: configuration, core: core, backend: backend, registry: registry, logger: logger)

    let routes = RouteTable()
    let router = buildRouter(routes: routes)
    HealthController(registry: registry, store: core.store, queue: backend.queue, routes: routes).addRoutes(to: router)
    MetricsController(metrics: delivery.metrics, queue: backend.queue, registry: registry, breakers: delivery.breakers, routes: routes).addRoutes(to: router)
    let monitoring = Application(
        router: router, configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway-worker"),
        logger: logger
    )
    return ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: delivery.closers + [PluginDirectoryWatcher(registry: registry, directories: configuration.pluginDirectories), delivery.worker, monitoring],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
    )
}
