/// Why an integration could not be configured, found or used. Services and workers throw it; the HTTP edge maps each
/// code to the error envelope, and the delivery path decides retries on it. Messages never hold a secret.
package struct IntegrationError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable {
        let name: String

        /// The client has no integration of that type (or with that id).
        package static let notFound = Code(name: "not_found")
        /// The request is wrong; `field` names what.
        package static let invalid = Code(name: "invalid")
        /// The integration's provider is not loaded in this process.
        package static let providerNotLoaded = Code(name: "provider_not_loaded")
        /// The provider's plugin could not take the call: quarantined, restarting, or busy.
        package static let providerUnavailable = Code(name: "provider_unavailable")
        /// The plugin refused the config (`status` says how, `field` names the field it blames).
        package static let configRefused = Code(name: "config_refused")
        /// The stored credentials cannot be opened (a key that is not configured, a tampered value).
        package static let credentialsUnreadable = Code(name: "credentials_unreadable")
        /// The integration's settings forbid the request: a table not allowed (`field` is `table`), or a write to a
        /// read-only database (`field` is `operation`).
        package static let notAllowed = Code(name: "not_allowed")
        /// Another integration already takes the deliveries this config would route (the same instance token).
        package static let alreadyRouted = Code(name: "already_routed")
        /// A configure's connection test failed (`status` says how); nothing was kept.
        package static let testFailed = Code(name: "test_failed")
        /// The provider answered a call with a failure (`status` says which).
        package static let providerFailed = Code(name: "provider_failed")
    }

    package let code: Code
    package let message: String
    package var field: String?
    /// With `configRefused` and `providerFailed`: the plugin's status.
    package let status: ProviderStatus?

    package init(_ code: Code, _ message: String, field: String? = nil, status: ProviderStatus? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.status = status
    }

    package var description: String { message }
}
