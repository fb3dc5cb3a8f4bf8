import ArgumentParser
import GatewayHost

/// `gateway worker`: delivers queued messages without serving the API.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Deliver queued messages without the HTTP API (DATABASE_URL, REDIS_URL, GATEWAY_WORKERS).")

    @Option(help: "Jobs delivered at once (overrides GATEWAY_WORKERS).") var concurrency: Int?
    @OptionGroup var settings: ConfigurationOptions

    func run() async throws {
        if let concurrency, concurrency <= 0 { throw ValidationError("--concurrency must be at least 1") }
        let configuration = try await settings.load(flags: ["GATEWAY_WORKERS": concurrency.map(String.init)])
        guard configuration.delivery.concurrency > 0 else { throw ValidationError("GATEWAY_WORKERS is 0: a worker needs at least 1") }
        try await BackgroundRole.worker.run(configuration)
    }
}
