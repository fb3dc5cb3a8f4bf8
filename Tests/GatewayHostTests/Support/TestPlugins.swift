import Foundation
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

    /// A copy of the plugin at a new path. A library opened in-process stays open, and a Swift plugin keeps the host
    /// table of its first load: a test that loads it in-process under other settings needs its own copy.
    static func freshCopy(_ path: String) throws -> String {
        let copy = try TestPaths.scratchDirectory().appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        return copy.path
    }
}
