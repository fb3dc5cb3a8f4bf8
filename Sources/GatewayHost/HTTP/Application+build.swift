public import Hummingbird
public import Logging

/// Builds the gateway server: opens the runtime, then serves HTTP (and, unless `GATEWAY_WORKERS` is 0, delivers
/// queued messages) while the watcher picks up new plugins.
public func buildApplication(configuration: GatewayConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let runtime = try await GatewayRuntime.open(configuration, logger: logger)
    try await runtime.core.announceFirstRun(logger: logger)
    return buildApplication(runtime: runtime)
}

/// Builds the server around an assembled runtime (tests hold on to its parts).
package func buildApplication(runtime: GatewayRuntime) -> some ApplicationProtocol {
    let authenticator = Authenticator(tokens: runtime.core.tokens, credentials: runtime.core.stores.credentials, clients: runtime.core.stores.clients)
    let exchange = TokenExchange(tokens: runtime.core.tokens, store: runtime.core.stores.credentials)
    let routes = RouteTable(authenticator: authenticator, limits: runtime.limits)
    let router = buildRouter(routes: routes)
    let health = HealthController(runtime: runtime, routes: routes)
    health.addRoutes(to: router)
    health.addIntegrationCounts(to: router)
    PluginsController(registry: runtime.registry, routes: routes).addRoutes(to: router)
    IntegrationsController(
        service: runtime.integrations, hours: runtime.core.stores.businessHours, outbound: runtime.core.stores.outbound, routes: routes).addRoutes(to: router)
    MessagesController(service: runtime.messages, routes: routes).addRoutes(to: router)
    WebhooksController(service: runtime.webhooks, routes: routes, publicURL: runtime.configuration.publicURL).addRoutes(to: router)
    ConversationsController(service: runtime.conversations, routes: routes).addRoutes(to: router)
    AgentController(service: runtime.agents, routes: routes).addRoutes(to: router)
    let simulation = TriggerSimulation(stores: runtime.core.stores, actions: runtime.scheduler.actions)
    TriggersController(service: runtime.triggers, simulation: simulation, routes: routes).addRoutes(to: router)
    TemplatesController(service: runtime.templates, routes: routes).addRoutes(to: router)
    BusinessHoursController(store: runtime.core.stores.businessHours, routes: routes).addRoutes(to: router)
    APIKeysController(store: runtime.core.stores.credentials, routes: routes).addRoutes(to: router)
    ClientsController(store: runtime.core.stores.clients, audit: runtime.core.stores.audit, limits: runtime.limits, routes: routes).addRoutes(to: router)
    AuthController(exchange: exchange, routes: routes).addRoutes(to: router)
    MetricsController(runtime: runtime, routes: routes).addRoutes(to: router)
    let toolbox = AgentToolbox(
        integrations: runtime.integrations, messages: runtime.messages, conversations: runtime.conversations, logger: runtime.logger)
    MCPController(endpoint: MCPEndpoint(toolbox: toolbox), origins: runtime.configuration.mcpOrigins, routes: routes).addRoutes(to: router)
    OpenAPIController(routes: routes, registry: runtime.registry).addRoutes(to: router)
    let configuration = runtime.configuration
    ConsoleController(
        sessions: ConsoleSessions(authenticator: authenticator, exchange: exchange, vault: runtime.core.vault, clock: configuration.clock),
        integrations: runtime.integrations, conversations: runtime.conversations, messages: runtime.messages, triggers: runtime.triggers, simulation: simulation,
        credentials: runtime.core.stores.credentials, activity: runtime.core.stores.activity, agents: runtime.agents,
        clients: runtime.core.stores.clients, hours: runtime.core.stores.businessHours, outbound: runtime.core.stores.outbound, limits: runtime.limits,
        secureCookies: configuration.publicURL?.base.hasPrefix("https://") == true
    ).addRoutes(to: router)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "gateway"),
        services: runtime.services(withWorkers: configuration.delivery.concurrency > 0, withScheduler: configuration.scheduler.enabled),
        logger: runtime.logger
    )
}

/// A router with the middleware every route gets: the request log outermost, then the error envelope.
package func buildRouter(routes: RouteTable) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
    return router
}
