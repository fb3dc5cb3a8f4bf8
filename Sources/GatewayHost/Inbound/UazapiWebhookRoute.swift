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
}
