public import Logging
public import ServiceLifecycle
import UnixSignals

/// How every gateway process stops on SIGTERM or SIGINT: gracefully for the workers' grace (in-flight sends finish or
/// are handed back) plus a margin; then its tasks are cancelled; and should something still not end a margin later
/// (work that ignores cancellation), ServiceLifecycle ends the process, abandoning it. So a stop completes in bounded
/// time whatever a tenant's data makes the gateway do.
public enum ProcessStop {
    /// What each stage may add: requests in flight and the stores' closing take far less.
    public static let margin: Duration = .seconds(5)

    public static func serviceGroup(_ services: [NamedService], delivery: DeliverySettings, logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = delivery.shutdownGrace + margin
        configuration.maximumCancellationDuration = margin
        return ServiceGroup(configuration: configuration)
    }
}
