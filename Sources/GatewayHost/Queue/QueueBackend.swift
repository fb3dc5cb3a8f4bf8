package import Logging

/// The queue, the pacer and the rate limiter, in Redis when `REDIS_URL` is set, else in the store and this process.
package struct QueueBackend: Sendable {
    package let queue: any JobQueue
    package let pacer: any SendPacer
    package let limiter: any RateLimiter

    /// Connections to Redis per process: enough for the API and a full worker batch without queueing on each other.
    static let redisConnections = 4

    package init(queue: any JobQueue, pacer: any SendPacer, limiter: any RateLimiter) {
        self.queue = queue
        self.pacer = pacer
        self.limiter = limiter
    }

    package static func open(_ configuration: GatewayConfiguration, store: SQLStore, logger: Logger) throws -> QueueBackend {
        guard let url = configuration.redisURL else {
            logger.info("queue opened", metadata: ["queue.backend": "\(store.backendName)"])
            return QueueBackend(queue: SQLJobQueue(database: store.database), pacer: LocalSendPacer(), limiter: LocalRateLimiter())
        }
        let redis = try RedisClient(address: try RedisAddress(url: url), connections: redisConnections)
        logger.info("queue opened", metadata: ["queue.backend": "redis", "queue.prefix": "\(configuration.redisPrefix)"])
        return QueueBackend(
            queue: RedisJobQueue(redis: redis, prefix: configuration.redisPrefix, retention: configuration.retention),
            pacer: RedisSendPacer(redis: redis, prefix: configuration.redisPrefix), limiter: RedisRateLimiter(redis: redis, prefix: configuration.redisPrefix)
        )
    }
}
