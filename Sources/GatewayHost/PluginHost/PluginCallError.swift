/// Why the host did not make a plugin call at all.
public struct PluginCallError: Error, Sendable, Equatable {
    public struct Code: Hashable, Sendable {
        let name: String
        /// The plugin is quarantined, or its provider process is not running: `PROVIDER_UNAVAILABLE`.
        public static let providerUnavailable = Code(name: "PROVIDER_UNAVAILABLE")
        /// The plugin has no webhook function.
        public static let unsupported = Code(name: "UNSUPPORTED")
        /// The plugin's calls in flight, or this client's share of them, stayed taken until the call's deadline.
        public static let busy = Code(name: "PROVIDER_BUSY")
    }

    public let code: Code
    public let message: String
}
