/// Request limits per key (a client's webhooks, a source address): a bucket of `perMinute` requests refilled evenly
/// over the minute (GCRA). Shared through Redis by every process when Redis is configured, else kept in this process.
package protocol RateLimiter: Sendable {
    /// Takes one request for `key`; nil when allowed, else how long until the next is.
    func take(key: String, perMinute: Int) async throws -> Duration?
}
