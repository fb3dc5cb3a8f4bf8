public import Hummingbird
public import Logging
import ServiceLifecycle

/// Builds the gateway server: opens the store, vault, token authority and queue, loads the plugins once, then serves
/// HTTP (and, unless `GATEWAY_WORKERS` is 0, delivers queued messages) while the watcher picks up new plugins.
public func buildApplication(configuration: GatewayConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let core = try await GatewayCore.open(configuration, logger: logger)
    try await core.announceFirstRun(logger: logger)
    let backend = try QueueBackend.open(configuration, store: core.store, logger: logger)
    let registry = PluginRegistry(settings: configuration.plugins, logger: logger)
    await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
    return buildApplication(configuration: configuration, core: core, backend: backend, registry: registry, logger: logger)
}

/// Builds the server around an open core, queue and an existing registry (tests hold on to them).
package func buildApplication(
    configuration: GatewayConfiguration, core: GatewayCore, backend: QueueBackend, registry: PluginRegistry, logger: Logger
) -> some ApplicationProtocol {
    let routes = RouteTable(authenticator: Authenticator(tokens: core.tokens, store: core.store))
    let router = buildRouter(routes: routes)
    let delivery = DeliveryParts(configuration: configuration, core: core, backend: backend, registry: registry, logger: logger)
    HealthController(registry: registry, store: core.store, queue: backend.queue, routes: routes).addRoutes(to: router)
    PluginsController(registry: registry, routes: routes).addRoutes(to: router)
    IntegrationsController(service: delivery.integrations, routes: routes).addRoutes(to: router)
    MessagesController(service: delivery.messages, routes: routes).addRoutes(to: router)
    APIKeysController(store: core.store, routes: routes).addRoutes(to: router)
    ClientsController(store: core.store, routes: routes).addRoutes(to: router)
    MetricsController(metrics: delivery.metrics, queue: backend.queue, registry: registry, breakers: delivery.breakers, routes: routes).addRoutes(to: router)
    OpenAPIController(routes: routes).addRoutes(to: router)

    let workers: [any Service] = configuration.delivery.concurrency > 0 ? [delivery.worker] : []
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway"),
        services: delivery.closers + [PluginDirectoryWatcher(registry: registry, directories: configuration.pluginDirectories)] + workers,
        logger: logger
    )
}

/// A router with the middleware every route gets: the request log outermost, then the error envelope.
package func buildRouter(routes: RouteTable) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
    return router
}
