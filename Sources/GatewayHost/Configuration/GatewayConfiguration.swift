import Foundation

/// Every setting of the gateway, with its default. The one place that lists the environment keys:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `GATEWAY_HOST` | `127.0.0.1` | address the HTTP server binds |
/// | `GATEWAY_PORT` | `8080` | port the HTTP server binds |
/// | `GATEWAY_PLUGIN_DIRS` | `./plugins:<directory of the gateway binary>` | `:`-separated directories of provider `.so` files |
/// | `GATEWAY_PLUGIN_GRACE_MS` | `2000` | how long a plugin call may overrun its deadline before the plugin is quarantined |
public struct GatewayConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var pluginDirectories: [String]
    public var pluginGraceMs: UInt64

    public init(host: String = "127.0.0.1", port: Int = 8080, pluginDirectories: [String], pluginGraceMs: UInt64 = 2_000) {
        self.host = host
        self.port = port
        self.pluginDirectories = pluginDirectories
        self.pluginGraceMs = pluginGraceMs
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
        if let grace = environment["GATEWAY_PLUGIN_GRACE_MS"] {
            guard let value = UInt64(grace) else { throw ConfigurationError(key: "GATEWAY_PLUGIN_GRACE_MS", value: grace) }
            configuration.pluginGraceMs = value
        }
        return configuration
    }

    /// Where the running binary lives: SwiftPM puts the plugin products (`lib*.so`) beside it.
    public static var executableDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }
}

/// A configuration value that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let key: String
    public let value: String

    public var description: String { "\(key)=\(value) is not a valid value" }
}
