import Foundation

/// Every setting of the gateway, with its default. The one place that lists the environment keys:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `GATEWAY_HOST` | `127.0.0.1` | address the HTTP server binds |
/// | `GATEWAY_PORT` | `8080` | port the HTTP server binds |
/// | `GATEWAY_PLUGIN_DIRS` | `./plugins:<directory of the gateway binary>` | `:`-separated directories of provider `.so` files |
/// | `GATEWAY_PLUGIN_ISOLATION` | `process` | `process`: each plugin in a provider process of its own; `in-process`: in the host's |
/// | `GATEWAY_PLUGINS_IN_PROCESS` | (none) | `,`-separated provider ids loaded in-process whatever the isolation |
/// | `GATEWAY_PLUGIN_GRACE_MS` | `2000` | how long a call may overrun its deadline before its provider process is killed (in-process: the plugin quarantined) |
/// | `GATEWAY_PLUGIN_MEMORY_MB` | `512` | address-space cap of each provider process |
/// | `GATEWAY_PLUGIN_MAX_IN_FLIGHT` | `32` | calls in flight at once per plugin |
/// | `GATEWAY_PLUGIN_CLIENT_IN_FLIGHT` | `8` | of those, at most this many for one client |
/// | `GATEWAY_PLUGIN_MAX_OUTPUT_MB` | `8` | largest output a plugin call may return (larger: INTERNAL "output too large") |
/// | `GATEWAY_PLUGIN_DEATH_LIMIT` | `5` | provider process deaths within the window that quarantine a plugin |
/// | `GATEWAY_PLUGIN_DEATH_WINDOW_MINUTES` | `10` | that window |
/// | `GATEWAY_ALLOWED_NETWORKS` | (none) | `,`-separated CIDRs plugins may reach although private, loopback or link-local |
/// | `GATEWAY_DATA_DIR` | `./data` | the embedded database, and generated key files when no key is configured |
/// | `DATABASE_URL` | (unset: SQLite in the data dir) | PostgreSQL connection URL |
/// | `GATEWAY_DB_CONNECTIONS` | `4` | PostgreSQL connections (and store threads) per process |
/// | `GATEWAY_DB_TIMEOUT_MS` | `15000` | how long a PostgreSQL statement may wait for its answer before its connection is dropped |
/// | `GATEWAY_ENCRYPTION_KEY` | (unset) | base64 of the 32-byte key that seals credentials |
/// | `GATEWAY_ENCRYPTION_OLD_KEYS` | (unset) | `,`-separated earlier keys, readable until `gateway keys rotate` has run |
/// | `GATEWAY_ENCRYPTION_KEY_FILE` | `<data dir>/encryption.key` (embedded only) | key file, generated with mode 0600 on an embedded install |
/// | `GATEWAY_JWT_SECRET` | `<data dir>/jwt.secret` (embedded only) | HS256 secret for bearer tokens, at least 32 characters |
/// | `GATEWAY_TOKEN_TTL` | `1800` | lifetime of issued tokens, in seconds |
/// | `REDIS_URL` | (unset: the queue lives in the store) | `redis://[:password@]host[:port][/db]`: the queue and pacing in Redis |
/// | `GATEWAY_REDIS_PREFIX` | `gateway:` | prefix of every Redis key the gateway writes |
/// | `GATEWAY_WORKERS` | `16` | jobs delivered at once per process; `0` runs no workers in `serve` |
/// | `GATEWAY_SEND_TIMEOUT_MS` | `30000` | deadline of each provider call |
/// | `GATEWAY_QUEUE_LEASE_MS` | `60000` | how long a claimed job stays a worker's before it is delivered again |
/// | `GATEWAY_SHUTDOWN_GRACE_MS` | `20000` | on SIGTERM, how long in-flight sends may take before their jobs are handed back |
/// | `GATEWAY_RETRY_BACKOFF_MS` | `1000,5000,25000` | waits before each retry (their count is the number of retries) |
/// | `GATEWAY_CIRCUIT_FAILURES` | `5` | consecutive failures that open an integration's circuit |
/// | `GATEWAY_CIRCUIT_OPEN_MS` | `60000` | how long an open circuit holds jobs back before one probe |
/// | `GATEWAY_RETENTION_SENT_DAYS` | `30` | sent messages (their status; content is dropped once sent) are purged after this |
/// | `GATEWAY_RETENTION_IDEMPOTENCY_DAYS` | `1` | idempotency keys are purged this long after their 24 hours end |
/// | `GATEWAY_RETENTION_DEAD_DAYS` | `30` | failed and dead messages (replayable, with content) are purged after this |
/// | `GATEWAY_SCHEDULER` | `on` | `off` runs no trigger scheduler in `serve` and `worker` (a `gateway scheduler` process runs it) |
/// | `GATEWAY_SCHEDULER_INTERVAL_MS` | `1000` | how often the scheduler looks for due timers, new events and schedule minutes |
/// | `GATEWAY_TRIGGER_CLAIM_MS` | `60000` | how long a claimed trigger timer stays its process's before another may fire it |
/// | `GATEWAY_MCP_ALLOWED_ORIGINS` | (none: loopback origins only) | `,`-separated browser origins that may call `/mcp` (`*`: any); requests without `Origin` always may |
///
/// With `DATABASE_URL` set, the encryption key and JWT secret must be configured: several processes share them.
public struct GatewayConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var pluginDirectories: [String]
    public var plugins = PluginSettings()
    public var dataDirectory = "./data"
    public var databaseURL: String?
    public var databaseConnections = 4
    public var databaseTimeoutMs = 15_000
    public var encryptionKey: String?
    public var oldEncryptionKeys: [String] = []
    public var encryptionKeyFile: String?
    public var jwtSecret: String?
    public var tokenTTLSeconds = 1_800
    public var redisURL: String?
    public var redisPrefix = "gateway:"
    public var delivery = DeliverySettings()
    public var retention = RetentionSettings()
    public var scheduler = SchedulerSettings()
    public var mcpOrigins = MCPOriginPolicy()

    public init(host: String = "127.0.0.1", port: Int = 8080, pluginDirectories: [String]) {
        self.host = host
        self.port = port
        self.pluginDirectories = pluginDirectories
    }

    /// Reads the environment; a malformed value is an error naming its key, never silently the default.
    public static func fromEnvironment(
        _ environment: [String: String]? = nil, buildDirectory: String? = nil
    ) throws(ConfigurationError) -> GatewayConfiguration {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var configuration = GatewayConfiguration(pluginDirectories: ["./plugins", buildDirectory ?? executableDirectory])
        if let host = environment["GATEWAY_HOST"] { configuration.host = host }
        if let port = environment["GATEWAY_PORT"] {
            guard let value = Int(port), (0...65535).contains(value) else { throw ConfigurationError(key: "GATEWAY_PORT", value: port) }
            configuration.port = value
        }
        if let directories = environment["GATEWAY_PLUGIN_DIRS"] {
            configuration.pluginDirectories = directories.split(separator: ":").map(String.init)
        }
        try configuration.plugins.read(environment)
        if let directory = environment["GATEWAY_DATA_DIR"], !directory.isEmpty { configuration.dataDirectory = directory }
        configuration.databaseURL = environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let connections = environment["GATEWAY_DB_CONNECTIONS"] {
            guard let value = Int(connections), (1...64).contains(value) else { throw ConfigurationError(key: "GATEWAY_DB_CONNECTIONS", value: connections) }
            configuration.databaseConnections = value
        }
        if let value = try EnvironmentValue.integer("GATEWAY_DB_TIMEOUT_MS", environment, in: 1_000...600_000) { configuration.databaseTimeoutMs = value }
        configuration.encryptionKey = environment["GATEWAY_ENCRYPTION_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.oldEncryptionKeys = (environment["GATEWAY_ENCRYPTION_OLD_KEYS"] ?? "").split(separator: ",").map(String.init)
        configuration.encryptionKeyFile = environment["GATEWAY_ENCRYPTION_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.jwtSecret = environment["GATEWAY_JWT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        if let ttl = environment["GATEWAY_TOKEN_TTL"] {
            guard let value = Int(ttl), value > 0 else { throw ConfigurationError(key: "GATEWAY_TOKEN_TTL", value: ttl) }
            configuration.tokenTTLSeconds = value
        }
        configuration.redisURL = environment["REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let prefix = environment["GATEWAY_REDIS_PREFIX"] { configuration.redisPrefix = prefix }
        try configuration.delivery.read(environment)
        try configuration.retention.read(environment)
        try configuration.scheduler.read(environment)
        if let origins = environment["GATEWAY_MCP_ALLOWED_ORIGINS"] {
            configuration.mcpOrigins.allowed = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        // A lease must outlast a call and its grace, or a slow call's job goes to a second worker while it is in flight.
        let longestCall = configuration.delivery.sendTimeout + .milliseconds(configuration.plugins.graceMs)
        guard configuration.delivery.lease > longestCall else {
            throw ConfigurationError(
                key: "GATEWAY_QUEUE_LEASE_MS", value: "\(configuration.delivery.lease.milliseconds)",
                reason: "it must be longer than GATEWAY_SEND_TIMEOUT_MS plus GATEWAY_PLUGIN_GRACE_MS (\(longestCall.milliseconds) ms)"
            )
        }
        return configuration
    }

    /// Embedded mode: no external database, so this process alone owns `./data` and may generate its keys there.
    public var isEmbedded: Bool { databaseURL == nil }

    /// Where the running binary lives: SwiftPM puts the plugin products (`lib*.so`) beside it.
    public static var executableDirectory: String {
        URL(fileURLWithPath: PluginSettings.runningExecutable).deletingLastPathComponent().path
    }
}

/// A configuration value that cannot be used (never a secret's: those are checked where they are used).
public struct ConfigurationError: Error, CustomStringConvertible {
    public let key: String
    public let value: String
    /// Why, when the value is well-formed but does not fit.
    public var reason: String?

    public init(key: String, value: String, reason: String? = nil) {
        self.key = key
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(key)=\(value) is not a valid value" + (reason.map { ": \($0)" } ?? "") }
}
