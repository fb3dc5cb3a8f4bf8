import ArgumentParser
import GatewayHost

/// `gateway worker`: delivers queued messages without serving the API.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver queued messages without the HTTP API (DATABASE_URL, REDIS_URL, GATEWAY_WORKERS).")

    @Option(help: "Jobs delivered at once (overrides GATEWAY_WORKERS).") var concurrency: Int?

    func run() async throws {
        var configuration = try GatewayConfiguration.fromEnvironment()
        if let concurrency {
            guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
            configuration.delivery.concurrency = concurrency
        }
        guard configuration.delivery.concurrency > 0 else { throw ValidationError("GATEWAY_WORKERS is 0: a worker needs at least 1") }
        try await BackgroundRole.worker.run(configuration)
    }
}
