package import Prometheus
import Synchronization

/// The gateway's Prometheus metrics, in one registry that `/metrics` renders. Labels are provider ids, outcomes,
/// priorities and states: never a tenant, a path or a message id.
package final class GatewayMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    private let knownProviders = Mutex<Set<String>>([])
    /// Send counters and histograms by label values, so the hot path skips the registry's lookup.
    private let sends = Mutex<[String: (counter: Counter, latency: DurationHistogram)]>([:])

    // Descriptors are not Sendable, so each is made when needed (only when a metric is first created).
    private static var sendsTotal: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "sends", unitName: "total", helpText: "Provider calls for queued messages, by provider and outcome"
        )
    }

    private static var sendDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "send_duration", unitName: "seconds", helpText: "How long provider calls for queued messages took"
        )
    }

    private static var queueJobs: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "queue", unitName: "jobs",
            helpText: "Jobs in the shared queue by state (ready per priority, in flight, delayed, dead)"
        )
    }

    private static var openCircuits: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "open", unitName: "circuits",
            helpText: "Integrations whose circuit is open or half open in this process"
        )
    }

    private static var pluginQuarantined: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "plugin", unitName: "quarantined",
            helpText: "1 while a plugin is quarantined (the reason is in /health), else 0"
        )
    }

    private static var pluginRestarts: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "plugin", unitName: "restarts", helpText: "How often a plugin's provider process was started again")
    }

    private static var pluginCalls: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gateway", metricName: "plugin_calls", unitName: "in_flight", helpText: "Plugin calls in flight now")
    }

    private static var failovers: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gateway", metricName: "failovers", unitName: "total",
            helpText: "Messages moved from an integration whose provider was down to its next fallback, by type and providers")
    }

    /// Send latency buckets: a local provider answers in milliseconds, a slow one in seconds, the deadline is 30 s.
    private static let latencyBuckets: [Duration] = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000].map { .milliseconds($0) }

    package init() {}

    /// One provider call for a job and how it ended (`sent`, `retry`, `failed`, `dead`, `released`).
    package func recordSend(provider: String, outcome: String, duration: Duration?) {
        let key = provider + "\n" + outcome
        let metrics = sends.withLock { sends in
            if let known = sends[key] { return known }
            let made = (
                counter: registry.makeCounter(descriptor: Self.sendsTotal, labels: [("provider", provider), ("outcome", outcome)]),
                latency: registry.makeDurationHistogram(descriptor: Self.sendDuration, labels: [("provider", provider)], buckets: Self.latencyBuckets)
            )
            sends[key] = made
            return made
        }
        metrics.counter.increment()
        if let duration { metrics.latency.record(duration) }
    }

    /// A message moved from a provider that was down to the next fallback.
    package func recordFailover(type: String, from: String, to: String) {
        registry.makeCounter(descriptor: Self.failovers, labels: [("type", type), ("from", from), ("to", to)]).increment()
    }

    /// Sets the queue gauges from the backend's counts (read at each scrape).
    package func record(_ counts: QueueCounts) {
        for priority in JobPriority.allCases {
            gauge(Self.queueJobs, [("state", "ready"), ("priority", priority.rawValue)]).set(Double(counts.ready[priority] ?? 0))
        }
        gauge(Self.queueJobs, [("state", "in_flight"), ("priority", "any")]).set(Double(counts.inFlight))
        gauge(Self.queueJobs, [("state", "delayed"), ("priority", "any")]).set(Double(counts.delayed))
        gauge(Self.queueJobs, [("state", "dead"), ("priority", "any")]).set(Double(counts.dead))
    }

    /// Sets the open-circuit gauge per provider (providers whose circuits all closed go back to 0).
    package func recordOpenCircuits(_ openByProvider: [String: Int]) {
        let providers = knownProviders.withLock { known in
            known.formUnion(openByProvider.keys)
            return known
        }
        for provider in providers {
            gauge(Self.openCircuits, [("provider", provider)]).set(Double(openByProvider[provider] ?? 0))
        }
    }

    /// Sets the plugin gauges (read at each scrape).
    package func record(_ plugins: [LoadedPlugin]) {
        for plugin in plugins {
            let labels = [("provider", plugin.manifest.id)]
            let health = plugin.health
            gauge(Self.pluginQuarantined, labels).set(Double(health.state == .quarantined ? 1 : 0))
            gauge(Self.pluginRestarts, labels).set(Double(health.restarts))
            gauge(Self.pluginCalls, labels).set(Double(plugin.callsInFlight))
        }
    }

    package func render() -> String {
        registry.emitToString()
    }

    private func gauge(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: descriptor, labels: labels)
    }
}
