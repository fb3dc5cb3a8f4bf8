import Foundation

/// Every setting of the gateway, with its default; `ConfigurationKey.all` lists the keys they are read from (flags,
/// the environment, a file). With `DATABASE_URL` set, the encryption key and JWT secret must be configured: several
/// processes share them.
public struct GatewayConfiguration: Sendable {
    /// The time received webhooks and connection tests are stamped with (tests move their own).
    package var clock = WallClock.system
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
    /// The gateway's URL as providers reach it, when a proxy stands in front of it.
    public var publicURL: PublicURL?

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
        if let text = environment["GATEWAY_PUBLIC_URL"], !text.isEmpty {
            guard let url = PublicURL(text) else { throw ConfigurationError(key: "GATEWAY_PUBLIC_URL", value: text) }
            configuration.publicURL = url
        }
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

    public var description: String {
        guard !value.isEmpty else { return "\(key): \(reason ?? "is not valid")" }
        return "\(key)=\(value) is not a valid value" + (reason.map { ": \($0)" } ?? "")
    }
}
