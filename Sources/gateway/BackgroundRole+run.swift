import ArgumentParser
import GatewayHost
import Logging
import ServiceLifecycle

extension BackgroundRole {
    /// Runs the role until SIGTERM; a failure to start is logged and exits 1.
    func run(_ configuration: GatewayConfiguration) async throws {
        let logger = GatewayLogging.bootstrap(label: "gateway-\(rawValue)")
        do {
            try await buildBackground(self, configuration: configuration, logger: logger).run()
        } catch let error as any CustomStringConvertible & Error {
            logger.critical("cannot start", metadata: ["error.message": "\(error.description)"])
            throw ExitCode.failure
        }
    }
}
