import HTTPTypes
import Hummingbird

/// `GET /health`: whether the gateway and its parts are up: 200 when the store answers, 503 when it does not. Never
/// touches a plugin, so it stays prompt while a plugin call hangs.
struct HealthController {
    let registry: PluginRegistry
    let store: any GatewayStore
    let routes: RouteTable

    struct Health: ResponseEncodable {
        struct Store: Encodable {
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
        let store: Store
        let plugins: Plugins
    }

    /// How long the store may take to answer before it counts as down.
    static let storeTimeout: Duration = .seconds(2)

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get("/health", summary: "Whether the gateway and its parts are up (503 when the store is down)", response: "Health", access: .public, on: router) {
            _, _ in
            let storeUp = await storeAnswers()
            let plugins = registry.plugins
            let health = Health(
                status: storeUp ? "ok" : "down",
                store: Health.Store(status: storeUp ? "up" : "down", backend: store.backendName),
                plugins: Health.Plugins(
                    status: "up", loaded: plugins.count, refused: registry.loadErrors.count,
                    quarantined: plugins.filter(\.isQuarantined).map(\.manifest.id)
                )
            )
            return EncodedResponse(status: storeUp ? .ok : .serviceUnavailable, body: health)
        }
    }

    private func storeAnswers() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await store.ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: Self.storeTimeout)
                return false
            }
            let answer = await group.next() ?? false
            group.cancelAll()
            return answer
        }
    }
}
