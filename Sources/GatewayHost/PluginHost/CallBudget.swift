import Synchronization

/// How many calls one plugin has in flight, in all and per client. A plugin takes at most `limit` calls at once and no
/// client more than `perClient` of them, so one client's hung calls can never use up the plugin for the others. A
/// call over either limit waits its turn, in order, until its deadline.
final class CallBudget: Sendable {
    private struct Waiter {
        let id: UInt64
        let client: String
        let continuation: CheckedContinuation<Bool, Never>
        let alarm: UInt64
    }

    private struct State {
        var total = 0
        var byClient: [String: Int] = [:]
        var waiters: [Waiter] = []
        var lastWaiter: UInt64 = 0

        func fits(_ client: String, limit: Int, perClient: Int) -> Bool {
            total < limit && byClient[client, default: 0] < perClient
        }

        mutating func take(_ client: String) {
            total += 1
            byClient[client, default: 0] += 1
        }
    }

    let limit: Int
    let perClient: Int
    private let state = Mutex(State())

    init(limit: Int, perClient: Int) {
        self.limit = max(1, limit)
        self.perClient = max(1, min(perClient, limit))
    }

    var inFlight: Int { state.withLock { $0.total } }

    /// Takes a slot for `client`; false when `deadlineMs` passed (or the task was cancelled) before one was free.
    func acquire(client: String, deadlineMs: UInt64) async -> Bool {
        let taken = state.withLock { state -> Bool in
            guard state.waiters.isEmpty, state.fits(client, limit: limit, perClient: perClient) else { return false }
            state.take(client)
            return true
        }
        if taken { return true }
        let id = state.withLock { state in
            state.lastWaiter += 1
            return state.lastWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let alarm = PluginWatchdog.shared.schedule(atMs: deadlineMs) { [weak self] in self?.giveUp(id) }
                state.withLock { state in
                    state.waiters.append(Waiter(id: id, client: client, continuation: continuation, alarm: alarm))
                }
                grantWaiting()
                // The alarm or the cancellation may have come before the waiter was listed.
                if Task.isCancelled || HostClock.nowMs() >= deadlineMs { giveUp(id) }
            }
        } onCancel: {
            giveUp(id)
        }
    }

    func release(client: String) {
        state.withLock { state in
            state.total -= 1
            let left = state.byClient[client, default: 1] - 1
            state.byClient[client] = left > 0 ? left : nil
        }
        grantWaiting()
    }

    /// Hands free slots to waiters in arrival order, skipping a client that is at its share.
    private func grantWaiting() {
        let granted = state.withLock { state -> [Waiter] in
            var granted: [Waiter] = []
            var index = 0
            while index < state.waiters.count, state.total < limit {
                // Only the client is read in place: copying each waiter passed over costs a retain and a release.
                let client = state.waiters[index].client
                if state.fits(client, limit: limit, perClient: perClient) {
                    state.take(client)
                    granted.append(state.waiters.remove(at: index))
                } else {
                    index += 1
                }
            }
            return granted
        }
        for waiter in granted {
            PluginWatchdog.shared.cancel(waiter.alarm)
            waiter.continuation.resume(returning: true)
        }
    }

    private func giveUp(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: false)
    }
}
