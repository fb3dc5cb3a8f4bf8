import Hummingbird

/// `GET /api/plugins`: the loaded providers with their manifests, and the files that were refused with why.
struct PluginsController {
    let registry: PluginRegistry
    let routes: RouteTable

    struct PluginList: ResponseEncodable {
        struct Plugin: Encodable {
            let manifest: PluginManifest
            let path: String
            let state: String
        }

        struct LoadError: Encodable {
            let path: String
            let code: String
            let message: String
        }

        let plugins: [Plugin]
        let errors: [LoadError]
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get("/api/plugins", summary: "Loaded providers with their manifests, and refused plugin files", response: "PluginList", access: .tenant, on: router) { _, _ in
            PluginList(
                plugins: registry.plugins.map { .init(manifest: $0.manifest, path: $0.path, state: $0.isQuarantined ? "quarantined" : "ready") },
                errors: registry.loadErrors.map { .init(path: $0.path, code: $0.code.description, message: $0.description) }
            )
        }
    }
}
