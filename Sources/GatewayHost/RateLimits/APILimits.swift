import HTTPTypes
import Logging

/// A client's API calls and sends, each a token bucket per minute (GCRA) shared through Redis when it is configured:
/// calls per client and per API key, sends per client. Each answer says where its buckets stand
/// (`RateLimit-Policy`, `RateLimit`); over a limit is 429 `RATE_LIMIT_EXCEEDED` with `Retry-After`. If the limiter
/// cannot be reached, the request passes: an outage of Redis must not stop the API.
final class APILimits: Sendable {
    static let policyHeader = HTTPField.Name("RateLimit-Policy")!
    static let stateHeader = HTTPField.Name("RateLimit")!

    private let limiter: any RateLimiter
    private let store: any GatewayStore
    private let logger: Logger
    /// Client limits, read at most every 10 s per client.
    private let limits = ExpiringCache<String, ClientLimits>(ttl: .seconds(10))

    init(limiter: any RateLimiter, store: any GatewayStore, logger: Logger) {
        self.limiter = limiter
        self.store = store
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
        var taken = [try await take("api", key: "api:client:" + identity.clientID, perMinute: perMinute)]
        if identity.actor.hasPrefix("key:") { taken.append(try await take("api_key", key: "api:" + identity.actor, perMinute: perMinute)) }
        return taken
    }

    /// Takes one send for the client.
    func admitSend(clientID: String) async throws -> Taken {
        try await take("sends", key: "sends:client:" + clientID, perMinute: await limits(of: clientID).sendsPerMinute)
    }

    /// The headers for the buckets taken (draft-ietf-httpapi-ratelimit-headers: `"name";q=limit;w=60` and
    /// `"name";r=remaining;t=seconds until full`).
    static func headers(_ taken: [Taken]) -> HTTPFields {
        var headers = HTTPFields()
        guard !taken.isEmpty else { return headers }
        headers[policyHeader] = taken.map { #""\#($0.name)";q=\#($0.perMinute);w=60"# }.joined(separator: ", ")
        headers[stateHeader] =
            taken.map { #""\#($0.name)";r=\#($0.decision.remaining);t=\#(Int($0.decision.reset.timeInterval.rounded(.up)))"# }.joined(separator: ", ")
        return headers
    }

    private func take(_ name: String, key: String, perMinute: Int) async throws -> Taken {
        let decision: RateDecision
        do {
            decision = try await limiter.take(key: key, perMinute: perMinute)
        } catch {
            logger.warning("API limit not checked", metadata: ["error.message": "\(error)"])
            return Taken(name: name, perMinute: perMinute, decision: RateDecision(wait: nil, remaining: perMinute, reset: .zero))
        }
        let taken = Taken(name: name, perMinute: perMinute, decision: decision)
        if let wait = decision.wait {
            throw GatewayError(
                .tooManyRequests, .rateLimitExceeded, "over the \(name) limit of \(perMinute) a minute", details: ["limit": .string(name)],
                retryAfter: wait, headers: Self.headers([taken]))
        }
        return taken
    }

    private func limits(of clientID: String) async -> ClientLimits {
        await limits.value(for: clientID) { ((try? await store.clientLimits(clientID: clientID)) ?? nil) ?? ClientLimits() }
    }
}
