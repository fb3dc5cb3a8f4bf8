public import Logging

/// `gateway keys check`: which stored credentials the configured keys cannot open, and why.
public enum KeyCheck {
    public struct Report: Sendable {
        public let integrations: Int
        /// `<integration id>\t<client id>\t<reason>`, one per unreadable integration.
        public let unreadable: [String]
    }

    public static func run(_ configuration: GatewayConfiguration, logger: Logger) async throws -> Report {
        try await GatewayCore.using(configuration, logger: logger) { core in
            Report(
                integrations: try await core.stores.integrations.allIntegrations().count,
                unreadable: core.unreadable.map { "\($0.integrationID)\t\($0.clientID)\t\($0.reason)" }
            )
        }
    }
}
