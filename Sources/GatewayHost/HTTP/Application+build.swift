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
    let router = Router()
    HealthController(registry: registry).addRoutes(to: router)
    PluginsController(registry: registry).addRoutes(to: router)

    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway"),
        services: [PluginDirectoryWatcher(registry: registry, directories: configuration.pluginDirectories)],
        logger: logger
    )
}
