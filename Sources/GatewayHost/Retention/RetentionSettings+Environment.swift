extension RetentionSettings {
    /// Reads the retention keys GatewayConfiguration lists; a malformed value is an error naming its key.
    mutating func read(_ environment: [String: String]) throws(ConfigurationError) {
        if let value = try EnvironmentValue.integer("GATEWAY_RETENTION_SENT_DAYS", environment, in: 1...3_650) { sentDays = value }
        if let value = try EnvironmentValue.integer("GATEWAY_RETENTION_IDEMPOTENCY_DAYS", environment, in: 1...3_650) { idempotencyDays = value }
        if let value = try EnvironmentValue.integer("GATEWAY_RETENTION_DEAD_DAYS", environment, in: 1...3_650) { deadDays = value }
        if let value = try EnvironmentValue.integer("GATEWAY_RETENTION_EVENT_DAYS", environment, in: 7...3_650) { eventDays = value }
    }
}
