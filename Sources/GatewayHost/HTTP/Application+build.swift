public import Hummingbird
public import Logging

/// Builds the gateway server: opens the store, vault and token authority, loads the plugins once, then serves HTTP
/// while the watcher picks up new plugins.
public func buildApplication(configuration: GatewayConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let core = try await GatewayCore.open(configuration, logger: logger)
    try await core.announceFirstRun(logger: logger)
    let registry = PluginRegistry(logger: logger, graceMs: configuration.pluginGraceMs)
    await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
    return buildApplication(configuration: configuration, core: core, registry: registry, logger: logger)
}

/// Builds the server around an open core and an existing registry (tests hold on to both).
package func buildApplication(configuration: GatewayConfiguration, core: GatewayCore, registry: PluginRegistry, logger: Logger) -> some ApplicationProtocol {
    let routes = RouteTable(authenticator: Authenticator(tokens: core.tokens, store: core.store))
    let router = buildRouter(routes: routes)
    let integrations = IntegrationService(store: core.store, vault: core.vault, registry: registry, logger: logger)
    HealthController(registry: registry, store: core.store, routes: routes).addRoutes(to: router)
    PluginsController(registry: registry, routes: routes).addRoutes(to: router)
    IntegrationsController(service: integrations, routes: routes).addRoutes(to: router)
    APIKeysController(store: core.store, routes: routes).addRoutes(to: router)
    ClientsController(store: core.store, routes: routes).addRoutes(to: router)
    OpenAPIController(routes: routes).addRoutes(to: router)

    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway"),
        services: [StoreCloser(store: core.store), PluginDirectoryWatcher(registry: registry, directories: configuration.pluginDirectories)],
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
