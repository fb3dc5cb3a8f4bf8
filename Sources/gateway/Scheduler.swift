import ArgumentParser
import GatewayHost

/// `gateway scheduler`: runs the trigger scheduler alone (no API, no delivery), for deployments that set
/// `GATEWAY_SCHEDULER=off` on their servers and workers.
struct Scheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Fire triggers without the HTTP API or delivery (DATABASE_URL, REDIS_URL, GATEWAY_SCHEDULER_INTERVAL_MS, GATEWAY_TRIGGER_CLAIM_MS)."
    )

    @OptionGroup var settings: ConfigurationOptions


    func run() async throws {
        try await BackgroundRole.scheduler.run(try await settings.load())
    }
}
