import Hummingbird
public import Logging
public import ServiceLifecycle

/// A process without the API: `worker` delivers queued messages until SIGTERM (and runs the trigger scheduler unless
/// `GATEWAY_SCHEDULER=off`), so delivery scales out on other machines against the same PostgreSQL and Redis;
/// `scheduler` runs only the trigger scheduler. Both serve only `/health` and `/metrics` (on `GATEWAY_HOST`:
/// `GATEWAY_PORT`), so they can be watched and scraped.
public enum BackgroundRole: String, Sendable {
    case worker
    case scheduler
}

public func buildBackground(_ role: BackgroundRole, configuration: GatewayConfiguration, logger: Logger) async throws -> ServiceGroup {
    let runtime = try await GatewayRuntime.open(configuration, logger: logger)
    let routes = RouteTable()
    let router = buildRouter(routes: routes)
    HealthController(runtime: runtime, routes: routes).addRoutes(to: router)
    MetricsController(runtime: runtime, routes: routes).addRoutes(to: router)
    let monitoring = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "gateway-\(role.rawValue)"),
        logger: logger
    )
    let services =
        role == .worker
        ? runtime.services(withWorkers: true, withScheduler: configuration.scheduler.enabled)
        : runtime.services(withWorkers: false, withScheduler: true)
    return ProcessStop.serviceGroup(services + [NamedService("health and metrics", monitoring)], delivery: configuration.delivery, logger: logger)
}
