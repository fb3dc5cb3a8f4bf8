import Foundation
public import Logging

/// `gateway provider-test`: loads one plugin through the real loader and checks that it keeps the ABI's promises.
/// The plugin runs where `settings` says (its own provider process by default), and every call has a deadline and a
/// watchdog, so a plugin that crashes or hangs fails a check instead of taking the harness down.
public struct ProviderHarness: Sendable {
    let path: String
    /// A real config (`--config`); otherwise the manifest's examples are used.
    let config: [String: JSONValue]?
    /// Adds calls to the real service named in the config.
    let live: Bool
    let settings: PluginSettings
    let logger: Logger
    /// Deadline of each call (`settings.graceMs` past it, the plugin counts as hung).
    let timeoutMs: UInt64

    public init(path: String, config: [String: JSONValue]?, live: Bool, settings: PluginSettings, logger: Logger, timeoutMs: UInt64 = 10_000) {
        self.path = path
        self.config = config
        self.live = live
        // The harness is one client that checks concurrency itself: its calls must not queue on the host's budget.
        var settings = settings
        settings.maxInFlight = max(settings.maxInFlight, HarnessSession.concurrentCalls)
        settings.tenantInFlight = settings.maxInFlight
        self.settings = settings
        self.logger = logger
        self.timeoutMs = timeoutMs
    }

    /// The checks in order. Stops early only when nothing further can be checked (the library did not load).
    public func run() async -> [HarnessCheck] {
        var checks: [HarnessCheck] = []
        let plugin: LoadedPlugin
        switch await PluginLoader.load(path: path, settings: settings, logger: logger) {
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
