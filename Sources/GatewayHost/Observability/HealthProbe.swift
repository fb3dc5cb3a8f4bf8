import Synchronization

/// One dependency's reachability for `/health`: probed in the background, never waited on past a short budget, and
/// reported with its age, so `/health` answers promptly whatever hangs. A probe starts when the last reading is older
/// than `fresh` and none is running; a ping slower than `timeout` counts as down.
final class HealthProbe: Sendable {
    struct Reading: Sendable {
        let up: Bool
        /// How old the reading is; nil before the first probe came back.
        let ageMs: Int64?
    }

    static let fresh: Duration = .seconds(1)
    static let timeout: Duration = .seconds(2)

    private struct State {
        var up = false
        var at: ContinuousClock.Instant?
        var probing: Eventual<Bool>?
    }

    private let ping: @Sendable () async throws -> Void
    private let state = Mutex(State())

    init(_ ping: @escaping @Sendable () async throws -> Void) {
        self.ping = ping
    }

    /// The latest reading, after waiting up to `budget` for a probe when the last one is stale (for the first one, as
    /// long as it may take: there is nothing to answer before it).
    func read(waiting budget: Duration) async -> Reading {
        let now = ContinuousClock.now
        let (probe, start, first) = state.withLock { state -> (Eventual<Bool>?, Bool, Bool) in
            if let at = state.at, now - at < Self.fresh { return (nil, false, false) }
            if let running = state.probing { return (running, false, state.at == nil) }
            let probe = Eventual<Bool>()
            state.probing = probe
            return (probe, true, state.at == nil)
        }
        if let probe, start { Task { finish(probe, up: await answers()) } }
        if let probe { _ = await probe.wait(untilMs: HostClock.nowMs() + UInt64(clamping: (first ? Self.timeout : budget).milliseconds)) }
        return state.withLock { state in
            Reading(up: state.up, ageMs: state.at.map { $0.duration(to: .now).milliseconds })
        }
    }

    private func finish(_ probe: Eventual<Bool>, up: Bool) {
        state.withLock { state in
            state.up = up
            state.at = .now
            state.probing = nil
        }
        probe.fulfil(up)
    }

    /// Whether the ping succeeds within the timeout; a ping stuck behind a network partition is not awaited past it.
    private func answers() async -> Bool {
        let verdict = Eventual<Bool>()
        Task { [ping] in verdict.fulfil((try? await ping()) != nil) }
        return await verdict.wait(untilMs: HostClock.nowMs() + UInt64(clamping: Self.timeout.milliseconds)) ?? false
    }
}
