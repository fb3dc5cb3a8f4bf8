import HTTPTypes
import Hummingbird

/// `GET /health`: whether the gateway and its parts are up: 200 when the store and the queue answer, 503 when either
/// does not. Never touches a plugin, so it stays prompt while a plugin call hangs.
struct HealthController {
    let registry: PluginRegistry
    let store: any GatewayStore
    let queue: any JobQueue
    let routes: RouteTable

    struct Health: ResponseEncodable {
        /// The store's or the queue's state.
        struct Backend: Encodable {
            let status: String
            let backend: String
        }

        struct Plugins: Encodable {
            let status: String
            let loaded: Int
            let refused: Int
            let quarantined: [String]
        }

        let status: String
        let store: Backend
        let queue: Backend
        let plugins: Plugins
    }

    /// How long the store or the queue may take to answer before it counts as down.
    static let pingTimeout: Duration = .seconds(2)

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get("/health", summary: "Whether the gateway and its parts are up (503 when the store or queue is down)", response: "Health", access: .public, on: router) {
            _, _ in
            async let storeUp = Self.answers { try await store.ping() }
            async let queueUp = Self.answers { try await queue.ping() }
            let (storeIsUp, queueIsUp) = await (storeUp, queueUp)
            let plugins = registry.plugins
            let health = Health(
                status: storeIsUp && queueIsUp ? "ok" : "down",
                store: Health.Backend(status: storeIsUp ? "up" : "down", backend: store.backendName),
                queue: Health.Backend(status: queueIsUp ? "up" : "down", backend: queue.backendName),
                plugins: Health.Plugins(
                    status: "up", loaded: plugins.count, refused: registry.loadErrors.count,
                    quarantined: plugins.filter(\.isQuarantined).map(\.manifest.id)
                )
            )
            return EncodedResponse(status: storeIsUp && queueIsUp ? .ok : .serviceUnavailable, body: health)
        }
    }

    /// Whether `ping` succeeds within the timeout.
    private static func answers(_ ping: @escaping @Sendable () async throws -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: pingTimeout)
                return false
            }
            let answer = await group.next() ?? false
            group.cancelAll()
            return answer
        }
    }
}
