import HTTPTypes
import Hummingbird

/// `GET /health`: whether the gateway and its parts are up: 200 when the store and the queue answer, 503 when either
/// does not; plugins that are quarantined or restarting, and integrations whose stored credentials cannot be read,
/// show as `degraded`, with the reason. It never touches a plugin, and never waits on the store or queue past its
/// budget, so it stays prompt whatever hangs.
struct HealthController {
    let runtime: GatewayRuntime
    let routes: RouteTable

    struct Health: ResponseEncodable {
        /// The store's or the queue's state.
        struct Backend: Encodable {
            let status: String
            let backend: String
        }

        struct Plugins: Encodable {
            struct Quarantined: Encodable {
                let id: String
                let reason: String
            }

            /// `up`, or `degraded` when a plugin is quarantined or restarting.
            let status: String
            let loaded: Int
            let refused: Int
            let quarantined: [Quarantined]
        }

        /// Stored credentials: `ok`, or `degraded` with how many integrations cannot be read (`gateway keys check`
        /// says which).
        struct Credentials: Encodable {
            let status: String
            let unreadable: Int
        }

        let status: String
        let store: Backend
        let queue: Backend
        let plugins: Plugins
        let credentials: Credentials
    }

    /// How long the store or the queue may take to answer before it counts as down.
    static let pingTimeout: Duration = .seconds(2)

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get(
            "/health", summary: "Whether the gateway and its parts are up (503 when the store or queue is down)", response: "Health", access: .public,
            on: router
        ) {
            _, _ in
            let (store, queue, registry) = (runtime.core.store, runtime.backend.queue, runtime.registry)
            async let storeUp = Self.answers { try await store.ping() }
            async let queueUp = Self.answers { try await queue.ping() }
            let (storeIsUp, queueIsUp) = await (storeUp, queueUp)
            let states = registry.plugins.map { (id: $0.manifest.id, health: $0.health) }
            let unreadable = runtime.core.credentials.unreadableCount
            let quarantined = states.filter { $0.health.state == .quarantined }.map {
                Health.Plugins.Quarantined(id: $0.id, reason: $0.health.reason ?? "")
            }
            let health = Health(
                status: storeIsUp && queueIsUp ? "ok" : "down",
                store: Health.Backend(status: storeIsUp ? "up" : "down", backend: store.backendName),
                queue: Health.Backend(status: queueIsUp ? "up" : "down", backend: queue.backendName),
                plugins: Health.Plugins(
                    status: states.allSatisfy { $0.health.state == .ready } ? "up" : "degraded", loaded: states.count,
                    refused: registry.loadErrors.count,
                    quarantined: quarantined
                ),
                credentials: Health.Credentials(status: unreadable == 0 ? "ok" : "degraded", unreadable: unreadable)
            )
            return EncodedResponse(status: storeIsUp && queueIsUp ? .ok : .serviceUnavailable, body: health)
        }
    }

    /// Whether `ping` succeeds within the timeout. The ping is not awaited past it: a store stuck behind a network
    /// partition must not hold `/health` up with it.
    private static func answers(_ ping: @escaping @Sendable () async throws -> Void) async -> Bool {
        let verdict = Eventual<Bool>()
        Task { verdict.fulfil((try? await ping()) != nil) }
        return await verdict.wait(untilMs: HostClock.nowMs() + UInt64(pingTimeout.milliseconds)) ?? false
    }
}
