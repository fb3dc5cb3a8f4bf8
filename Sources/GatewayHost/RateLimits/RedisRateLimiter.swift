/// Limits shared by every process on one Redis, on Redis's clock: the same bucket as `LocalRateLimiter`, one key per
/// limited key holding when its bucket is full again.
package final class RedisRateLimiter: RateLimiter {
    private let redis: RedisClient
    private let prefix: String

    /// ARGV: a key and a cost in µs (the time its requests refill in) per request. Takes them in turn up to the first
    /// that does not fit; returns, per request up to that one, 1 when taken else 0 and the µs until its bucket is full
    /// again.
    private static let script = RedisScript(
        """
        local t = redis.call('TIME'); local now = t[1] * 1000000 + t[2]
        local answer = {}
        for i = 1, #ARGV, 2 do
            local cost = tonumber(ARGV[i + 1])
            local full = math.max(tonumber(redis.call('GET', ARGV[i]) or '0'), now)
            if full + cost - now > 60000000 then
                answer[#answer + 1] = 0; answer[#answer + 1] = full - now
                return answer
            end
            redis.call('SET', ARGV[i], full + cost, 'PX', math.ceil((full + cost - now) / 1000))
            answer[#answer + 1] = 1; answer[#answer + 1] = full + cost - now
        end
        return answer
        """)

    /// The script answered something that is not its two numbers.
    struct UnexpectedReply: Error {}

    package init(redis: RedisClient, prefix: String) {
        self.redis = redis
        self.prefix = prefix
    }

    package func take(_ requests: [RateRequest]) async throws -> [RateDecision] {
        let arguments = requests.flatMap { [prefix + "limit:" + $0.key, String($0.cost.microseconds)] }
        let answer = try await redis.run([(Self.script, arguments)])[0].array
        guard answer.count % 2 == 0, (2...2 * requests.count).contains(answer.count) else { throw UnexpectedReply() }
        return try stride(from: 0, to: answer.count, by: 2).map { index in
            guard let taken = answer[index].integer, let full = answer[index + 1].integer else { throw UnexpectedReply() }
            let request = requests[index / 2]
            return .at(full: .microseconds(full), interval: request.interval, cost: request.cost, taken: taken == 1)
        }
    }
}
