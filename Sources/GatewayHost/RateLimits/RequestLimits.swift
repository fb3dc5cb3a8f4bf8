import Logging

/// A client's API calls, sends, webhook deliveries and events, each a token bucket per minute (GCRA) shared through
/// Redis when it is configured: calls per client and per API key, sends per client, deliveries and the events they carry
/// per client; deliveries that name no integration or fail authentication per source address, so scanning for tokens
/// or ids is slowed down and forging cannot spend a client's limit. An API answer says where its buckets stand
/// (`RateLimit-Policy`, `RateLimit`); over a limit is 429 `RATE_LIMIT_EXCEEDED` with `Retry-After`. If the limiter
/// cannot be reached, the request passes: an outage of Redis must not stop the API, and losing a customer's message is
/// worse than letting a burst through.
final class RequestLimits: Sendable {
    private let limiter: any RateLimiter
    private let clients: any ClientStore
    private let logger: Logger
    /// Client limits, read at most every 10 s per client.
    private let limits = ExpiringCache<String, ClientLimits>(ttl: .seconds(10))

    init(limiter: any RateLimiter, clients: any ClientStore, logger: Logger) {
        self.limiter = limiter
        self.clients = clients
        self.logger = logger
    }

    /// A bucket's state after one request, as the headers say it.
    struct Taken: Sendable {
        let name: String
        let perMinute: Int
        let decision: RateDecision
    }

    /// Takes one API call for the caller's client and, when it came with an API key, for that key.
    func admitCall(_ identity: Identity) async throws -> [Taken] {
        let perMinute = await limits(of: identity.clientID).apiPerMinute
        var buckets = [Bucket(name: "api", request: RateRequest(key: "api:client:" + identity.clientID, perMinute: perMinute))]
        if identity.actor.hasPrefix("key:") { buckets.append(Bucket(name: "api_key", request: RateRequest(key: "api:" + identity.actor, perMinute: perMinute))) }
        let taken = await decide(buckets)
        if let refused = taken.first(where: { $0.decision.wait != nil }) { throw RateLimitError(taken: refused) }
        return taken
    }

    /// Takes one send for the client.
    func admitSend(clientID: String) async throws -> Taken {
        try await take("sends", key: "sends:client:" + clientID, perMinute: await limits(of: clientID).sendsPerMinute)
    }

    /// Takes one event the client reports.
    func admitEvent(clientID: String) async throws {
        _ = try await take("events", key: "events:client:" + clientID, perMinute: await limits(of: clientID).eventsPerMinute)
    }

    /// Nil when the client may take one more webhook delivery carrying `events` events, else how long until it may.
    func webhookWait(clientID: String, events: Int) async -> Duration? {
        let limits = await limits(of: clientID)
        var buckets = [Bucket(name: "webhooks", request: RateRequest(key: "webhooks:client:" + clientID, perMinute: limits.webhooksPerMinute))]
        if events > 0 {
            buckets.append(Bucket(name: "events", request: RateRequest(key: "events:client:" + clientID, perMinute: limits.eventsPerMinute, count: events)))
        }
        return await decide(buckets).lazy.compactMap(\.decision.wait).first
    }

    /// Nil when the address may send one more delivery that names no integration or fails authentication, else how
    /// long until it may.
    func unauthenticatedWebhookWait(address: String?) async -> Duration? {
        let key = "webhooks:unauthenticated:" + (address ?? "unknown")
        return await decide("webhooks", key: key, perMinute: ClientLimits.unauthenticatedWebhooksPerAddress).decision.wait
    }

    /// Nil when the address may try one more console sign-in, else how long until it may.
    func signInWait(address: String?) async -> Duration? {
        await decide("sign-in", key: "sign-in:" + (address ?? "unknown"), perMinute: ClientLimits.signInsPerAddress).decision.wait
    }

    /// Takes one request from the bucket, or throws 429 saying which and when to come back.
    private func take(_ name: String, key: String, perMinute: Int) async throws -> Taken {
        let taken = await decide(name, key: key, perMinute: perMinute)
        if taken.decision.wait != nil {
            throw RateLimitError(taken: taken)
        }
        return taken
    }

    /// A named bucket and what is asked of it.
    private struct Bucket {
        let name: String
        let request: RateRequest
    }

    /// What the bucket decides for `count` more requests; taken when the limiter cannot be reached.
    private func decide(_ name: String, key: String, perMinute: Int, count: Int = 1) async -> Taken {
        await decide([Bucket(name: name, request: RateRequest(key: key, perMinute: perMinute, count: count))])[0]
    }

    /// What the buckets decide, taken in turn in one step up to the first without room; every one taken when the
    /// limiter cannot be reached.
    private func decide(_ buckets: [Bucket]) async -> [Taken] {
        do {
            let decisions = try await limiter.take(buckets.map(\.request))
            return zip(buckets, decisions).map { Taken(name: $0.name, perMinute: $0.request.perMinute, decision: $1) }
        } catch {
            logger.warning("rate limit not checked", metadata: ["limit.name": "\(buckets.map(\.name).joined(separator: ","))", "error.message": "\(error)"])
            return buckets.map { Taken(name: $0.name, perMinute: $0.request.perMinute, decision: RateDecision(wait: nil, remaining: $0.request.perMinute, reset: .zero)) }
        }
    }

    /// The client's limits changed here: they apply at once in this process (others read them within 10 s).
    func limitsChanged(clientID: String) {
        limits.forget(clientID)
    }

    private func limits(of clientID: String) async -> ClientLimits {
        await limits.value(for: clientID) { ((try? await clients.clientLimits(clientID: clientID)) ?? nil) ?? ClientLimits() }
    }
}
