/// A provider written in Swift. Implement this, then export it from the plugin with one line:
///
///     @_cdecl("gw_provider_entry_v1") public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(MyProvider.self, host) }
///
/// Each instance is one configured account. ProviderKit validates the config against the manifest before
/// `init`, refuses ops the manifest does not list, and turns thrown ``ProviderError``s into status codes.
public protocol Provider: AnyObject, Sendable {
    static var manifest: ProviderManifest { get }
    /// Deliveries for the test harness; required when the manifest says `webhook: true`.
    static var webhookVectors: WebhookVectorSet? { get }

    /// Builds an instance from a validated config. No network I/O here.
    init(config: ProviderConfig) throws(ProviderError)

    /// Runs one op; the returned value is encoded as the output JSON.
    func invoke(_ call: ProviderCall) throws -> any Encodable

    /// Authenticates and parses one webhook delivery; throw `AUTH` for a forged one.
    func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult
}

extension Provider {
    public static var webhookVectors: WebhookVectorSet? { nil }

    public func webhook(_ request: WebhookRequest, context: CallContext) throws -> WebhookResult {
        throw ProviderError(.unsupported, "this provider takes no webhooks")
    }
}
