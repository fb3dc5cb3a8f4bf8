import Synchronization

/// A value that arrives once (a provider process that finished starting, an instance created in it), for callers that
/// each wait only until their own deadline. Deadlines fire on the plugin watchdog's thread, not the concurrency pool.
final class Eventual<Value: Sendable>: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Value?, Never>
        let alarm: UInt64
    }

    private struct State {
        var value: Value?
        var waiters: [UInt64: Waiter] = [:]
        var lastWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// The value, or nil when `deadlineMs` (host clock) passes or the task is cancelled first.
    func wait(untilMs deadlineMs: UInt64) async -> Value? {
        if let value = state.withLock({ $0.value }) { return value }
        let id = state.withLock { state in
            state.lastWaiter += 1
            return state.lastWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let alarm = PluginWatchdog.shared.schedule(atMs: deadlineMs) { [weak self] in self?.giveUp(id) }
                let ready: Value? = state.withLock { state in
                    if let value = state.value { return value }
                    state.waiters[id] = Waiter(continuation: continuation, alarm: alarm)
                    return nil
                }
                if let ready {
                    PluginWatchdog.shared.cancel(alarm)
                    continuation.resume(returning: ready)
                } else if Task.isCancelled || HostClock.nowMs() >= deadlineMs {
                    giveUp(id)  // the alarm or the cancellation came before the waiter was listed
                }
            }
        } onCancel: {
            giveUp(id)
        }
    }

    /// Sets the value and wakes every waiter; a second value is ignored.
    func fulfil(_ value: Value) {
        let waiters = state.withLock { state -> [Waiter] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            PluginWatchdog.shared.cancel(waiter.alarm)
            waiter.continuation.resume(returning: value)
        }
    }

    private func giveUp(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
    }
}
