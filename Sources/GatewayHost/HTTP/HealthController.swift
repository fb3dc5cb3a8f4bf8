import Hummingbird

/// `GET /health`: whether the gateway and its parts are up. Answers without touching any plugin, so it stays prompt
/// while a plugin call hangs.
struct HealthController {
    let registry: PluginRegistry
    let routes: RouteTable

    struct Health: ResponseEncodable {
        struct Plugins: Encodable {
            let status: String
            let loaded: Int
            let refused: Int
            let quarantined: [String]
        }

        let status: String
        let plugins: Plugins
    }

    func addRoutes(to router: Router<some RequestContext>) {
        routes.get("/health", summary: "Whether the gateway and its parts are up", response: "Health", on: router) { _, _ in
            let plugins = registry.plugins
            return Health(
                status: "ok",
                plugins: Health.Plugins(
                    status: "up", loaded: plugins.count, refused: registry.loadErrors.count,
                    quarantined: plugins.filter(\.isQuarantined).map(\.manifest.id)
                )
            )
        }
    }
}
