import Hummingbird

/// `GET /api/plugins`: the loaded providers with their manifests and state; to admins also where each file is, its
/// provider process, and the files that were refused. `POST /api/plugins/{id}/reset` (admins): lifts a quarantine.
struct PluginsController {
    let registry: PluginRegistry
    let routes: RouteTable

    struct PluginList: ResponseEncodable {
        struct Plugin: Encodable {
            let manifest: PluginManifest
            /// `ready`, `idle` (no provider process until a call needs one), `restarting` or `quarantined`, and why.
            let state: String
            let reason: String?
            let isolation: String
            /// Admins only.
            let path: String?
            let process_id: Int32?
            let restarts: Int?
        }

        struct LoadError: Encodable {
            let path: String
            let code: String
            let message: String
        }

        let plugins: [Plugin]
        /// Admins only.
        let errors: [LoadError]?
    }

    struct PluginReset: ResponseEncodable {
        var success = true
        let id: String
        let state: String
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get(
            "/api/plugins", summary: "Loaded providers with their manifests and state; to admins also paths, processes and refused files",
            response: "PluginList", access: .tenant, on: router
        ) {
            _, context in
            let admin = try context.caller().role == .admin
            return PluginList(
                plugins: registry.plugins.map { plugin in
                    let health = plugin.health
                    return .init(
                        manifest: plugin.manifest, state: health.state.rawValue, reason: health.reason, isolation: plugin.isolation.rawValue,
                        path: admin ? plugin.path : nil, process_id: admin ? health.processID : nil, restarts: admin ? health.restarts : nil
                    )
                },
                errors: admin ? registry.loadErrors.map { .init(path: $0.path, code: $0.code.description, message: $0.description) } : nil
            )
        }
        routes.add(
            .post, "/api/plugins/{id}/reset", summary: "Lift a plugin's quarantine (its provider process starts again)", response: "PluginReset",
            access: .admin, on: router
        ) {
            _, context in
            let id = try context.parameters.require("id")
            guard let plugin = registry.plugin(id: id) else { throw GatewayError(.notFound, .notFound, "no plugin with that id is loaded") }
            guard plugin.reset() else {
                throw GatewayError(.conflict, .conflict, "an in-process plugin leaves quarantine by itself once its overrunning calls return")
            }
            return PluginReset(id: id, state: plugin.health.state.rawValue)
        }
    }
}
