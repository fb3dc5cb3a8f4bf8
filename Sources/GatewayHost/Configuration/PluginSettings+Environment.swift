import Foundation

extension PluginSettings {
    /// Reads the plugin keys GatewayConfiguration lists; a malformed value is an error naming its key.
    mutating func read(_ environment: [String: String]) throws(ConfigurationError) {
        if let text = environment["GATEWAY_PLUGIN_ISOLATION"] {
            guard let value = Isolation(rawValue: text) else { throw ConfigurationError(key: "GATEWAY_PLUGIN_ISOLATION", value: text) }
            isolation = value
        }
        if let text = environment["GATEWAY_PLUGINS_IN_PROCESS"] {
            inProcessIDs = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let grace = environment["GATEWAY_PLUGIN_GRACE_MS"] {
            guard let value = UInt64(grace), value <= 600_000 else { throw ConfigurationError(key: "GATEWAY_PLUGIN_GRACE_MS", value: grace) }
            graceMs = value
        }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_MEMORY_MB", environment, in: 64...65_536) { memoryLimitBytes = value << 20 }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_MAX_IN_FLIGHT", environment, in: 1...4_096) { maxInFlight = value }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_CLIENT_IN_FLIGHT", environment, in: 1...4_096) { tenantInFlight = value }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_MAX_OUTPUT_MB", environment, in: 1...1_024) { maxOutputBytes = value << 20 }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_DEATH_LIMIT", environment, in: 1...1_000) { deathLimit = value }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_DEATH_WINDOW_MINUTES", environment, in: 1...10_080) { deathWindow = .seconds(value * 60) }
        if let value = try EnvironmentValue.integer("GATEWAY_PLUGIN_IDLE_EXIT_SECONDS", environment, in: 0...86_400) {
            idleExit = value == 0 ? nil : .seconds(value)
        }
        if let text = environment["GATEWAY_ALLOWED_NETWORKS"] { networkPolicy = try NetworkPolicy(allowing: text) }
    }
}
