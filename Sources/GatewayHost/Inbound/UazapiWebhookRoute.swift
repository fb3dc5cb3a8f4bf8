/// `POST /webhooks/uazapi`, the seed's path: uazapi posts every instance's deliveries there, each carrying its
/// instance `token` in the body. The integration is found through a blind index of that token, stored when the
/// integration is configured, never the token itself (decision 0024).
enum UazapiWebhookRoute {
    static let provider = "uazapi"
    /// The config field holding the instance token.
    static let tokenField = "api_token"
    /// The body field deliveries carry it in.
    static let bodyField = "token"
    static let indexPurpose = "webhook route uazapi"

    /// The route index an integration of `provider` with `config` is stored with (nil for other providers).
    static func index(of config: [String: JSONValue], provider: String, vault: Vault) -> String? {
        guard provider == Self.provider, let token = config[tokenField]?.stringValue else { return nil }
        return vault.blindIndex(token, purpose: indexPurpose).value
    }
}
