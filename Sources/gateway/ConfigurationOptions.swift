import ArgumentParser
import GatewayHost

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "A JSON or YAML configuration file; flags and the environment take precedence over it.")
    var file: String?

    /// The configuration from `flags` (by environment name), the environment and the file.
    func load(flags: [String: String?] = [:]) async throws -> GatewayConfiguration {
        try await ConfigurationSources(flags: flags.compactMapValues { $0 }, file: file).configuration()
    }
}
