import Logging

/// Authenticated webhook deliveries count against their client's limit (default 1,000 a minute); deliveries that name no
/// integration or fail authentication count against their source address, so scanning for tokens or ids is slowed
/// down and forging cannot spend a client's limit. Limits are shared
/// through Redis when it is configured. If the limiter cannot be reached, deliveries pass: losing a customer's message
/// is worse than letting a burst through.
final class WebhookLimits: Sendable {
    private let limiter: any RateLimiter
    private let store: any GatewayStore
    private let logger: Logger
    /// Client limits, read at most every 10 s per client.
    private let perMinute = ExpiringCache<String, Int>(ttl: .seconds(10))

    init(limiter: any RateLimiter, store: any GatewayStore, logger: Logger) {
        self.limiter = limiter
        self.store = store
        self.logger = logger
    }

    /// Nil when the client may take one more delivery, else how long until it may.
    func wait(clientID: String) async -> Duration? {
        let limit = await perMinute.value(for: clientID) {
            ((try? await store.clientLimits(clientID: clientID)) ?? nil)?.webhooksPerMinute ?? ClientLimits.defaultWebhooksPerMinute
        }
        return await take("webhooks:client:" + clientID, perMinute: limit)
    }

    /// Nil when the address may send one more delivery that names no integration or fails authentication, else how
    /// long until it may.
    func waitUnauthenticated(address: String?) async -> Duration? {
        await take("webhooks:unauthenticated:" + (address ?? "unknown"), perMinute: ClientLimits.unauthenticatedWebhooksPerAddress)
    }

    private func take(_ key: String, perMinute: Int) async -> Duration? {
        do {
            return try await limiter.take(key: key, perMinute: perMinute).wait
        } catch {
            logger.warning("webhook limit not checked", metadata: ["error.message": "\(error)"])
            return nil
        }
    }
}
