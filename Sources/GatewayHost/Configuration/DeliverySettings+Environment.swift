import Foundation

extension DeliverySettings {
    /// Reads the delivery keys GatewayConfiguration lists; a malformed value is an error naming its key.
    mutating func read(_ environment: [String: String]) throws(ConfigurationError) {
        if let value = try EnvironmentValue.integer("GATEWAY_WORKERS", environment, in: 0...1024) { concurrency = value }
        if let value = try EnvironmentValue.integer("GATEWAY_SEND_TIMEOUT_MS", environment, in: 100...600_000) { sendTimeout = .milliseconds(value) }
        if let value = try EnvironmentValue.integer("GATEWAY_QUEUE_LEASE_MS", environment, in: 1_000...3_600_000) { lease = .milliseconds(value) }
        if let value = try EnvironmentValue.integer("GATEWAY_SHUTDOWN_GRACE_MS", environment, in: 0...600_000) { shutdownGrace = .milliseconds(value) }
        if let value = try EnvironmentValue.integer("GATEWAY_CIRCUIT_FAILURES", environment, in: 1...1_000) { circuitThreshold = value }
        if let value = try EnvironmentValue.integer("GATEWAY_CIRCUIT_OPEN_MS", environment, in: 100...3_600_000) { circuitOpenFor = .milliseconds(value) }
        if let value = try EnvironmentValue.integer("GATEWAY_FAILOVER_AFTER_ATTEMPTS", environment, in: 1...20) { failoverAfterAttempts = value }
        if let text = environment["GATEWAY_RETRY_BACKOFF_MS"] {
            let waits = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !waits.isEmpty, waits.count <= 20, waits.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw ConfigurationError(key: "GATEWAY_RETRY_BACKOFF_MS", value: text)
            }
            retryBackoff = waits.map { .milliseconds($0 ?? 0) }
        }
    }
}
