import ArgumentParser
import GatewayHost
import Logging
import ServiceLifecycle

/// `gateway scheduler`: runs the trigger scheduler alone (no API, no delivery), for deployments that set
/// `GATEWAY_SCHEDULER=off` on their servers and workers.
struct Scheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fire triggers without the HTTP API or delivery (DATABASE_URL, REDIS_URL, GATEWAY_SCHEDULER_INTERVAL_MS, GATEWAY_TRIGGER_CLAIM_MS)."
    )

    func run() async throws {
        let configuration = try GatewayConfiguration.fromEnvironment()
        let logger = GatewayLogging.bootstrap(label: "gateway-scheduler")
        do {
            try await buildBackground(.scheduler, configuration: configuration, logger: logger).run()
        } catch let error as any CustomStringConvertible & Error {
            logger.critical("cannot start", metadata: ["error.message": "\(error.description)"])
            throw ExitCode.failure
        }
    }
}
