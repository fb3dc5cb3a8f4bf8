/// Limits shared by every process on one Redis, on Redis's clock: the same bucket as `LocalRateLimiter`, one key per
/// limited key holding when its bucket is full again.
package final class RedisRateLimiter: RateLimiter {
    private let redis: RedisClient
    private let prefix: String

    /// ARGV: key, cost µs (the time the requests taken refill in). Returns {1 when taken else 0, µs until the bucket is full again}.
    private static let script = RedisScript(
        """
        local t = redis.call('TIME'); local now = t[1] * 1000000 + t[2]
        local cost = tonumber(ARGV[2])
        local full = math.max(tonumber(redis.call('GET', ARGV[1]) or '0'), now)
        if full + cost - now > 60000000 then return {0, full - now} end
        redis.call('SET', ARGV[1], full + cost, 'PX', math.ceil((full + cost - now) / 1000))
        return {1, full + cost - now}
        """)

    /// The script answered something that is not its two numbers.
    struct UnexpectedReply: Error {}

    package init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    package func take(key: String, perMinute: Int, count: Int) async throws -> RateDecision {
        let interval = RateDecision.interval(perMinute: perMinute)
        let cost = RateDecision.cost(count: count, perMinute: perMinute)
        let answer = try await redis.run(Self.script, prefix + "limit:" + key, String(cost.microseconds)).array
        guard answer.count == 2, let taken = answer[0].integer, let full = answer[1].integer else { throw UnexpectedReply() }
        return .at(full: .microseconds(full), interval: interval, cost: cost, taken: taken == 1)
    }
}
