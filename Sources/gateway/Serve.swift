import ArgumentParser
import GatewayHost
import Logging
import ServiceLifecycle

/// `gateway serve`: the HTTP API, with the store, plugin loading and the directory watcher.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Run the gateway server and its delivery workers (GATEWAY_HOST, GATEWAY_PORT, GATEWAY_PLUGIN_DIRS, DATABASE_URL, REDIS_URL, GATEWAY_WORKERS)."
    )

    @Option(help: "Address to bind (overrides GATEWAY_HOST).") var host: String?
    @Option(help: "Port to bind (overrides GATEWAY_PORT).") var port: Int?
    @OptionGroup var settings: ConfigurationOptions

    func run() async throws {
        let configuration = try await settings.load(flags: ["GATEWAY_HOST": host, "GATEWAY_PORT": port.map(String.init)])
        let logger = GatewayLogging.bootstrap(label: "gateway")
        logger.info("starting", metadata: ["plugin.dirs": "\(configuration.pluginDirectories.joined(separator: ":"))"])
        do {
            let app = try await buildApplication(configuration: configuration, logger: logger)
            try await ProcessStop.serviceGroup([NamedService("http", app)], delivery: configuration.delivery, logger: logger).run()
        } catch let error as any CustomStringConvertible & Error {
            logger.critical("cannot start", metadata: ["error.message": "\(error.description)"])
            throw ExitCode.failure
        }
    }
}
