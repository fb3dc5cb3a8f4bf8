/// Limits shared by every process on one Redis, on Redis's clock: the same bucket as `LocalRateLimiter`, one key per
/// limited key holding when its bucket is full again.
package final class RedisRateLimiter: RateLimiter {
    private let redis: RedisClient
    private let prefix: String

    /// ARGV: key, interval ms. Returns 0 when taken, else the ms until one more fits.
    private static let script = RedisScript(
        """
        local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local interval = tonumber(ARGV[2])
        local full = math.max(tonumber(redis.call('GET', ARGV[1]) or '0'), now)
        if full + interval - now > 60000 then return full + interval - 60000 - now end
        redis.call('SET', ARGV[1], full + interval, 'PX', full + interval - now)
        return 0
        """)

    package init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    package func take(key: String, perMinute: Int) async throws -> Duration? {
        let wait = try await redis.run(Self.script, prefix + "limit:" + key, String(60_000 / max(perMinute, 1))).integer ?? 0
        return wait > 0 ? .milliseconds(wait) : nil
    }
}
