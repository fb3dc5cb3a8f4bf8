import Foundation
public import Logging

/// `gateway provider-test`: loads one plugin through the real loader and checks that it keeps the ABI's promises.
/// Every call goes through the host's call threads and watchdog, so a hanging plugin fails a check instead of
/// hanging the harness.
public struct ProviderHarness: Sendable {
    let path: String
    /// A real config (`--config`); otherwise the manifest's examples are used.
    let config: [String: JSONValue]?
    /// Adds calls to the real service named in the config.
    let live: Bool
    let logger: Logger
    /// Deadline of each call, and how long past it the plugin may take before it counts as hung.
    let timeoutMs: UInt64
    let graceMs: UInt64

    public init(path: String, config: [String: JSONValue]?, live: Bool, logger: Logger, timeoutMs: UInt64 = 10_000, graceMs: UInt64 = 1_000) {
        self.path = path
        self.config = config
        self.live = live
        self.logger = logger
        self.timeoutMs = timeoutMs
        self.graceMs = graceMs
    }

    /// The checks in order. Stops early only when nothing further can be checked (the library did not load).
    public func run() async -> [HarnessCheck] {
        var checks: [HarnessCheck] = []
        let plugin: LoadedPlugin
        switch await PluginLoader.load(path: path, logger: logger, graceMs: graceMs) {
        case .success(let loaded):
            plugin = loaded
        case .failure(let error) where error.code == .invalidManifest:
            return [.pass("entry symbol and ABI version negotiation"), .fail("manifest is valid", error.reason)]
        case .failure(let error):
            return [.fail("entry symbol and ABI version negotiation", "\(error.code): \(error.reason)")]
        }
        checks.append(.pass("entry symbol and ABI version negotiation", "ABI \(plugin.abiVersion)"))
        let manifest = plugin.manifest
        let examples = ConfigSynthesis.exampleConfig(manifest)
        checks.append(
            examples == nil
                ? .fail("manifest is valid", "every config field needs an example value")
                : .pass("manifest is valid", "\(manifest.id) \(manifest.version), kind \(manifest.kind), ops \(manifest.ops.joined(separator: ","))")
        )

        var session = HarnessSession(plugin: plugin, timeoutMs: timeoutMs)
        checks += await session.checkConfigValidation(examples: examples ?? [:])
        let baseConfig = (config ?? examples ?? [:]).filter { $0.key != "test_recipient" }
        guard let instance = await session.createChecked(baseConfig, into: &checks) else { return checks + session.bufferChecks() }
        checks.append(await session.checkUnknownOp(instance))
        checks.append(await session.checkExpiredDeadline(instance))
        checks.append(await session.checkConcurrency(instance))
        checks += await session.checkWebhookVectors()
        if live { checks += await session.checkLive(instance, recipient: config?["test_recipient"]) }
        return checks + session.bufferChecks()
    }
}
