public import Foundation
import Logging

/// A plugin that passed loading: its manifest, where it runs, and its call budget. Its calls go through its runtime:
/// a provider process (the default) or the host's own address space.
public final class LoadedPlugin: Sendable {
    public let path: String
    public let manifest: PluginManifest
    /// The ABI version the plugin was built against, e.g. `1.1`.
    public let abiVersion: String
    /// The webhook test vectors the plugin ships, as JSON.
    public let webhookVectors: Data?
    public let isolation: PluginSettings.Isolation
    let runtime: any PluginRuntime
    let budget: CallBudget

    init(path: String, manifest: PluginManifest, abiVersion: String, webhookVectors: Data?, isolation: PluginSettings.Isolation, runtime: any PluginRuntime,
         settings: PluginSettings) {
        self.path = path
        self.manifest = manifest
        self.abiVersion = abiVersion
        self.webhookVectors = webhookVectors
        self.isolation = isolation
        self.runtime = runtime
        budget = CallBudget(limit: settings.maxInFlight, perClient: settings.tenantInFlight)
    }

    public var health: PluginHealth { runtime.health }
    public var isQuarantined: Bool { health.state == .quarantined }
    /// Calls in flight now.
    public var callsInFlight: Int { budget.inFlight }

    /// Creates an instance for `client` from a config (secrets decrypted). A refused config comes back as the plugin's
    /// result.
    public func createInstance(config: Data, client: String = "", timeoutMs: UInt64 = 5_000) async throws(PluginCallError)
        -> Result<PluginInstance, PluginCallFailure>
    {
        let (result, instance) = try await withBudget(client: client, timeoutMs: timeoutMs) { [runtime] (remaining) throws(PluginCallError) in
            try await runtime.create(config: config, timeoutMs: remaining)
        }
        guard result.status == .ok, let instance else { return .failure(PluginCallFailure(result: result)) }
        return .success(PluginInstance(plugin: self, client: client, handle: instance))
    }

    /// Lifts a quarantine (`gateway plugins reset`); false when it cannot be lifted by hand.
    public func reset() -> Bool { runtime.reset() }

    /// Ends the plugin's provider process, if it has one.
    public func close() { runtime.close() }

    /// Runs `call` within the plugin's budget for `client`, with what is left of `timeoutMs` once a slot was free.
    func withBudget<T>(client: String, timeoutMs: UInt64, _ call: (_ timeoutMs: UInt64) async throws(PluginCallError) -> T) async throws(PluginCallError) -> T {
        let deadline = HostClock.nowMs() &+ timeoutMs
        guard await budget.acquire(client: client, deadlineMs: deadline) else {
            throw PluginCallError(
                code: .busy, message: "provider '\(manifest.id)' is busy: \(budget.perClient) calls of this client (or \(budget.limit) in all) were in flight until the deadline"
            )
        }
        defer { budget.release(client: client) }
        let now = HostClock.nowMs()
        return try await call(deadline > now ? deadline - now : 0)
    }
}

/// A plugin call that answered with something other than OK.
public struct PluginCallFailure: Error, Sendable {
    public let result: PluginCallResult
}
