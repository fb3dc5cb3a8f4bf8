import GatewayHost

/// Plugin settings for tests: the loopback fakes are reachable, and the plugin runs where the test says (a provider
/// process, the default, started from the `gateway` binary beside the test bundle).
enum TestPlugins {
    static let loopback = NetworkPolicy(allowed: [IPNetwork("127.0.0.0/8")!, IPNetwork("::1")!])

    static func settings(_ isolation: PluginSettings.Isolation = .process, graceMs: UInt64 = 2_000) -> PluginSettings {
        var settings = PluginSettings()
        settings.isolation = isolation
        settings.graceMs = graceMs
        settings.networkPolicy = loopback
        return settings
    }
}
