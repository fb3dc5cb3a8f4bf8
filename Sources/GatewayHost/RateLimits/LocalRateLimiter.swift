import Synchronization

/// Limits inside one process (the embedded setup): per key, the time at which the bucket would be full again.
package final class LocalRateLimiter: RateLimiter {
    private let state = Mutex<(full: [String: ContinuousClock.Instant], takes: Int)>(([:], 0))

    package init() {}

    package func take(key: String, perMinute: Int, count: Int) async throws -> RateDecision {
        let now = ContinuousClock.now
        let interval = RateDecision.interval(perMinute: perMinute)
        let cost = RateDecision.cost(count: count, perMinute: perMinute)
        let window = Duration.seconds(60)
        return state.withLock { state in
            state.takes += 1
            if state.takes % 10_000 == 0 { state.full = state.full.filter { $0.value > now } }  // forget full buckets
            let full = max(state.full[key] ?? now, now)
            // The bucket holds a minute's worth: more fit while it fills up again within the minute.
            guard full + cost - now <= window else { return .at(full: full - now, interval: interval, cost: cost, taken: false) }
            state.full[key] = full + cost
            return .at(full: full + cost - now, interval: interval, cost: cost, taken: true)
        }
    }
}
