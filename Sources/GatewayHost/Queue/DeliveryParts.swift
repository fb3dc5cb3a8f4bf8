package import Logging
import ServiceLifecycle

/// The parts that queue and deliver messages, built the same way for `serve` and `worker`.
package struct DeliveryParts {
    let integrations: IntegrationService
    let messages: MessageService
    let metrics: GatewayMetrics
    let breakers: CircuitBreakers
    package let worker: DeliveryWorker
    /// Close the store and the queue after everything else stops; list them first.
    let closers: [any Service]

    package init(configuration: GatewayConfiguration, core: GatewayCore, backend: QueueBackend, registry: PluginRegistry, logger: Logger) {
        let settings = configuration.delivery
        let signal = WorkSignal()
        integrations = IntegrationService(store: core.store, vault: core.vault, registry: registry, logger: logger)
        messages = MessageService(queue: backend.queue, store: core.store, signal: signal, logger: logger)
        metrics = GatewayMetrics()
        breakers = CircuitBreakers(threshold: settings.circuitThreshold, openFor: settings.circuitOpenFor)
        let delivery = JobDelivery(
            targets: DeliveryTargets(integrations: integrations), breakers: breakers, pacer: backend.pacer, settings: settings, metrics: metrics, logger: logger
        )
        worker = DeliveryWorker(queue: backend.queue, delivery: delivery, settings: settings, signal: signal, logger: logger)
        closers = [CloseOnShutdown { try await core.store.close() }, CloseOnShutdown { try await backend.queue.close() }]
    }
}
