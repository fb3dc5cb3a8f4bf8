public import Hummingbird
public import Logging

/// Builds the gateway server: loads the plugins once, then serves HTTP while the watcher picks up new ones.
public func buildApplication(configuration: GatewayConfiguration, logger: Logger) async -> some ApplicationProtocol {
    let registry = PluginRegistry(logger: logger, graceMs: configuration.pluginGraceMs)
    await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
    return buildApplication(configuration: configuration, registry: registry, logger: logger)
}

/// Builds the server around an existing registry (tests hold on to it to drive plugin calls).
package func buildApplication(configuration: GatewayConfiguration, registry: PluginRegistry, logger: Logger) -> some ApplicationProtocol {
    let routes = RouteTable()
    let router = buildRouter(routes: routes)
    HealthController(registry: registry, routes: routes).addRoutes(to: router)
    PluginsController(registry: registry, routes: routes).addRoutes(to: router)
    OpenAPIController(routes: routes).addRoutes(to: router)

    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway"),
        services: [PluginDirectoryWatcher(registry: registry, directories: configuration.pluginDirectories)],
        logger: logger
    )
}

/// A router with the middleware every route gets: the request log outermost, then the error envelope.
package func buildRouter(routes: RouteTable) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
    return router
}
