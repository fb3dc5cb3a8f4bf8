package import Logging
import ServiceLifecycle

/// One gateway process's parts, assembled in one place for `serve`, `worker` and the tests alike: the core (store,
/// vault, tokens), the queue, the plugins, the services on top of them, and the delivery worker. The HTTP servers are
/// built on it (`buildApplication`, `buildBackground`); nothing else wires these parts.
package struct GatewayRuntime: Sendable {
    package let configuration: GatewayConfiguration
    package let core: GatewayCore
    package let backend: QueueBackend
    package let registry: PluginRegistry
    let integrations: IntegrationService
    let messages: MessageService
    /// API calls, sends and webhook deliveries per client (and per API key), shared through Redis when configured.
    let limits: RequestLimits
    let webhooks: WebhookService
    let conversations: ConversationService
    let agents: AgentService
    let triggers: TriggerService
    let templates: TemplateService
    package let scheduler: TriggerScheduler
    let turns: TurnFlusher
    let metrics: GatewayMetrics
    let queueCounts: QueueCountsCache
    let breakers: CircuitBreakers
    package let worker: DeliveryWorker
    let retention: RetentionService
    let logger: Logger

    /// Opens the core and the queue, and loads the plugins once (the directory watcher loads what comes later).
    package static func open(_ configuration: GatewayConfiguration, logger: Logger) async throws -> GatewayRuntime {
        let core = try await GatewayCore.open(configuration, logger: logger)
        let backend = try QueueBackend.open(configuration, store: core.store, logger: logger)
        let registry = PluginRegistry(settings: configuration.plugins, helloDirectory: configuration.dataDirectory, logger: logger)
        await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
        return GatewayRuntime(configuration: configuration, core: core, backend: backend, registry: registry, logger: logger)
    }

    /// Assembles the runtime around parts already open (tests hold on to them).
    package init(configuration: GatewayConfiguration, core: GatewayCore, backend: QueueBackend, registry: PluginRegistry, logger: Logger) {
        self.configuration = configuration
        self.core = core
        self.backend = backend
        self.registry = registry
        self.logger = logger
        let settings = configuration.delivery
        let signal = WorkSignal()
        let stores = core.stores
        integrations = IntegrationService(
            store: stores.integrations, audit: stores.audit, vault: core.vault, registry: registry, credentials: core.credentials,
            clock: configuration.clock, logger: logger)
        limits = RequestLimits(limiter: backend.limiter, clients: stores.clients, logger: logger)
        let sealedInputs = SealedJobInputs(vault: core.vault)
        messages = MessageService(
            queue: backend.queue, integrations: stores.integrations, outbound: stores.outbound, signal: signal, vault: core.vault,
            inputs: sealedInputs, limits: limits, publicURL: configuration.publicURL, logger: logger)
        agents = AgentService(integrations: integrations, settings: stores.agentSettings)
        conversations = ConversationService(
            store: stores.conversations, events: stores.events, vault: core.vault, limits: limits, clock: configuration.clock)
        templates = TemplateService(store: stores.templates, clock: configuration.clock)
        let agentTurns = AgentTurnQueue(
            conversations: stores.conversations, events: stores.events, queue: backend.queue, vault: core.vault, inputs: sealedInputs, signal: signal)
        turns = TurnFlusher(store: stores.turns, turns: agentTurns, logger: logger)
        let actions = TriggerActions(
            messages: messages, conversations: conversations, templates: templates, integrations: integrations, agents: agents,
            agentTurns: agentTurns, logger: logger
        )
        triggers = TriggerService(
            store: stores.triggers, runs: stores.triggerRuns, conversations: stores.conversations, actions: actions, clock: configuration.clock)
        webhooks = WebhookService(
            routes: stores.webhookRoutes, inbound: stores.inbound, integrations: integrations, limits: limits, agents: agents, triggers: triggers,
            writers: configuration.isEmbedded ? 1 : configuration.databaseConnections, clock: configuration.clock, logger: logger
        )
        scheduler = TriggerScheduler(stores: stores, actions: actions, logger: logger, settings: configuration.scheduler)
        metrics = GatewayMetrics()
        queueCounts = QueueCountsCache(queue: backend.queue)
        breakers = CircuitBreakers(threshold: settings.circuitThreshold, openFor: settings.circuitOpenFor)
        let delivery = JobDelivery(
            targets: DeliveryTargets(integrations: integrations), queue: backend.queue, breakers: breakers, pacer: backend.pacer, settings: settings,
            metrics: metrics,
            followUps: [
                .whatsapp: OutboundTracking(store: stores.outbound, logger: logger),
                .email: OutboundTracking(store: stores.outbound, logger: logger),
                .sms: OutboundTracking(store: stores.outbound, logger: logger),
                .agent: AgentReplies(messages: messages, logger: logger),
            ], inputs: sealedInputs, publicURL: configuration.publicURL, clock: configuration.clock, logger: logger
        )
        worker = DeliveryWorker(queue: backend.queue, delivery: delivery, settings: settings, signal: signal, logger: logger)
        retention = RetentionService(queue: backend.queue, outbound: stores.outbound, events: stores.events, settings: configuration.retention, logger: logger)
    }

    /// The long-running services, in start order: the closers first (so they stop last: the store, the queue and the
    /// provider processes outlive every service that uses them), then the plugin watcher, the retention purge, the
    /// turn flusher and the trigger scheduler, then the workers.
    func services(withWorkers: Bool, withScheduler: Bool) -> [NamedService] {
        [
            NamedService("close plugins", CloseOnShutdown { [registry] in registry.close() }),
            NamedService("close store", CloseOnShutdown { [core] in try await core.store.close() }),
            NamedService("close queue", CloseOnShutdown { [backend] in try await backend.queue.close() }),
            NamedService("plugin watcher", PluginDirectoryWatcher(registry: registry, directories: configuration.pluginDirectories)),
            NamedService("retention", retention),
            NamedService("turn flusher", turns),
        ] + (withScheduler ? [NamedService("scheduler", scheduler)] : []) + (withWorkers ? [NamedService("delivery workers", worker)] : [])
    }
}
