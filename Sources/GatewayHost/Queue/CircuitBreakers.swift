import Synchronization

/// One circuit breaker per integration, in this process: after `threshold` consecutive failures (RETRYABLE, TIMEOUT,
/// INTERNAL, or the call not being made at all) the circuit opens for `openFor` and its jobs wait without spending
/// attempts; then one probe goes through, and its outcome closes the circuit or opens it again.
package final class CircuitBreakers: Sendable {
    package enum State: String, Sendable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    /// Whether a job may call the provider now.
    package enum Admission: Sendable, Equatable {
        case allowed
        /// Not before this long.
        case wait(Duration)
    }

    private struct Circuit {
        var provider: String
        var failures = 0
        var openUntil: ContinuousClock.Instant?
        var probing = false

        func state(at now: ContinuousClock.Instant) -> State {
            if probing { return .halfOpen }
            guard let openUntil else { return .closed }
            return now < openUntil ? .open : .halfOpen
        }
    }

    package let threshold: Int
    package let openFor: Duration
    /// How long a job waits while another job's probe is out.
    static let probeWait: Duration = .milliseconds(500)
    private let circuits = Mutex<[String: Circuit]>([:])

    package init(threshold: Int, openFor: Duration) {
        self.threshold = threshold
        self.openFor = openFor
    }

    package func admit(_ integrationID: String, provider: String, now: ContinuousClock.Instant = .now) -> Admission {
        circuits.withLock { circuits in
            var circuit = circuits[integrationID] ?? Circuit(provider: provider)
            defer { circuits[integrationID] = circuit }
            if circuit.probing { return .wait(Self.probeWait) }
            guard let openUntil = circuit.openUntil else { return .allowed }
            guard now >= openUntil else { return .wait(openUntil - now) }
            circuit.probing = true
            return .allowed
        }
    }

    /// Records a call's outcome: `failed` when it says the provider is down, false when the provider answered.
    /// Returns the state afterwards.
    @discardableResult
    package func record(_ integrationID: String, failed: Bool, now: ContinuousClock.Instant = .now) -> State {
        circuits.withLock { circuits in
            guard var circuit = circuits[integrationID] else { return .closed }
            defer { circuits[integrationID] = circuit }
            let wasProbe = circuit.probing
            circuit.probing = false
            guard failed else {
                circuit.failures = 0
                circuit.openUntil = nil
                return .closed
            }
            circuit.failures += 1
            if wasProbe || circuit.failures >= threshold { circuit.openUntil = now + openFor }
            return circuit.state(at: now)
        }
    }

    /// A job admitted as the probe ended without calling the provider (handed back): let the next job probe.
    package func abandonProbe(_ integrationID: String) {
        circuits.withLock { circuits in circuits[integrationID]?.probing = false }
    }

    package func state(_ integrationID: String, now: ContinuousClock.Instant = .now) -> State {
        circuits.withLock { $0[integrationID]?.state(at: now) ?? .closed }
    }

    /// How many circuits are open or half open, per provider (metrics).
    package func openCircuitsByProvider(now: ContinuousClock.Instant = .now) -> [String: Int] {
        circuits.withLock { circuits in
            circuits.values.reduce(into: [:]) { counts, circuit in
                if circuit.state(at: now) != .closed { counts[circuit.provider, default: 0] += 1 }
            }
        }
    }
}
