import Foundation
import Logging
import Synchronization

/// Runs a plugin in the host's own address space: each call on the plugin call threads, with a watchdog at deadline +
/// grace. A hung thread cannot be killed, so a plugin whose call overruns is quarantined (calls fail fast) until that
/// call returns. For trusted plugins and benchmarks; a crash here takes the host down.
final class InProcessRuntime: PluginRuntime {
    let native: NativePlugin
    let providerID: String
    let threadSafe: Bool
    let graceMs: UInt64
    let maxOutputBytes: Int
    let logger: PluginLogger
    /// Calls that overran their deadline and have not returned yet; while any remain the plugin is quarantined.
    private let overrunningCalls = Mutex(0)

    final class Instance: RuntimeInstance {
        let native: NativeInstance

        init(_ native: NativeInstance) {
            self.native = native
        }
    }

    init(native: NativePlugin, manifest: PluginManifest, settings: PluginSettings, logger: PluginLogger) {
        self.native = native
        providerID = manifest.id
        threadSafe = manifest.threadSafe
        graceMs = settings.graceMs
        maxOutputBytes = settings.maxOutputBytes
        self.logger = logger
    }

    func create(config: Data, timeoutMs: UInt64) async throws(PluginCallError) -> (PluginCallResult, (any RuntimeInstance)?) {
        let created = Mutex<NativeInstance?>(nil)
        let result = try await perform(timeoutMs: timeoutMs) { [native, threadSafe, maxOutputBytes] deadline, flag in
            let (result, instance) = native.create(config: config, threadSafe: threadSafe, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes)
            created.withLock { $0 = instance }
            return result
        }
        guard result.status == .ok, let instance = created.withLock({ $0 }) else { return (result, nil) }
        return (result, Instance(instance))
    }

    func invoke(_ instance: any RuntimeInstance, op: String, input: Data, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult {
        let instance = (instance as! Instance).native
        return try await perform(timeoutMs: timeoutMs) { [native, maxOutputBytes] deadline, flag in
            native.invoke(instance, op: op, input: input, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes)
        }
    }

    func webhook(_ instance: any RuntimeInstance, delivery: WebhookDelivery, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult {
        let instance = (instance as! Instance).native
        return try await perform(timeoutMs: timeoutMs) { [native, maxOutputBytes] deadline, flag in
            native.webhook(instance, delivery: delivery, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes)
        }
    }

    func destroy(_ instance: any RuntimeInstance) {
        let instance = (instance as! Instance).native
        PluginCallThreads.shared.submit { [native] in native.destroy(instance) }
    }

    /// One call on the current thread, without the call threads and watchdog: what the ABI benchmark measures.
    func invokeHere(_ instance: any RuntimeInstance, op: String, input: Data, deadlineMs: UInt64, cancelFlag: CancelFlag) -> PluginCallResult {
        native.invoke((instance as! Instance).native, op: op, input: input, deadlineMs: deadlineMs, cancelFlag: cancelFlag, maxOutputBytes: maxOutputBytes)
    }

    var health: PluginHealth {
        let overrunning = overrunningCalls.withLock { $0 }
        return PluginHealth(
            state: overrunning > 0 ? .quarantined : .ready,
            reason: overrunning > 0 ? "\(overrunning) call(s) overran their deadline and have not returned; calls resume once they do" : nil,
            processID: nil, restarts: 0
        )
    }

    func reset() -> Bool { overrunningCalls.withLock { $0 == 0 } }

    func close() {}

    /// Runs one blocking ABI call on the plugin call threads, with a watchdog at deadline + grace.
    private func perform(
        timeoutMs: UInt64, _ body: @escaping @Sendable (_ deadlineMs: UInt64, CancelFlag) -> PluginCallResult
    ) async throws(PluginCallError) -> PluginCallResult {
        if let reason = health.reason {
            throw PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is quarantined: \(reason)")
        }
        let deadlineMs = HostClock.nowMs() &+ timeoutMs
        let flag = CancelFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let rendezvous = CallRendezvous(continuation)
                let alarm = PluginWatchdog.shared.schedule(atMs: deadlineMs &+ graceMs) { [self] in
                    let answer = PluginCallResult(
                        hostError: .timeout, message: "no answer within the deadline and grace period (\(timeoutMs + graceMs) ms): the plugin ignores its deadline",
                        elapsedMs: timeoutMs + graceMs, inDoubt: true
                    )
                    rendezvous.watchdogFired(answer) {
                        flag.raise()
                        overrunStarted()
                    }
                }
                PluginCallThreads.shared.submit { [self] in
                    let result = body(deadlineMs, flag)
                    PluginWatchdog.shared.cancel(alarm)
                    rendezvous.pluginAnswered(result) { overrunEnded() }
                }
            }
        } onCancel: {
            flag.raise()
        }
    }

    private func overrunStarted() {
        overrunningCalls.withLock { $0 += 1 }
        logger.log(.warning, "plugin quarantined: a call overran its deadline")
    }

    private func overrunEnded() {
        let remaining = overrunningCalls.withLock { count in
            count -= 1
            return count
        }
        if remaining == 0 { logger.log(.notice, "plugin recovered: its overrunning calls returned") }
    }
}
