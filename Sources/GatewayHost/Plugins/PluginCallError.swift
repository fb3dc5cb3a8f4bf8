/// Why the host did not make a plugin call at all.
public struct PluginCallError: Error, Sendable, Equatable {
    public struct Code: Hashable, Sendable {
        let name: String
        /// The plugin is quarantined after overrunning a deadline: `PROVIDER_UNAVAILABLE`.
        public static let providerUnavailable = Code(name: "PROVIDER_UNAVAILABLE")
        /// The plugin has no webhook function.
        public static let unsupported = Code(name: "UNSUPPORTED")
    }

    public let code: Code
    public let message: String
}
