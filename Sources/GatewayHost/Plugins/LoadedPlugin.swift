public import Foundation
import Logging
package import ProviderABI
import Synchronization

/// A plugin that passed loading: its manifest, its vtable, and whether it is quarantined.
public final class LoadedPlugin: @unchecked Sendable {
    public let path: String
    public let manifest: PluginManifest
    let vtable: gw_provider_vtable
    let host: UnsafePointer<gw_host_api>
    let logger: Logger
    /// How long past its deadline a call may run before the plugin is quarantined.
    let graceMs: UInt64
    /// Calls that overran their deadline and have not returned yet; while any remain the plugin is quarantined.
    private let overrunningCalls = Mutex(0)

    init(path: String, manifest: PluginManifest, vtable: gw_provider_vtable, host: UnsafePointer<gw_host_api>, logger: Logger, graceMs: UInt64) {
        self.path = path
        self.manifest = manifest
        self.vtable = vtable
        self.host = host
        var logger = logger
        logger[metadataKey: "plugin.id"] = .string(manifest.id)
        self.logger = logger
        self.graceMs = graceMs
    }

    public var isQuarantined: Bool { overrunningCalls.withLock { $0 > 0 } }

    /// The ABI version the plugin was built against, e.g. `1.0`.
    public var abiVersion: String { "\(vtable.abi_major).\(vtable.abi_minor)" }

    /// The webhook test vectors the plugin ships, as JSON.
    public var webhookVectors: Data? {
        vtable.webhook_vectors_json.map { Data(bytes: $0, count: vtable.webhook_vectors_len) }
    }

    /// Creates an instance from a config (secrets decrypted). A refused config comes back as the plugin's result.
    public func createInstance(config: Data, timeoutMs: UInt64 = 5_000) async throws(PluginCallError) -> Result<PluginInstance, PluginCallFailure> {
        let box = InstanceHandleBox()
        let result = try await perform(timeoutMs: timeoutMs) { [self] _, result in
            config.withUnsafeBytes { bytes in
                vtable.create(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, &box.handle, result)
            }
        }
        guard result.status == .ok, let handle = box.handle else { return .failure(PluginCallFailure(result: result)) }
        return .success(PluginInstance(plugin: self, handle: handle))
    }

    /// Runs one blocking ABI call on the plugin call threads, with a watchdog at deadline + grace.
    func perform(
        timeoutMs: UInt64, _ body: @escaping @Sendable (UnsafePointer<gw_call>, UnsafeMutablePointer<gw_result>) -> gw_status
    ) async throws(PluginCallError) -> PluginCallResult {
        guard !isQuarantined else {
            throw PluginCallError(code: .providerUnavailable, message: "provider '\(manifest.id)' is quarantined: a call overran its deadline")
        }
        let deadlineMs = HostClock.nowMs() + timeoutMs
        let flag = CancelFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let rendezvous = CallRendezvous(continuation)
                let alarm = PluginWatchdog.shared.schedule(atMs: deadlineMs + graceMs) { [self] in
                    let answer = PluginCallResult(hostError: .timeout, message: "provider overran its deadline", elapsedMs: timeoutMs + graceMs)
                    rendezvous.watchdogFired(answer) {
                        flag.raise()
                        overrunStarted()
                    }
                }
                PluginCallThreads.shared.submit { [self] in
                    let result = Self.blockingCall(deadlineMs: deadlineMs, cancelFlag: flag, body)
                    PluginWatchdog.shared.cancel(alarm)
                    rendezvous.pluginAnswered(result) { overrunEnded() }
                }
            }
        } onCancel: {
            flag.raise()
        }
    }

    /// Calls the plugin on the current thread: what the call threads run.
    package static func blockingCall(
        deadlineMs: UInt64, cancelFlag: CancelFlag, _ body: (UnsafePointer<gw_call>, UnsafeMutablePointer<gw_result>) -> gw_status
    ) -> PluginCallResult {
        var call = gw_call()
        call.struct_size = UInt32(MemoryLayout<gw_call>.size)
        call.deadline_ms = deadlineMs
        call.cancel_flag = UnsafePointer(cancelFlag.pointer)
        var result = gw_result()
        result.struct_size = UInt32(MemoryLayout<gw_result>.size)
        let started = HostClock.nowMs()
        let status = withUnsafePointer(to: &call) { body($0, &result) }
        return PluginCallResult(taking: result, returned: status, elapsedMs: HostClock.nowMs() - started)
    }

    private func overrunStarted() {
        overrunningCalls.withLock { $0 += 1 }
        logger.warning("plugin quarantined: a call overran its deadline")
    }

    private func overrunEnded() {
        let remaining = overrunningCalls.withLock { count in
            count -= 1
            return count
        }
        if remaining == 0 { logger.notice("plugin recovered: its overrunning calls returned") }
    }
}

/// Where `create` writes the new instance; only the call thread touches it until the call returns.
final class InstanceHandleBox: @unchecked Sendable {
    var handle: OpaquePointer?
}

/// A plugin call that answered with something other than OK.
public struct PluginCallFailure: Error, Sendable {
    public let result: PluginCallResult
}
