/// Request limits per key (a client's webhooks, API calls, sends or events; a source address): a bucket of `perMinute`
/// requests refilled evenly over the minute (GCRA). Shared through Redis by every process when Redis is configured,
/// else kept in this process.
package protocol RateLimiter: Sendable {
    /// Takes each request in turn, in one step (one round trip to Redis), up to the first whose bucket lacks room: that
    /// one and the ones after it are not taken. The decisions, up to and including that one.
    func take(_ requests: [RateRequest]) async throws -> [RateDecision]
}

/// `count` requests for `key`, from a bucket of `perMinute`: taken at once if the bucket has them; more than a
/// minute's worth take the whole bucket.
package struct RateRequest: Sendable {
    let key: String
    let perMinute: Int
    let count: Int

    package init(key: String, perMinute: Int, count: Int = 1) {
        self.key = key
        self.perMinute = perMinute
        self.count = count
    }

    var interval: Duration { RateDecision.interval(perMinute: perMinute) }
    var cost: Duration { RateDecision.cost(count: count, perMinute: perMinute) }
}

extension RateLimiter {
    /// Takes `count` requests for `key` if the bucket has them.
    package func take(key: String, perMinute: Int, count: Int = 1) async throws -> RateDecision {
        try await take([RateRequest(key: key, perMinute: perMinute, count: count)])[0]
    }
}

/// What taking one request decided, with what the `RateLimit` headers say.
package struct RateDecision: Sendable, Equatable {
    /// Nil when the request was taken, else how long until one more fits.
    package let wait: Duration?
    /// How many more requests the bucket would take now.
    package let remaining: Int
    /// How long until the bucket is full again.
    package let reset: Duration

    /// The time one request refills in: a minute over `perMinute`, in whole microseconds (limits up to millions a minute).
    static func interval(perMinute: Int) -> Duration {
        .microseconds(60_000_000 / max(perMinute, 1))
    }

    /// The time `count` requests refill in: at most the whole minute, so a batch larger than the limit can still pass
    /// once the bucket is full.
    static func cost(count: Int, perMinute: Int) -> Duration {
        interval(perMinute: perMinute) * min(max(count, 1), max(perMinute, 1))
    }

    /// The decision for a bucket that is full again at `full` (after this request, when taken) and a request that
    /// costs `cost`.
    static func at(full: Duration, interval: Duration, cost: Duration, taken: Bool, window: Duration = .seconds(60)) -> RateDecision {
        let free = max(.zero, window - full)
        return RateDecision(
            wait: taken ? nil : max(.milliseconds(1), full + cost - window), remaining: Int(clamping: free.microseconds / max(interval.microseconds, 1)),
            reset: max(.zero, full))
    }
}
