import Foundation
import HTTPTypes
import Hummingbird

/// `GET /health` in the seed's shape: `status` `healthy`, `degraded` (a plugin quarantined or restarting, unreadable
/// credentials, a stalled scheduler) or `unhealthy` (the database or the queue does not answer: 503), each service
/// with its state, and the probes' age. The store and queue are probed in the background and waited on for at most
/// `budget`, so it answers promptly whatever hangs; it never touches a plugin. `/health/live` and `/health/ready` are
/// for process supervisors; `/health/integrations` counts integrations per type for admins.
struct HealthController {
    let runtime: GatewayRuntime
    let routes: RouteTable
    let store: HealthProbe
    let queue: HealthProbe

    init(runtime: GatewayRuntime, routes: RouteTable) {
        self.runtime = runtime
        self.routes = routes
        store = HealthProbe { [store = runtime.core.store] in try await store.ping() }
        queue = HealthProbe { [queue = runtime.backend.queue] in try await queue.ping() }
    }

    /// How long a request waits for a probe that is under way before it answers with the last reading.
    static let budget: Duration = .milliseconds(150)
    /// A scheduler whose loop has not come round for this long is stalled.
    static let stalledAfter: Duration = .seconds(30)

    struct Health: ResponseEncodable {
        /// A probed dependency.
        struct Probed: Encodable {
            let status: String
            let backend: String
            let age_ms: Int64?
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

        struct Workers: Encodable {
            /// `running`, or `off` in a process that delivers nothing (`GATEWAY_WORKERS=0`).
            let status: String
            let concurrency: Int
        }

        struct Scheduler: Encodable {
            /// `running`, `starting` (no tick yet), `stalled` or `off` (`GATEWAY_SCHEDULER=off`).
            let status: String
            let last_tick_ms_ago: Int64?
        }

        struct Services: Encodable {
            let database: Probed
            /// The queue when it lives in Redis; `not_configured` when it lives in the database.
            let redis: Probed
            let workers: Workers
            let scheduler: Scheduler
            let plugins: Plugins
        }

        /// Stored credentials: `ok`, or `degraded` with how many integrations cannot be read (`gateway keys check`
        /// says which).
        struct Credentials: Encodable {
            let status: String
            let unreadable: Int
        }

        let status: String
        let services: Services
        let timestamp: String
        let store: Probed
        let queue: Probed
        let plugins: Plugins
        let credentials: Credentials
    }

    struct Liveness: ResponseEncodable {
        let status: String
    }

    /// Per integration type: how many clients configured one, how many are connected, how many are in error.
    struct IntegrationCounts: ResponseEncodable {
        struct Counts: Encodable {
            var configured_clients = 0
            var connected = 0
            var errors = 0
        }

        var success = true
        let integrations: [String: Counts]
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get(
            "/health", summary: "healthy, degraded or unhealthy (503), with each service's state and the probes' age", response: "Health",
            access: .public, on: router
        ) { _, _ in
            let health = await health()
            return EncodedResponse(status: health.status == "unhealthy" ? .serviceUnavailable : .ok, body: health)
        }
        routes.get("/health/live", summary: "The process answers (for supervisors)", response: "Liveness", access: .public, on: router) { _, _ in
            Liveness(status: "alive")
        }
        routes.get(
            "/health/ready", summary: "The database and queue answer, so requests can be served (503 when not)", response: "Liveness",
            access: .public,
            on: router
        ) { _, _ in
            async let storeReading = store.read(waiting: Self.budget)
            async let queueReading = queue.read(waiting: Self.budget)
            let (storeState, queueState) = await (storeReading, queueReading)
            let ready = storeState.up && queueState.up
            return EncodedResponse(status: ready ? .ok : .serviceUnavailable, body: Liveness(status: ready ? "ready" : "not_ready"))
        }
    }

    /// `/health/integrations`, for admins: only where the server authenticates (not on a worker's monitoring port).
    func addIntegrationCounts(to router: Router<GatewayRequestContext>) {
        routes.get(
            "/health/integrations", summary: "Per integration type: clients configured, connected, in error (counts only)",
            response: "IntegrationCounts",
            access: .admin, on: router
        ) { _, _ in
            var counts: [String: IntegrationCounts.Counts] = [:]
            for record in try await runtime.core.store.allIntegrations() where record.type != .agent && record.role == .primary {
                let type = IntegrationView.seedType(of: record)
                counts[type, default: .init()].configured_clients += 1
                if record.status == IntegrationStatus.connected { counts[type, default: .init()].connected += 1 }
                if record.status == IntegrationStatus.error { counts[type, default: .init()].errors += 1 }
            }
            return IntegrationCounts(integrations: counts)
        }
    }

    private func health() async -> Health {
        async let storeReading = store.read(waiting: Self.budget)
        async let queueReading = queue.read(waiting: Self.budget)
        let (storeState, queueState) = await (storeReading, queueReading)
        let registry = runtime.registry
        let states = registry.plugins.map { (id: $0.manifest.id, health: $0.health) }
        let quarantined = states.filter { $0.health.state == .quarantined }.map {
            Health.Plugins.Quarantined(id: $0.id, reason: $0.health.reason ?? "")
        }
        let plugins = Health.Plugins(
            status: states.allSatisfy { $0.health.isUp } ? "up" : "degraded", loaded: states.count, refused: registry.loadErrors.count,
            quarantined: quarantined
        )
        let unreadable = runtime.core.credentials.unreadableCount
        let credentials = Health.Credentials(status: unreadable == 0 ? "ok" : "degraded", unreadable: unreadable)
        let database = Health.Probed(status: storeState.up ? "up" : "down", backend: runtime.core.store.backendName, age_ms: storeState.ageMs)
        let queue = Health.Probed(status: queueState.up ? "up" : "down", backend: runtime.backend.queue.backendName, age_ms: queueState.ageMs)
        let redis = runtime.configuration.redisURL == nil ? Health.Probed(status: "not_configured", backend: "redis", age_ms: nil) : queue
        let scheduler = schedulerState()
        let status =
            !(storeState.up && queueState.up)
            ? "unhealthy" : plugins.status == "up" && credentials.status == "ok" && scheduler.status != "stalled" ? "healthy" : "degraded"
        let concurrency = runtime.configuration.delivery.concurrency
        return Health(
            status: status,
            services: Health.Services(
                database: database, redis: redis, workers: Health.Workers(status: concurrency > 0 ? "running" : "off", concurrency: concurrency),
                scheduler: scheduler, plugins: plugins
            ),
            timestamp: Date().formatted(.iso8601), store: database, queue: queue, plugins: plugins, credentials: credentials
        )
    }

    private func schedulerState() -> Health.Scheduler {
        guard runtime.configuration.scheduler.enabled else { return Health.Scheduler(status: "off", last_tick_ms_ago: nil) }
        guard let age = runtime.scheduler.heartbeat.age else { return Health.Scheduler(status: "starting", last_tick_ms_ago: nil) }
        return Health.Scheduler(status: age > Self.stalledAfter ? "stalled" : "running", last_tick_ms_ago: age.milliseconds)
    }
}
