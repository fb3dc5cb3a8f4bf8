import Synchronization

/// Limits inside one process (the embedded setup): per key, the time at which the bucket would be full again.
package final class LocalRateLimiter: RateLimiter {
    private let state = Mutex<(full: [String: ContinuousClock.Instant], takes: Int)>(([:], 0))

    package init() {}

    package func take(_ requests: [RateRequest]) async throws -> [RateDecision] {
        let now = ContinuousClock.now
        let window = Duration.seconds(60)
        return state.withLock { state in
            state.takes += 1
            if state.takes % 10_000 == 0 { state.full = state.full.filter { $0.value > now } }  // forget full buckets
            var decisions: [RateDecision] = []
            for request in requests {
                let full = max(state.full[request.key] ?? now, now)
                // The bucket holds a minute's worth: more fit while it fills up again within the minute.
                guard full + request.cost - now <= window else {
                    decisions.append(.at(full: full - now, interval: request.interval, cost: request.cost, taken: false))
                    break
                }
                state.full[request.key] = full + request.cost
                decisions.append(.at(full: full + request.cost - now, interval: request.interval, cost: request.cost, taken: true))
            }
            return decisions
        }
    }
}
