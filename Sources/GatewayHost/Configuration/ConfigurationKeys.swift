/// Every configuration key of the gateway: the one place that lists them. Each is read from flags, the environment
/// and an optional file (`--config gateway.json|yaml`), in that order of precedence. In the environment it is the
/// name below; in a file it is the same words as a path, the first word a group and the rest camelCase:
/// `GATEWAY_DB_TIMEOUT_MS` is `{"gateway": {"dbTimeoutMs": 15000}}`, `DATABASE_URL` is `{"database": {"url": ...}}`.
/// A list may be a string with its separator or, in a file, an array.
package struct ConfigurationKey: Sendable {
    /// The environment variable: `GATEWAY_PORT`.
    package let name: String
    package let defaultValue: String
    package let meaning: String
    /// Shown masked by `gateway config check`.
    package var secret = false
    /// What joins a list's items (`,` or `:`), if the value is a list.
    package var separator: String?

    /// The key in a file: `gateway.dbTimeoutMs`.
    package var path: String {
        let words = name.lowercased().split(separator: "_").map(String.init)
        let rest = words.dropFirst(2).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return words[0] + "." + words[1] + rest.joined()
    }

    package static let all: [ConfigurationKey] = [
        .init(name: "GATEWAY_HOST", defaultValue: "127.0.0.1", meaning: "address the HTTP server binds"),
        .init(name: "GATEWAY_PORT", defaultValue: "8080", meaning: "port the HTTP server binds"),
        .init(
            name: "GATEWAY_PUBLIC_URL", defaultValue: "",
            meaning: "the gateway's URL as providers reach it (behind a proxy); signed webhooks (Twilio) are checked against it"),
        .init(
            name: "GATEWAY_PLUGIN_DIRS", defaultValue: "./plugins:<directory of the gateway binary>", meaning: "directories of provider .so files",
            separator: ":"),
        .init(
            name: "GATEWAY_PLUGIN_ISOLATION", defaultValue: "process",
            meaning: "process: each plugin in a provider process of its own; in-process: in the host's"),
        .init(
            name: "GATEWAY_PLUGINS_IN_PROCESS", defaultValue: "", meaning: "provider ids loaded in-process whatever the isolation", separator: ","),
        .init(
            name: "GATEWAY_PLUGIN_GRACE_MS", defaultValue: "2000",
            meaning: "how long a call may overrun its deadline before its provider process is killed (in-process: the plugin quarantined)"),
        .init(name: "GATEWAY_PLUGIN_MEMORY_MB", defaultValue: "512", meaning: "address-space cap of each provider process"),
        .init(name: "GATEWAY_PLUGIN_MAX_IN_FLIGHT", defaultValue: "32", meaning: "calls in flight at once per plugin"),
        .init(name: "GATEWAY_PLUGIN_CLIENT_IN_FLIGHT", defaultValue: "8", meaning: "of those, at most this many for one client"),
        .init(
            name: "GATEWAY_PLUGIN_MAX_OUTPUT_MB", defaultValue: "8",
            meaning: "largest output a plugin call may return (larger: INTERNAL \"output too large\")"),
        .init(name: "GATEWAY_PLUGIN_DEATH_LIMIT", defaultValue: "5", meaning: "provider process deaths within the window that quarantine a plugin"),
        .init(name: "GATEWAY_PLUGIN_DEATH_WINDOW_MINUTES", defaultValue: "10", meaning: "that window"),
        .init(
            name: "GATEWAY_PLUGIN_IDLE_EXIT_SECONDS", defaultValue: "600",
            meaning: "a provider process with no call for this long exits, and starts again on the next call (0: never)"),
        .init(
            name: "GATEWAY_ALLOWED_NETWORKS", defaultValue: "", meaning: "CIDRs plugins may reach although private, loopback or link-local",
            separator: ","),
        .init(name: "GATEWAY_DATA_DIR", defaultValue: "./data", meaning: "the embedded database, and generated key files when no key is configured"),
        .init(name: "DATABASE_URL", defaultValue: "", meaning: "PostgreSQL connection URL (unset: SQLite in the data dir)", secret: true),
        .init(name: "GATEWAY_DB_CONNECTIONS", defaultValue: "4", meaning: "PostgreSQL connections (and store threads) per process"),
        .init(
            name: "GATEWAY_DB_TIMEOUT_MS", defaultValue: "15000",
            meaning: "how long a PostgreSQL statement may wait for its answer before its connection is dropped"),
        .init(name: "GATEWAY_ENCRYPTION_KEY", defaultValue: "", meaning: "base64 of the 32-byte key that seals credentials", secret: true),
        .init(
            name: "GATEWAY_ENCRYPTION_OLD_KEYS", defaultValue: "", meaning: "earlier keys, readable until `gateway keys rotate` has run",
            secret: true, separator: ","),
        .init(
            name: "GATEWAY_ENCRYPTION_KEY_FILE", defaultValue: "<data dir>/encryption.key (embedded only)",
            meaning: "key file, generated with mode 0600 on an embedded install"),
        .init(
            name: "GATEWAY_JWT_SECRET", defaultValue: "<data dir>/jwt.secret (embedded only)",
            meaning: "HS256 secret for bearer tokens, at least 32 characters", secret: true),
        .init(name: "GATEWAY_TOKEN_TTL", defaultValue: "1800", meaning: "lifetime of issued tokens, in seconds"),
        .init(
            name: "REDIS_URL", defaultValue: "", meaning: "redis://[:password@]host[:port][/db]: the queue and pacing in Redis (unset: in the store)",
            secret: true),
        .init(name: "GATEWAY_REDIS_PREFIX", defaultValue: "gateway:", meaning: "prefix of every Redis key the gateway writes"),
        .init(name: "GATEWAY_WORKERS", defaultValue: "16", meaning: "jobs delivered at once per process; 0 runs no workers in serve"),
        .init(name: "GATEWAY_SEND_TIMEOUT_MS", defaultValue: "30000", meaning: "deadline of each provider call"),
        .init(name: "GATEWAY_QUEUE_LEASE_MS", defaultValue: "60000", meaning: "how long a claimed job stays a worker's before it is delivered again"),
        .init(
            name: "GATEWAY_SHUTDOWN_GRACE_MS", defaultValue: "20000",
            meaning: "on SIGTERM, how long in-flight sends may take before their jobs are handed back"),
        .init(
            name: "GATEWAY_RETRY_BACKOFF_MS", defaultValue: "1000,5000,25000", meaning: "waits before each retry (their count is the number of retries)",
            separator: ","),
        .init(name: "GATEWAY_CIRCUIT_FAILURES", defaultValue: "5", meaning: "consecutive failures that open an integration's circuit"),
        .init(name: "GATEWAY_CIRCUIT_OPEN_MS", defaultValue: "60000", meaning: "how long an open circuit holds jobs back before one probe"),
        .init(
            name: "GATEWAY_FAILOVER_AFTER_ATTEMPTS", defaultValue: "2",
            meaning: "a message whose provider failed (retryable) this many times through one integration moves to its next fallback"),
        .init(
            name: "GATEWAY_RETENTION_SENT_DAYS", defaultValue: "30",
            meaning: "sent messages (their status; content is dropped once sent) are purged after this"),
        .init(
            name: "GATEWAY_RETENTION_IDEMPOTENCY_DAYS", defaultValue: "1", meaning: "idempotency keys are purged this long after their 24 hours end"),
        .init(
            name: "GATEWAY_RETENTION_DEAD_DAYS", defaultValue: "30",
            meaning: "failed and dead messages (replayable, with content) are purged after this"),
        .init(
            name: "GATEWAY_RETENTION_EVENT_DAYS", defaultValue: "90",
            meaning: "the event log (and the webhook dedup keys it holds; at least 7) is purged after this"),
        .init(
            name: "GATEWAY_SCHEDULER", defaultValue: "on",
            meaning: "off runs no trigger scheduler in serve and worker (a `gateway scheduler` process runs it)"),
        .init(
            name: "GATEWAY_SCHEDULER_INTERVAL_MS", defaultValue: "1000",
            meaning: "how often the scheduler looks for due timers, new events and schedule minutes"),
        .init(
            name: "GATEWAY_TRIGGER_CLAIM_MS", defaultValue: "60000",
            meaning: "how long a claimed trigger timer stays its process's before another may fire it"),
        .init(
            name: "GATEWAY_MCP_ALLOWED_ORIGINS", defaultValue: "(loopback origins only)",
            meaning: "browser origins that may call /mcp (*: any); requests without Origin always may", separator: ","),
    ]
}
