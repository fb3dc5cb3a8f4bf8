/// Limits shared by every process on one Redis, on Redis's clock: the same bucket as `LocalRateLimiter`, one key per
/// limited key holding when its bucket is full again.
package final class RedisRateLimiter: RateLimiter {
    private let redis: RedisClient
    private let prefix: String

    /// ARGV: key, interval ms. Returns {1 when taken else 0, ms until the bucket is full again}.
    private static let script = RedisScript(
        """
        local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local interval = tonumber(ARGV[2])
        local full = math.max(tonumber(redis.call('GET', ARGV[1]) or '0'), now)
        if full + interval - now > 60000 then return {0, full - now} end
        redis.call('SET', ARGV[1], full + interval, 'PX', full + interval - now)
        return {1, full + interval - now}
        """)

    package init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    package func take(key: String, perMinute: Int) async throws -> RateDecision {
        let interval = 60_000 / max(perMinute, 1)
        let answer = try await redis.run(Self.script, prefix + "limit:" + key, String(interval)).array
        let taken = answer.first?.integer == 1
        let full = answer.count > 1 ? answer[1].integer ?? 0 : 0
        return .at(full: .milliseconds(full), interval: .milliseconds(interval), taken: taken)
    }
}
