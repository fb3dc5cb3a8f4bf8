/// Pacing shared by every process on one Redis, on Redis's clock.
package final class RedisSendPacer: SendPacer {
    private let redis: RedisClient
    private let prefix: String

    /// ARGV: key, interval ms. Returns 0 when the slot was taken, else the ms until the next one.
    private static let script = RedisScript(
        """
        local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local next = tonumber(redis.call('GET', ARGV[1]) or '0')
        if next > now then return next - now end
        redis.call('SET', ARGV[1], now + tonumber(ARGV[2]), 'PX', ARGV[2])
        return 0
        """)

    package init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    package func reserve(key: String, perMinute: Int) async throws -> Duration? {
        let wait = try await redis.run(Self.script, prefix + "pace:" + key, String(60_000 / max(perMinute, 1))).integer ?? 0
        return wait > 0 ? .milliseconds(wait) : nil
    }
}
