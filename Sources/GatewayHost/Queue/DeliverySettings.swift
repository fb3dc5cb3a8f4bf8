/// How workers deliver: how many jobs at once, how long a provider call may take, how long a lease lasts, and the
/// retry and circuit-breaker rules.
public struct DeliverySettings: Sendable {
    /// Jobs in flight at once per process (`GATEWAY_WORKERS`); 0 runs no workers in `serve`.
    public var concurrency = 16
    /// The deadline of each provider call.
    public var sendTimeout: Duration = .seconds(30)
    /// How long a claimed job is a worker's before it is delivered again; longer than a call can take.
    public var lease: Duration = .seconds(60)
    /// On SIGTERM, how long in-flight calls may take to finish before their jobs are handed back.
    public var shutdownGrace: Duration = .seconds(20)
    /// How often an idle worker looks for jobs other processes queued.
    public var pollInterval: Duration = .milliseconds(50)
    package var retry = RetryPolicy()
    /// Agent deliveries (turns) retry longer: seconds, then minutes, then hours, about three days in all.
    package var agentRetry: RetryPolicy = {
        var policy = RetryPolicy()
        let hour = 3_600
        policy.backoff = [5, 30, 120, 600, 1_800, hour, 2 * hour, 4 * hour, 8 * hour, 12 * hour, 12 * hour, 12 * hour, 12 * hour, 12 * hour].map { .seconds($0) }
        return policy
    }()
    public var circuitThreshold = 5
    public var circuitOpenFor: Duration = .seconds(60)
    /// Retryable failures through one integration after which a message moves to its next fallback (an open circuit
    /// moves it at once).
    public var failoverAfterAttempts = 2

    public init() {}

    /// The retry rules of a job's channel.
    func retry(for channel: IntegrationType) -> RetryPolicy {
        channel == .agent ? agentRetry : retry
    }

    /// The retry waits, in milliseconds (`GATEWAY_RETRY_BACKOFF_MS`, e.g. `1000,5000,25000`).
    public var retryBackoff: [Duration] {
        get { retry.backoff }
        set { retry.backoff = newValue }
    }
}
